// Sizes of the application and security protocol messages a device exchanges, in bytes at the
// IP layer (IP + UDP/TCP headers included).
//
// Sources (shared/reference/published-figures.md §4):
// - DTLS 1.2 record header 13 B; AES-CCM_8 adds an 8 B explicit nonce and an 8 B tag: 29 B per
//   record; RFC 9146 Connection ID adds its length (30 B with a 1-byte CID). IETF draft
//   "Comparison of CoAP Security Protocols" (draft-ietf-lwig-security-protocol-comparison,
//   continued under the same title as draft-ietf-iotops-security-protocol-comparison; source in
//   github.com/lwig-wg/protocol-comparison). Called "the lwig draft" below.
// - DTLS 1.2 handshake (RFC 6347): full handshake with HelloVerifyRequest cookie exchange is
//   6 flights / 3 round trips; without cookie 4 flights / 2 round trips; abbreviated (resumed)
//   handshake 3 flights. Message sizes per RFC 5246/6347 structures; PSK (RFC 4279), raw public
//   key (RFC 7250) and X.509 certificate chains differ in Certificate/KeyExchange messages.
//   The minimal PSK handshake (one CCM_8 suite, 16 B identity, no extensions, no session ID)
//   is 319 B without and 478 B with a 32 B cookie.
// - DTLS 1.3 handshake totals from the lwig draft (CCM_8, secp256r1, ECDSA, 1-byte key
//   identifiers): PSK 331 B (345 B with 1-byte CID), PSK+ECDHE 487/501 B, RPK+ECDHE (mutual)
//   880/894 B. DTLS 1.3 record overhead 11 B (+ CID length): unified header without length field.
// - CoAP (RFC 7252): 4 B header + token + options + 0xFF marker + payload; block-wise transfer
//   (RFC 7959) with block size 2^(SZX+4) = 16..1024 B.
// - LwM2M (OMA-TS-LightweightM2M-Core 1.1): Register, Update, Notify, Send, empty ACK.
// - MQTT 3.1.1 (OASIS) over TLS 1.2 over TCP: TCP 3-way handshake, TLS full handshake with a
//   server certificate (170 + 1188 + 117 + 75 = 1550 B, lwig draft), CONNECT/CONNACK,
//   PUBLISH QoS 1/PUBACK, PINGREQ/PINGRESP, DISCONNECT, TCP FIN exchange.
// - IPv4 + UDP headers 28 B; IPv6 + UDP 48 B; IPv4 + TCP 40 B (no options); IPv6 + TCP 60 B.
//
// Direction: the device is always the (D)TLS/CoAP/MQTT client, so client→server is kUplink.
// Not modelled (documented where it matters): DTLS handshake message fragmentation (as in the
// lwig draft: a flight is one datagram), retransmissions, the optional DTLS 1.3 ACK of the
// client's final flight (implicitly acknowledged by the server's first application record).
// Invalid arguments (negative sizes, a block size that is not 16..1024, a CID over 255 B)
// throw std::invalid_argument.
#pragma once

#include "models/protocols/message.hpp"

