// Sizes of DTLS 1.2 and 1.3 records and handshakes, in bytes at the IP layer (IP + UDP headers
// included).
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
//
// Direction: the device is always the DTLS client, so client→server is kUplink.
// Not modelled (documented where it matters): DTLS handshake message fragmentation (as in the
// lwig draft: a flight is one datagram), retransmissions, the optional DTLS 1.3 ACK of the
// client's final flight (implicitly acknowledged by the server's first application record).
// Invalid arguments (negative sizes, a CID over 255 B) throw std::invalid_argument.
#pragma once

#include "models/protocols/ip.hpp"
#include "models/protocols/message.hpp"

namespace pb::models::protocols {

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

// Throws std::invalid_argument for a CID over 255 B, a PSK identity over 65535 B, a cookie over
// 255 B or a negative size. Every function below checks its DtlsConfig with it; protocols that
// carry a DtlsConfig (Lwm2mConfig) check theirs with it too.
void CheckDtlsConfig(const DtlsConfig& dtls);

// Per-record overhead: header (13 B, + CID length) + explicit nonce 8 B + AES-CCM_8 tag 8 B
// for DTLS 1.2 (29/30/31 B for CID 0/1/2 B); for DTLS 1.3 the unified header with CID is used
// (lwig draft values): 1 B flags + CID + 1 B sequence number + 1 B inner content type + 8 B tag
// = 11 B (+ CID length).
int DtlsRecordOverhead_B(const DtlsConfig& dtls);

// Handshakes as the sequence of flights on the wire, one Message per flight (records of one
// flight are summed; UDP/IP headers included once per flight datagram).
MessageSequence DtlsFullHandshake(const DtlsConfig& dtls, IpVersion ip);
MessageSequence DtlsResumedHandshake(const DtlsConfig& dtls, IpVersion ip);
// Handshake bytes excluding UDP/IP headers (to compare with published totals).
int DtlsFullHandshakeBytesOnly_B(const DtlsConfig& dtls);
int DtlsResumedHandshakeBytesOnly_B(const DtlsConfig& dtls);

// ---------------------------------------------------------------------------------------------
// Sizes that TLS 1.2 over TCP (tls_mqtt.cpp) shares with DTLS 1.2: RFC 5246 structures and the
// ECDSA signature, defined once, here.
// ---------------------------------------------------------------------------------------------
// digitally-signed: SignatureAndHashAlgorithm 2 + signature length 2 (RFC 5246 §4.7).
inline constexpr int kDigitallySignedHeader_B = 4;
// DER ECDSA-P256 signature: SEQUENCE of two INTEGERs, 70-72 B, 71 on average (the lwig draft's
// "average 75 bytes" includes the 4 B digitally-signed header).
inline constexpr int kEcdsaP256SignatureDer_B = 71;
// certificate_list / ASN.1_subjectPublicKeyInfo length.
inline constexpr int kOpaque24LengthField_B = 3;

}  // namespace pb::models::protocols
