// Tests of MQTT 3.1.1 over TLS 1.2 over TCP message sizes against published figures
// (shared/reference/published-figures.md §4; "lwig draft" = "Comparison of CoAP Security
// Protocols", draft-ietf-lwig-security-protocol-comparison, continued as
// draft-ietf-iotops-security-protocol-comparison) and against hand counts of the MQTT 3.1.1
// and RFC 5246 structures.
#include "models/protocols/ip.hpp"
#include "models/protocols/tls_mqtt.hpp"
#include "models/message_sizes.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace pb::models::protocols {
namespace {

using test::Sizes;
using test::SizesMinus;
using test::SumOf;

constexpr int kTcpIpv4_B = 40;  // 20 + 20

// ---------------------------------------------------------------------------------------------
// MQTT over TLS over TCP
// ---------------------------------------------------------------------------------------------

MqttConfig ServerCertOnly() {
  MqttConfig c;
  c.mutual_tls = false;
  return c;
}

TEST(Tls12Handshake, ReproducesLwigDraftExample) {
  // lwig draft §"TLS 1.2 and DTLS 1.2": 170 + 1188 + 117 + 75 = 1550 B, server cert only.
  const MqttConfig c = ServerCertOnly();
  EXPECT_EQ(TlsFullHandshakeBytesOnly_B(c), 1550);
  const MessageSequence m = TlsFullHandshake(c);
  EXPECT_EQ(SizesMinus(m, kTcpIpv4_B), (std::vector<int>{170, 1188, 117, 75}));
  EXPECT_EQ(m[0].direction, Direction::kUplink);
  EXPECT_EQ(m[1].direction, Direction::kDownlink);
}

TEST(Tls12Handshake, MutualAddsClientCertificateAndVerify) {
  // CertificateRequest record 5 + 4 + 23 = 32 in flight 2; client Certificate record
  // 5 + 4 + 3 + chain and CertificateVerify record 5 + 4 + 4 + 71 = 84 in flight 3.
  MqttConfig c;
  c.client_certificate_chain_B = 1000;
  EXPECT_EQ(SizesMinus(TlsFullHandshake(c), kTcpIpv4_B),
            (std::vector<int>{170, 1188 + 32, 117 + 1012 + 84, 75}));
  EXPECT_GT(TlsFullHandshakeBytesOnly_B(c), TlsFullHandshakeBytesOnly_B(ServerCertOnly()));
}

TEST(Tls12Handshake, SmallMtuSplitsFlightsIntoSegments) {
  // MSS = 576 - 40 = 536 B: the 1188 B server flight takes 3 segments (3 TCP/IP headers) and
  // the device acknowledges the first two with a pure ACK (RFC 5681 §4.2).
  MqttConfig c = ServerCertOnly();
  c.ip_mtu_B = 576;
  const MessageSequence m = TlsFullHandshake(c);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[1].size_B, 1188 + 3 * kTcpIpv4_B);
  EXPECT_EQ(m[2].direction, Direction::kUplink);
  EXPECT_EQ(m[2].size_B, kTcpIpv4_B);
  EXPECT_EQ(m[2].what, "TCP ACK");
}

TEST(Mqtt, ConnectAndConnack) {
  // CONNECT: 1 + remaining length 1 + variable header 10 + client id (2 + 23) = 37 B;
  // CONNACK 4 B; each in one TLS record (+29) and one TCP/IPv4 segment (+40).
  const MqttConfig c;
  EXPECT_EQ(Sizes(MqttConnect(c)), (std::vector<int>{37 + 29 + 40, 4 + 29 + 40}));
  MqttConfig login = c;
  login.username_B = 10;
  login.password_B = 20;
  EXPECT_EQ(MqttConnect(login)[0].size_B, MqttConnect(c)[0].size_B + 12 + 22);
  MqttConfig bad = c;
  bad.password_B = 5;  // MQTT 3.1.1 §3.1.2.9: password needs a user name
  EXPECT_THROW(MqttConnect(bad), std::invalid_argument);
}