namespace pb::models::protocols {

enum class IpVersion { kIPv4, kIPv6 };
enum class DtlsVersion { k1_2, k1_3 };
enum class DtlsCredential { kPsk, kRawPublicKey, kX509 };

struct DtlsConfig {
  DtlsVersion version = DtlsVersion::k1_2;
  DtlsCredential credential = DtlsCredential::kPsk;
  bool cookie_exchange = true;        // HelloVerifyRequest (DTLS 1.2) / HRR cookie (1.3)
  int connection_id_B = 0;            // 0 = no Connection ID (RFC 9146); same length both ways
  int psk_identity_B = 16;            // the lwig draft's DTLS 1.3 figures assume 1 B
  // X.509 certificate_list the server sends (and the client, if mutual): the DER certificates
  // with their 3 B length prefixes.
  int certificate_chain_B = 1100;
  bool mutual_certificate = false;    // client also sends a certificate (X.509/RPK)
  // Added fields (defaults reproduce the published minimal handshakes):
  int cookie_B = 32;                  // stateless cookie (RFC 6347 §4.2.1: up to 255 B)
  // PSK credential only: add an ECDHE (secp256r1) key exchange for forward secrecy —
  // ECDHE_PSK (RFC 5489, CCM_8 suite RFC 8442) in DTLS 1.2, psk_dhe_ke in DTLS 1.3.
  bool psk_with_ecdhe = false;
  // The full handshake makes the session resumable: a DTLS 1.2 server issues a 32 B session ID
  // in its ServerHello; a DTLS 1.3 server sends a NewSessionTicket after the handshake.
  // DtlsResumedHandshake assumes this was done. false = the published minimal handshakes.
  bool resumable = false;
  bool operator==(const DtlsConfig&) const = default;
};

// Per-record overhead: header (13 B, + CID length) + explicit nonce 8 B + AES-CCM_8 tag 8 B
// for DTLS 1.2 (29/30/31 B for CID 0/1/2 B); for DTLS 1.3 the unified header with CID is used
// (lwig draft values): 1 B flags + CID + 1 B sequence number + 1 B inner content type + 8 B tag
// = 11 B (+ CID length).
int DtlsRecordOverhead_B(const DtlsConfig& dtls);

int UdpIpOverhead_B(IpVersion ip);
int TcpIpOverhead_B(IpVersion ip);

// Handshakes as the sequence of flights on the wire, one Message per flight (records of one
// flight are summed; UDP/IP headers included once per flight datagram).
MessageSequence DtlsFullHandshake(const DtlsConfig& dtls, IpVersion ip);
MessageSequence DtlsResumedHandshake(const DtlsConfig& dtls, IpVersion ip);
// Handshake bytes excluding UDP/IP headers (to compare with published totals).
int DtlsFullHandshakeBytesOnly_B(const DtlsConfig& dtls);
int DtlsResumedHandshakeBytesOnly_B(const DtlsConfig& dtls);

// CoAP message size without transport: header 4 B + token + options + payload marker + payload.
// The payload marker is present only when payload_B > 0 (RFC 7252 §3).
struct CoapMessage {
  int token_B = 8;
  int options_B = 0;
  int payload_B = 0;
};
int CoapSize_B(const CoapMessage& m);
// One encoded option (RFC 7252 §3.1): 1 B delta/length + 0/1/2 B extended delta + 0/1/2 B
// extended length + value. option_delta = this option number minus the previous one.
int CoapOptionSize_B(int option_delta, int value_B);
// Length of a CoAP uint option value: minimal big-endian bytes, 0 for the value 0 (§3.2).
int CoapUintLength_B(long long value);

struct Lwm2mConfig {
  int endpoint_name_B = 15;         // e.g. an IMEI (15 digits)
  // CoRE link format payload of the Register: five object-instance links with a few attributes
  // (</1/0>,</3/0>,</4/0>,</5/0>,</3303/0> alone is 37 B; a ;ver= or ;ct= attribute adds 7-8 B).
  // 44 B makes the defaults give the published ≈106 B Register (published-figures §4).
  int object_links_B = 44;
  int token_B = 8;
  bool queue_mode = true;           // b=UQ instead of b=U in the Register query
  DtlsConfig dtls{};
  IpVersion ip = IpVersion::kIPv4;
  // Added fields:
  bool dtls_enabled = true;         // false = LwM2M NoSec (plain CoAP over UDP)
  int register_lifetime_s = 86400;  // value of lt= in the Register (only its digits count here)
  // Registration ID the server returns in Location-Path (/rd/<id>); 4 B reproduces the
  // published 20 B Update (published-figures §4). Leshan uses 10 B IDs.
  int location_id_B = 4;
  bool operator==(const Lwm2mConfig&) const = default;
};

// Each returns the request and its response as IP-layer messages (DTLS record overhead
// included). Notify/Send carry payload_B of application data (e.g. SenML CBOR).
MessageSequence Lwm2mRegister(const Lwm2mConfig& c);
MessageSequence Lwm2mUpdate(const Lwm2mConfig& c);
MessageSequence Lwm2mNotifyConfirmable(const Lwm2mConfig& c, int payload_B);
MessageSequence Lwm2mNotifyNonConfirmable(const Lwm2mConfig& c, int payload_B);
// One block of a block-wise GET (RFC 7959 Block2): request up, block_B of payload down.
// The two-argument form assumes a 2 B Block2 value (block numbers 16..4095, i.e. most blocks of
// an image of 8 KiB..2 MiB at 512 B blocks); the three-argument form encodes block_number.
MessageSequence CoapBlockGet(const Lwm2mConfig& c, int block_B);
MessageSequence CoapBlockGet(const Lwm2mConfig& c, int block_B, int block_number);
int CoapBlockCount(int image_B, int block_B);
bool IsValidCoapBlockSize(int block_B);  // 16, 32, ..., 1024

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

MessageSequence TcpConnect(IpVersion ip);
MessageSequence TcpClose(IpVersion ip);
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
