// Sizes of MQTT 3.1.1 messages over TLS 1.2 over TCP; see tls_mqtt.hpp for the sources. Every
// size below is a named constant with the structure it comes from, so a reviewer can recount
// each handshake byte by byte.
#include "models/protocols/tls_mqtt.hpp"

#include <stdexcept>
#include <string>
#include <utility>

// kDigitallySignedHeader_B, kEcdsaP256SignatureDer_B and kOpaque24LengthField_B: the TLS 1.2
// structures that DTLS 1.2 counts too, defined once in dtls.hpp.
#include "models/protocols/dtls.hpp"

namespace pb::models::protocols {
namespace {

// ---------------------------------------------------------------------------------------------
// TLS 1.2 over TCP (lwig draft §"TLS 1.2 and DTLS 1.2", counting the example handshake of
// "The Illustrated TLS 1.2 Connection": server certificate only).
// ---------------------------------------------------------------------------------------------
constexpr int kTls12ClientHelloFlight_B = 170;
constexpr int kTls12ClientKeyExchangeFlight_B = 117;  // CKE + CCS + Finished
constexpr int kTls12ServerFinishedFlight_B = 75;      // (NewSessionTicket) + CCS + Finished
constexpr int kTls12RecordHeader_B = 5;     // type 1 + version 2 + length 2 (RFC 5246 §6.2.1)
constexpr int kTls12HandshakeHeader_B = 4;  // msg_type 1 + length 3 (RFC 5246 §7.4)
// CertificateRequest as a broker (OpenSSL) sends it: certificate_types length 1 + rsa_sign and
// ecdsa_sign 2, supported_signature_algorithms length 2 + 8 pairs 16, empty
// certificate_authorities 2 (RFC 5246 §7.4.4).
constexpr int kTls12CertificateRequestBody_B = 1 + 2 + 2 + 16 + 2;
// Client CertificateVerify with an ECDSA P-256 device key (secure elements such as the
// ATECC608 hold P-256 keys): digitally-signed header 4 + DER signature 71.
constexpr int kTls12ClientCertificateVerifyBody_B =
    kDigitallySignedHeader_B + kEcdsaP256SignatureDer_B;
constexpr int kTlsAlertBody_B = 2;        // level 1 + description 1 (RFC 5246 §7.2)
constexpr int kTlsMaxPlaintextRecord_B = 16384;  // 2^14 (RFC 5246 §6.2.1)

// ---------------------------------------------------------------------------------------------
// MQTT 3.1.1 (OASIS, 2014)
// ---------------------------------------------------------------------------------------------
constexpr int kMqttFixedHeaderByte1_B = 1;  // packet type + flags (§2.2)
// CONNECT variable header: protocol name 2 + "MQTT" 4 + level 1 + flags 1 + keep alive 2
// (§3.1.2).
constexpr int kMqttConnectVariableHeader_B = 10;
constexpr int kMqttStringLengthField_B = 2;  // UTF-8 string / binary length prefix (§1.5.3)
constexpr int kMqttPacketIdentifier_B = 2;   // §2.3.1
constexpr int kMqttConnack_B = 4;            // §3.2
constexpr int kMqttPuback_B = 4;             // §3.4
constexpr int kMqttPingreq_B = 2;            // §3.12
constexpr int kMqttPingresp_B = 2;           // §3.13
constexpr int kMqttDisconnect_B = 2;         // §3.14

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
// --- TCP / TLS / MQTT ---

void Validate(const MqttConfig& c) {
  RequireNonNegative(c.client_id_B, "MqttConfig.client_id_B");
  RequireNonNegative(c.topic_B, "MqttConfig.topic_B");
  RequireNonNegative(c.tls_record_overhead_B, "MqttConfig.tls_record_overhead_B");
  RequireNonNegative(c.server_certificate_chain_B, "MqttConfig.server_certificate_chain_B");
  RequireNonNegative(c.client_certificate_chain_B, "MqttConfig.client_certificate_chain_B");
  RequireNonNegative(c.username_B, "MqttConfig.username_B");
  RequireNonNegative(c.password_B, "MqttConfig.password_B");
  // MQTT 3.1.1 §3.1.2.9: no Password without a User Name.
  if (c.password_B > 0 && c.username_B == 0)
    throw std::invalid_argument("MqttConfig.password_B needs a username (MQTT 3.1.1 §3.1.2.9)");
  if (c.ip_mtu_B <= TcpIpOverhead_B(c.ip))
    throw std::invalid_argument("MqttConfig.ip_mtu_B must exceed the TCP/IP headers");
}

int TcpSegments(int payload_B, const MqttConfig& c) {
  const int mss_B = c.ip_mtu_B - TcpIpOverhead_B(c.ip);
  return payload_B <= 0 ? 1 : (payload_B + mss_B - 1) / mss_B;
}

// One TCP send of payload_B bytes as one Message (TCP/IP headers once per MSS-sized segment).
// For a send of several segments the receiver acknowledges every second segment with a pure
// ACK (RFC 5681 §4.2); the ACK of the final one or two segments rides on the receiver's answer
// (or is added by the caller where there is none).
void AppendTcpSend(MessageSequence& out, Direction direction, int payload_B, const MqttConfig& c,
                   std::string what) {
  const int segments = TcpSegments(payload_B, c);
  out.push_back(Message{direction, payload_B + segments * TcpIpOverhead_B(c.ip), std::move(what)});
  const Direction back =
      direction == Direction::kUplink ? Direction::kDownlink : Direction::kUplink;
  for (int i = 0; i < (segments - 1) / 2; ++i)
    out.push_back(Message{back, TcpIpOverhead_B(c.ip), "TCP ACK"});
}

// Application bytes in TLS records: one record per 2^14 B of plaintext, at least one.
int InTlsRecords_B(int plaintext_B, const MqttConfig& c) {
  const int records = plaintext_B <= 0 ? 1
                                       : (plaintext_B + kTlsMaxPlaintextRecord_B - 1) /
                                             kTlsMaxPlaintextRecord_B;
  return plaintext_B + records * c.tls_record_overhead_B;
}

int MqttPacket_B(int remaining_length_B) {
  return kMqttFixedHeaderByte1_B + MqttRemainingLengthSize_B(remaining_length_B) +
         remaining_length_B;
}

struct TlsFlightSizes {
  int client_hello_B;
  int server_B;
  int client_finish_B;
  int server_finish_B;
};

TlsFlightSizes TlsFlights(const MqttConfig& c) {
  Validate(c);
  TlsFlightSizes s{kTls12ClientHelloFlight_B, c.server_certificate_chain_B,
                   kTls12ClientKeyExchangeFlight_B, kTls12ServerFinishedFlight_B};
  if (c.mutual_tls) {
    // Each added handshake message in its own record, as in the lwig draft's example.
    s.server_B += kTls12RecordHeader_B + kTls12HandshakeHeader_B + kTls12CertificateRequestBody_B;
    s.client_finish_B += kTls12RecordHeader_B + kTls12HandshakeHeader_B +
                         kOpaque24LengthField_B + c.client_certificate_chain_B;
    s.client_finish_B +=
        kTls12RecordHeader_B + kTls12HandshakeHeader_B + kTls12ClientCertificateVerifyBody_B;
  }
  return s;
}

}  // namespace

// =============================================================================================
// Public functions
// =============================================================================================

MessageSequence TlsFullHandshake(const MqttConfig& c) {
  // Each flight's segments are acknowledged by the next flight in the other direction; the
  // last server flight by the CONNECT that follows at once.
  const TlsFlightSizes s = TlsFlights(c);
  MessageSequence out;
  AppendTcpSend(out, Direction::kUplink, s.client_hello_B, c, "TLS ClientHello");
  AppendTcpSend(out, Direction::kDownlink, s.server_B, c, "TLS ServerHello..ServerHelloDone");
  AppendTcpSend(out, Direction::kUplink, s.client_finish_B, c,
                c.mutual_tls ? "TLS Certificate..Finished" : "TLS ClientKeyExchange..Finished");
  AppendTcpSend(out, Direction::kDownlink, s.server_finish_B, c, "TLS CCS+Finished");
  return out;
}

int TlsFullHandshakeBytesOnly_B(const MqttConfig& c) {
  const TlsFlightSizes s = TlsFlights(c);
  return s.client_hello_B + s.server_B + s.client_finish_B + s.server_finish_B;
}

MessageSequence MqttConnect(const MqttConfig& c) {
  Validate(c);
  int remaining_B = kMqttConnectVariableHeader_B + kMqttStringLengthField_B + c.client_id_B;
  if (c.username_B > 0) remaining_B += kMqttStringLengthField_B + c.username_B;
  if (c.password_B > 0) remaining_B += kMqttStringLengthField_B + c.password_B;
  // CONNACK's segment is acknowledged by the PUBLISH the device sends right after connecting
  // (it connected because it has data), so no pure ACK is counted here.
  MessageSequence out;
  AppendTcpSend(out, Direction::kUplink, InTlsRecords_B(MqttPacket_B(remaining_B), c), c,
                "MQTT CONNECT");
  AppendTcpSend(out, Direction::kDownlink, InTlsRecords_B(kMqttConnack_B, c), c, "MQTT CONNACK");
  return out;
}

MessageSequence MqttPublishQos1(const MqttConfig& c, int payload_B) {
  Validate(c);
  RequireNonNegative(payload_B, "PUBLISH payload_B");
  const int remaining_B =
      kMqttStringLengthField_B + c.topic_B + kMqttPacketIdentifier_B + payload_B;
  MessageSequence out;
  AppendTcpSend(out, Direction::kUplink, InTlsRecords_B(MqttPacket_B(remaining_B), c), c,
                "MQTT PUBLISH QoS1");
  AppendTcpSend(out, Direction::kDownlink, InTlsRecords_B(kMqttPuback_B, c), c, "MQTT PUBACK");
  // Nothing follows the PUBACK at once, so the device's delayed ACK (RFC 1122 §4.2.3.2,
  // <= 500 ms) fires as a pure ACK before the connection goes idle.
  out.push_back(Message{Direction::kUplink, TcpIpOverhead_B(c.ip), "TCP ACK"});
  return out;
}

MessageSequence MqttPing(const MqttConfig& c) {
  Validate(c);
  MessageSequence out;
  AppendTcpSend(out, Direction::kUplink, InTlsRecords_B(kMqttPingreq_B, c), c, "MQTT PINGREQ");
  AppendTcpSend(out, Direction::kDownlink, InTlsRecords_B(kMqttPingresp_B, c), c,
                "MQTT PINGRESP");
  // As after PUBACK: nothing to piggyback on, the delayed ACK goes out alone.
  out.push_back(Message{Direction::kUplink, TcpIpOverhead_B(c.ip), "TCP ACK"});
  return out;
}

MessageSequence MqttDisconnect(const MqttConfig& c) {
  Validate(c);
  // DISCONNECT and (optionally) the TLS close_notify alert leave together in one segment; the
  // broker's FIN-ACK in TcpClose acknowledges them.
  int payload_B = InTlsRecords_B(kMqttDisconnect_B, c);
  if (c.tls_close_notify) payload_B += InTlsRecords_B(kTlsAlertBody_B, c);
  MessageSequence out;
  AppendTcpSend(out, Direction::kUplink, payload_B, c,
                c.tls_close_notify ? "MQTT DISCONNECT+TLS close_notify" : "MQTT DISCONNECT");
  return out;
}

int MqttRemainingLengthSize_B(int remaining_length_B) {
  // MQTT 3.1.1 §2.2.3: 7 bits per byte, at most 4 bytes (268,435,455).
  if (remaining_length_B < 0 || remaining_length_B > 268'435'455)
    throw std::invalid_argument("MQTT remaining length must be 0..268435455");
  if (remaining_length_B < 128) return 1;
  if (remaining_length_B < 16'384) return 2;
  if (remaining_length_B < 2'097'152) return 3;
  return 4;
}

}  // namespace pb::models::protocols