TEST(Mqtt, PublishQos1) {
  // PUBLISH: 1 + remaining length + (2 + topic 32 + packet id 2 + payload); PUBACK 4; then
  // the device's pure ACK for PUBACK (40).
  const MqttConfig c;
  EXPECT_EQ(Sizes(MqttPublishQos1(c, 50)),
            (std::vector<int>{1 + 1 + 86 + 29 + 40, 4 + 29 + 40, 40}));
  // 92 B of payload makes the remaining length 128: a 2 B Remaining Length field.
  EXPECT_EQ(MqttPublishQos1(c, 92)[0].size_B, 1 + 2 + 128 + 29 + 40);
  const MessageSequence m = MqttPublishQos1(c, 50);
  EXPECT_EQ(m[2].direction, Direction::kUplink);
  EXPECT_EQ(TotalBytes(m, Direction::kUplink), m[0].size_B + 40);
}

TEST(Mqtt, PingAndDisconnect) {
  const MqttConfig c;
  EXPECT_EQ(Sizes(MqttPing(c)), (std::vector<int>{2 + 29 + 40, 2 + 29 + 40, 40}));
  // DISCONNECT record and close_notify alert record in one segment.
  EXPECT_EQ(Sizes(MqttDisconnect(c)), (std::vector<int>{2 + 29 + 2 + 29 + 40}));
  MqttConfig no_alert = c;
  no_alert.tls_close_notify = false;
  EXPECT_EQ(Sizes(MqttDisconnect(no_alert)), (std::vector<int>{2 + 29 + 40}));
}

TEST(Mqtt, RecordOverheadAppliesPerRecord) {
  MqttConfig c;
  c.tls_record_overhead_B = 21;  // AES-CCM_8 (lwig draft: TLS 1.2 21 B)
  EXPECT_EQ(MqttPing(c)[0].size_B, 2 + 21 + 40);
}

TEST(Mqtt, Ipv6Adds20BytesPerSegment) {
  MqttConfig v4;
  MqttConfig v6;
  v6.ip = IpVersion::kIPv6;
  const std::vector<std::pair<MessageSequence, MessageSequence>> pairs = {
      {TlsFullHandshake(v4), TlsFullHandshake(v6)}, {MqttConnect(v4), MqttConnect(v6)},
      {MqttPublishQos1(v4, 10), MqttPublishQos1(v6, 10)}, {MqttPing(v4), MqttPing(v6)},
      {MqttDisconnect(v4), MqttDisconnect(v6)}};
  for (const auto& [a, b] : pairs) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(b[i].size_B - a[i].size_B, 20);
  }
  EXPECT_EQ(TcpIpOverhead_B(IpVersion::kIPv6) - TcpIpOverhead_B(IpVersion::kIPv4), 20);
}

TEST(Mqtt, RemainingLengthField) {
  // MQTT 3.1.1 §2.2.3 boundaries.
  EXPECT_EQ(MqttRemainingLengthSize_B(0), 1);
  EXPECT_EQ(MqttRemainingLengthSize_B(127), 1);
  EXPECT_EQ(MqttRemainingLengthSize_B(128), 2);
  EXPECT_EQ(MqttRemainingLengthSize_B(16383), 2);
  EXPECT_EQ(MqttRemainingLengthSize_B(16384), 3);
  EXPECT_EQ(MqttRemainingLengthSize_B(2097151), 3);
  EXPECT_EQ(MqttRemainingLengthSize_B(2097152), 4);
  EXPECT_THROW(MqttRemainingLengthSize_B(268435456), std::invalid_argument);
}

TEST(Mqtt, WholeSessionTotals) {
  // A complete publish session: TCP + TLS + CONNECT + PUBLISH + DISCONNECT + FIN; the
  // directional totals add up to the sum of all message sizes.
  const MqttConfig c;
  MessageSequence session;
  for (const MessageSequence& part :
       {TcpConnect(c.ip), TlsFullHandshake(c), MqttConnect(c), MqttPublishQos1(c, 64),
        MqttDisconnect(c), TcpClose(c.ip)})
    session.insert(session.end(), part.begin(), part.end());
  EXPECT_EQ(TotalBytes(session, Direction::kUplink) + TotalBytes(session, Direction::kDownlink),
            SumOf(session));
  EXPECT_GT(TotalBytes(session, Direction::kUplink), TotalBytes(session, Direction::kDownlink));
}

}  // namespace
}  // namespace pb::models::protocols
