// Sizes of MQTT 3.1.1 messages over TLS 1.2 over TCP, in bytes at the IP layer (TLS records +
// TCP/IP headers included).
//
// Sources (shared/reference/published-figures.md §4):
// - IETF draft "Comparison of CoAP Security Protocols"
//   (draft-ietf-lwig-security-protocol-comparison, continued under the same title as
//   draft-ietf-iotops-security-protocol-comparison; source in
//   github.com/lwig-wg/protocol-comparison). Called "the lwig draft" below.
// - MQTT 3.1.1 (OASIS) over TLS 1.2 over TCP: TLS full handshake with a server certificate
//   (170 + 1188 + 117 + 75 = 1550 B, lwig draft), CONNECT/CONNACK, PUBLISH QoS 1/PUBACK,
//   PINGREQ/PINGRESP, DISCONNECT. The TCP 3-way handshake and FIN exchange around them, and the
//   TCP/IP headers: ip.hpp.
//
// Direction: the device is always the TLS/MQTT client, so client→server is kUplink.
// Not modelled: retransmissions.
// Invalid arguments (negative sizes, a password without a user name, an MTU that does not
// exceed the TCP/IP headers) throw std::invalid_argument.
#pragma once

#include "models/protocols/ip.hpp"
#include "models/protocols/message.hpp"

namespace pb::models::protocols {

struct MqttConfig {
  int client_id_B = 23;
  int topic_B = 32;
  int keepalive_s = 0;   // informational; keep-alive traffic is scheduled by the caller
  IpVersion ip = IpVersion::kIPv4;
  // TLS 1.2 per-record overhead on application data: 5 B header + 8 B explicit nonce + tag:
  // 29 B with AES-128-GCM (16 B tag, the common broker suite); 21 B with AES-CCM_8 (lwig draft).
  int tls_record_overhead_B = 29;
  // The server's whole flight #2 (ServerHello, Certificate chain, ServerKeyExchange,
  // ServerHelloDone with their record headers): 1188 B in the lwig draft's example.
  int server_certificate_chain_B = 1188;
  bool mutual_tls = true;
  int client_certificate_chain_B = 1100;  // client certificate_list (DER + 3 B length prefixes)
  // Added fields:
  int username_B = 0;    // 0 = no User Name field in CONNECT
  int password_B = 0;    // 0 = no Password field in CONNECT
  bool tls_close_notify = true;  // a close_notify alert record precedes the TCP FIN
  int ip_mtu_B = 1500;   // segments carry at most MSS = MTU - TCP/IP headers of TCP payload
  bool operator==(const MqttConfig&) const = default;
};

MessageSequence TlsFullHandshake(const MqttConfig& c);
// TLS handshake bytes excluding TCP/IP headers (the lwig draft's 1550 B without mutual TLS).
int TlsFullHandshakeBytesOnly_B(const MqttConfig& c);
MessageSequence MqttConnect(const MqttConfig& c);
MessageSequence MqttPublishQos1(const MqttConfig& c, int payload_B);
MessageSequence MqttPing(const MqttConfig& c);
MessageSequence MqttDisconnect(const MqttConfig& c);
// MQTT Remaining Length field size (MQTT 3.1.1 §2.2.3): 1..4 B.
int MqttRemainingLengthSize_B(int remaining_length_B);

}  // namespace pb::models::protocols
