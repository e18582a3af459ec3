// Message sizes of DTLS 1.2/1.3, CoAP/LwM2M and MQTT over TLS over TCP; see protocol_sizes.hpp
// for the sources. Every size below is a named constant with the structure it comes from, so a
// reviewer can recount each handshake byte by byte.
#include "models/protocols/protocol_sizes.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pb::models::protocols {
namespace {

// ---------------------------------------------------------------------------------------------
// IP and transport headers
// ---------------------------------------------------------------------------------------------
constexpr int kIpv4Header_B = 20;  // RFC 791 §3.1, no options
constexpr int kIpv6Header_B = 40;  // RFC 8200 §3, no extension headers
constexpr int kUdpHeader_B = 8;    // RFC 768
constexpr int kTcpHeader_B = 20;   // RFC 9293 §3.1, no options
// SYN segments carry the MSS option (RFC 9293 §3.7.1: kind 2, length 4). Embedded stacks
// (lwIP, modem-internal stacks) send only MSS; a desktop Linux SYN also carries SACK-permitted,
// window scale and timestamps (20 B of options), which we do not assume for an IoT device.
constexpr int kTcpMssOption_B = 4;

// ---------------------------------------------------------------------------------------------
// DTLS 1.2 (RFC 6347, RFC 5246 structures; CCM_8 per RFC 6655/7925)
// ---------------------------------------------------------------------------------------------
// Record header: type 1 + version 2 + epoch 2 + sequence_number 6 + length 2 (RFC 6347 §4.1).
constexpr int kDtls12RecordHeader_B = 13;
// AES-CCM explicit nonce (RFC 6655 §3; RFC 7925 §3.3 uses the record sequence number).
constexpr int kCcmExplicitNonce_B = 8;
// AES_128_CCM_8 authentication tag (RFC 6655 §3).
constexpr int kCcm8Tag_B = 8;
// Handshake header: msg_type 1 + length 3 + message_seq 2 + fragment_offset 3 +
// fragment_length 3 (RFC 6347 §4.2.2).
constexpr int kDtls12HandshakeHeader_B = 12;
// ChangeCipherSpec is one byte of content (RFC 5246 §7.1) in its own plaintext record.
constexpr int kChangeCipherSpecBody_B = 1;
// Finished.verify_data (RFC 5246 §7.4.9: verify_data_length 12 for all TLS 1.2 suites).
constexpr int kFinishedVerifyData12_B = 12;

// ClientHello / ServerHello fields (RFC 5246 §7.4.1.2-3, RFC 6347 §4.2.1).
constexpr int kProtocolVersion_B = 2;      // client_version / server_version
constexpr int kRandom_B = 32;              // gmt_unix_time 4 + random_bytes 28
constexpr int kSessionIdLengthField_B = 1;  // SessionID <0..32>
constexpr int kCookieLengthField_B = 1;    // cookie <0..2^8-1> (DTLS only)
constexpr int kCipherSuitesLengthField_B = 2;
constexpr int kCipherSuite_B = 2;          // one suite offered, e.g. TLS_PSK_WITH_AES_128_CCM_8
constexpr int kCompressionMethodsNull_B = 2;  // length 1 + null 1
constexpr int kCompressionMethod_B = 1;    // ServerHello: the selected method
constexpr int kExtensionsLengthField_B = 2;  // omitted entirely when there are no extensions
// A server that allows resumption issues a session ID; RFC 5246 §7.4.1.2 allows up to 32 B and
// servers (OpenSSL, mbedTLS, Californium, tinydtls) use 32.
constexpr int kSessionId_B = 32;

// Extensions (type 2 + length 2 + data).
constexpr int kExtensionHeader_B = 4;
// supported_groups (elliptic_curves) with secp256r1: header + list length 2 + 1 group 2
// (RFC 8422 §5.1.1).
constexpr int kSupportedGroupsExt_B = kExtensionHeader_B + 2 + 2;
// ec_point_formats with uncompressed only: header + length 1 + format 1 (RFC 8422 §5.1.2);
// the server echoes it in ServerHello.
constexpr int kEcPointFormatsExt_B = kExtensionHeader_B + 1 + 1;
// signature_algorithms with ecdsa_secp256r1_sha256: header + length 2 + 1 pair 2
// (RFC 5246 §7.4.1.4.1), needed for the ECDSA-signed key exchange.
constexpr int kSignatureAlgorithmsExt_B = kExtensionHeader_B + 2 + 2;
// client_/server_certificate_type with RawPublicKey: ClientHello lists (length 1 + 1 type),
// ServerHello selects one type (RFC 7250 §3).
constexpr int kCertTypeExtClientHello_B = kExtensionHeader_B + 1 + 1;
constexpr int kCertTypeExtServerHello_B = kExtensionHeader_B + 1;
// connection_id: header + cid length 1 + cid (RFC 9146 §3), in ClientHello and ServerHello.
constexpr int kConnectionIdExtFixed_B = kExtensionHeader_B + 1;

// ECDHE with secp256r1 and ECDSA (RFC 8422 §5.4, §5.7).
constexpr int kEcParametersNamedCurve_B = 3;  // curve_type 1 + NamedCurve 2
constexpr int kEcPointLengthField_B = 1;      // ECPoint point <1..2^8-1>
constexpr int kEcPointUncompressedP256_B = 65;  // 0x04 + X 32 + Y 32 (SEC 1 §2.3.3)
// digitally-signed: SignatureAndHashAlgorithm 2 + signature length 2 (RFC 5246 §4.7).
constexpr int kDigitallySignedHeader_B = 4;
// DER ECDSA-P256 signature: SEQUENCE of two INTEGERs, 70-72 B, 71 on average (the lwig draft's
// "average 75 bytes" includes the 4 B digitally-signed header).
constexpr int kEcdsaP256SignatureDer_B = 71;
// Raw public key: uncompressed secp256r1 SubjectPublicKeyInfo (lwig draft §"Raw Public Keys").
constexpr int kRpkSubjectPublicKeyInfo_B = 91;
constexpr int kOpaque24LengthField_B = 3;  // certificate_list / ASN.1_subjectPublicKeyInfo length
constexpr int kPskIdentityLengthField_B = 2;  // RFC 4279 §2: psk_identity <0..2^16-1>
constexpr int kPskIdentityHintLengthField_B = 2;  // RFC 5489 §2: empty identity hint
// CertificateRequest (RFC 5246 §7.4.4): certificate_types length 1 + ecdsa_sign 1,
// supported_signature_algorithms length 2 + one pair 2, certificate_authorities length 2 (empty).
constexpr int kDtls12CertificateRequestBody_B = 1 + 1 + 2 + 2 + 2;
// HelloVerifyRequest (RFC 6347 §4.2.1): server_version 2 + cookie length 1 + cookie.
constexpr int kHelloVerifyRequestFixed_B = kProtocolVersion_B + kCookieLengthField_B;

// ---------------------------------------------------------------------------------------------
// DTLS 1.3 (RFC 9147): flight sizes from the lwig draft (CCM_8, secp256r1, ECDSA, 1 B key
// identifiers, only mandatory extensions, one record per epoch, no HelloRetryRequest).
// Without Connection ID: §"Summary" Figure "fig-compare2"; with a 1 B Connection ID: Figure
// "fig-compare1" = these + 6/7/1 B (§"DTLS Without Connection ID"). RPK rows authenticate both
// sides (CertificateRequest in flight #2, client Certificate/CertificateVerify in flight #3).
// ---------------------------------------------------------------------------------------------
constexpr int kDtls13PskFlight1_B = 130;
constexpr int kDtls13PskFlight2_B = 146;
constexpr int kDtls13PskFlight3_B = 55;
constexpr int kDtls13PskEcdheFlight1_B = 213;
constexpr int kDtls13PskEcdheFlight2_B = 219;
constexpr int kDtls13PskEcdheFlight3_B = 55;
constexpr int kDtls13RpkEcdheFlight1_B = 179;
constexpr int kDtls13RpkEcdheFlight2_B = 447;
constexpr int kDtls13RpkEcdheFlight3_B = 254;
// The draft's pre_shared_key extension carries a 1 B identity ("The length of key identifiers
// are 1 byte"); a longer identity adds its extra bytes to flight #1.
constexpr int kDtls13DraftPskIdentity_B = 1;
// Components of the RPK flights (lwig draft §"Message Sizes RPK + ECDHE"), used to derive the
// server-only and X.509 variants that the draft does not tabulate.
constexpr int kDtls13CertTypeExt_B = 6;        // each cert-type extension, in CH and in EE
constexpr int kDtls13CertTypeExtsInDraft = 2;  // client_ and server_certificate_type
constexpr int kDtls13CertificateRequest_B = 23;  // 12 + context 1 + ext length 2 + sig_algs 8
constexpr int kDtls13CertificateVerify_B = 87;   // 12 + 4 + 71 average DER signature
// Certificate: handshake header 12 + request context 1 + certificate_list length 3 + one
// CertificateEntry (3 B length + data + 2 B extensions). With the 91 B RPK this is 112 B.
constexpr int kDtls13HandshakeHeader_B = 12;
constexpr int kDtls13CertificateFixed_B = kDtls13HandshakeHeader_B + 1 + 3 + 2;
constexpr int kDtls13RpkCertificateList_B = kOpaque24LengthField_B + kRpkSubjectPublicKeyInfo_B;
// Connection ID: the connection_id extension (4 + 1 + cid) in ClientHello and ServerHello, and
// cid bytes in the unified header of each encrypted record: one in flight #2 (after the
// plaintext ServerHello record), one in flight #3. For a 1 B CID: 6 / 7 / 1 B, as the draft.
constexpr int kDtls13EncryptedRecordsFlight2 = 1;
constexpr int kDtls13EncryptedRecordsFlight3 = 1;
// DTLS 1.3 unified header without length field: flags 1 + sequence number 1 (+ CID)
// (RFC 9147 §4, minimal form as in the draft); DTLSInnerPlaintext adds the content type 1 B.
constexpr int kDtls13UnifiedHeaderFixed_B = 2;
constexpr int kDtls13InnerContentType_B = 1;
// HelloRetryRequest with cookie (RFC 8446 §4.1.4, RFC 9147 §5.1): DTLSPlaintext 13 +
// handshake header 12 + legacy_version 2 + random 32 + legacy_session_id_echo 1 + cipher_suite
// 2 + compression 1 + extensions length 2 + supported_versions 6 + cookie ext (4 + 2 + cookie).
constexpr int kDtls13HrrFixed_B = 13 + 12 + 2 + 32 + 1 + 2 + 1 + 2 + 6;
constexpr int kDtls13CookieExtFixed_B = kExtensionHeader_B + 2;  // + cookie, also in CH #2
// NewSessionTicket (lwig draft §"Resumption"): header + handshake 12 + lifetime 4 + age_add 4
// + nonce 2 + ticket 6 (2 + 4 B ticket) + extensions 2 + tag 8. The draft counts 41 B with a
// 1 B CID but omits the 1 B inner content type that RFC 9147 §4 requires; we add it.
constexpr int kDtls13Ticket_B = 4;
constexpr int kDtls13NewSessionTicketBody_B =
    kDtls13HandshakeHeader_B + 4 + 4 + 2 + (2 + kDtls13Ticket_B) + 2;

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
// CoAP (RFC 7252) and LwM2M 1.1
// ---------------------------------------------------------------------------------------------
constexpr int kCoapHeader_B = 4;         // Ver/T/TKL 1 + Code 1 + Message ID 2 (§3)
constexpr int kCoapPayloadMarker_B = 1;  // 0xFF (§3)
constexpr int kCoapMaxToken_B = 8;       // TKL 0..8 (§3)
// Option numbers (RFC 7252 §12.2; Observe RFC 7641 §2; Block2 RFC 7959 §2.1).
constexpr int kOptObserve = 6;
constexpr int kOptLocationPath = 8;
constexpr int kOptUriPath = 11;
constexpr int kOptContentFormat = 12;
constexpr int kOptUriQuery = 15;
constexpr int kOptBlock2 = 23;
// Content-Format numbers (RFC 7252 §12.3; SenML CBOR RFC 8428 §12.3).
constexpr long long kCfLinkFormat = 40;
constexpr long long kCfOctetStream = 42;
constexpr long long kCfSenmlCbor = 112;
// LwM2M 1.1 Register (OMA-TS-LightweightM2M_Transport-V1_1 §6.4.1, Core §6.2.1): POST
// /rd?ep=<name>&lt=<s>&lwm2m=1.1&b=UQ; the server answers 2.01 with Location-Path rd/<id>.
constexpr int kRdPath_B = 2;           // "rd"
constexpr int kQueryEpPrefix_B = 3;    // "ep="
constexpr int kQueryLtPrefix_B = 3;    // "lt="
constexpr int kQueryLwm2mVersion_B = 9;  // "lwm2m=1.1"
constexpr int kQueryBindingUdpQueue_B = 4;  // "b=UQ"
constexpr int kQueryBindingUdp_B = 3;       // "b=U"
// Observe sequence number in a Notify: 2 B covers 256..65535 notifications, the typical state
// of a long-running observation (RFC 7641 §3.4: up to 3 B).
constexpr int kObserveValue_B = 2;
// Firmware package URI path for the block-wise pull, e.g. coap://host/fw/app.bin:
// two Uri-Path segments, "fw" and "app.bin" (representative; LwM2M leaves the URI to the server).
constexpr int kFirmwarePathSegment1_B = 2;
constexpr int kFirmwarePathSegment2_B = 7;
// Block2 value NUM | M | SZX (RFC 7959 §2.2): NUM is at most 20 bits.
constexpr int kBlockNumberMax = (1 << 20) - 1;
constexpr int kBlockSizeMin_B = 16;    // SZX 0 (RFC 7959 §2.2)
constexpr int kBlockSizeMax_B = 1024;  // SZX 6; SZX 7 is reserved
// Representative block number of the two-argument CoapBlockGet: the first with a 2 B value.
constexpr int kRepresentativeBlockNumber = 16;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
void RequireNonNegative(int value, const char* what) {
  if (value < 0) throw std::invalid_argument(std::string(what) + " must be >= 0");
}

void Validate(const DtlsConfig& dtls) {
  // RFC 9146 §3: cid <0..2^8-1>.
  if (dtls.connection_id_B < 0 || dtls.connection_id_B > 255)
    throw std::invalid_argument("DtlsConfig.connection_id_B must be 0..255");
  if (dtls.psk_identity_B < 0 || dtls.psk_identity_B > 65535)
    throw std::invalid_argument("DtlsConfig.psk_identity_B must be 0..65535");
  if (dtls.cookie_B < 0 || dtls.cookie_B > 255)
    throw std::invalid_argument("DtlsConfig.cookie_B must be 0..255");
  RequireNonNegative(dtls.certificate_chain_B, "DtlsConfig.certificate_chain_B");
}

struct Flight {
  Direction direction;
  int size_B;  // DTLS bytes only, without UDP/IP
  std::string what;
};
using Flights = std::vector<Flight>;

int Sum(const Flights& flights) {
  int total_B = 0;
  for (const Flight& f : flights) total_B += f.size_B;
  return total_B;
}

MessageSequence OverUdp(const Flights& flights, IpVersion ip) {
  MessageSequence out;
  out.reserve(flights.size());
  for (const Flight& f : flights)
    out.push_back(Message{f.direction, f.size_B + UdpIpOverhead_B(ip), f.what});
  return out;
}

bool UsesCertificates(const DtlsConfig& d) { return d.credential != DtlsCredential::kPsk; }
bool UsesEcdhe(const DtlsConfig& d) { return UsesCertificates(d) || d.psk_with_ecdhe; }
bool ClientSendsCertificate(const DtlsConfig& d) {
  return UsesCertificates(d) && d.mutual_certificate;
}

// --- DTLS 1.2 messages, each returned without record header unless stated ---

int Dtls12ClientHelloRecord_B(const DtlsConfig& d, int session_id_B, int cookie_B) {
  int body_B = kProtocolVersion_B + kRandom_B + kSessionIdLengthField_B + session_id_B +
               kCookieLengthField_B + cookie_B + kCipherSuitesLengthField_B + kCipherSuite_B +
               kCompressionMethodsNull_B;
  int extensions_B = 0;
  if (UsesEcdhe(d)) extensions_B += kSupportedGroupsExt_B + kEcPointFormatsExt_B;
  if (UsesCertificates(d)) extensions_B += kSignatureAlgorithmsExt_B;
  if (d.credential == DtlsCredential::kRawPublicKey) {
    extensions_B += kCertTypeExtClientHello_B;                          // server_certificate_type
    if (d.mutual_certificate) extensions_B += kCertTypeExtClientHello_B;  // client_certificate_type
  }
  if (d.connection_id_B > 0) extensions_B += kConnectionIdExtFixed_B + d.connection_id_B;
  if (extensions_B > 0) body_B += kExtensionsLengthField_B + extensions_B;
  return kDtls12RecordHeader_B + kDtls12HandshakeHeader_B + body_B;
}

int Dtls12ServerHelloMessage_B(const DtlsConfig& d, int session_id_B, bool abbreviated) {
  int body_B = kProtocolVersion_B + kRandom_B + kSessionIdLengthField_B + session_id_B +
               kCipherSuite_B + kCompressionMethod_B;
  int extensions_B = 0;
  if (UsesEcdhe(d)) extensions_B += kEcPointFormatsExt_B;
  // No certificates are exchanged in an abbreviated handshake, so no certificate types.
  if (d.credential == DtlsCredential::kRawPublicKey && !abbreviated) {
    extensions_B += kCertTypeExtServerHello_B;
    if (d.mutual_certificate) extensions_B += kCertTypeExtServerHello_B;
  }
  if (d.connection_id_B > 0) extensions_B += kConnectionIdExtFixed_B + d.connection_id_B;
  if (extensions_B > 0) body_B += kExtensionsLengthField_B + extensions_B;
  return kDtls12HandshakeHeader_B + body_B;
}

int Dtls12CertificateMessage_B(const DtlsConfig& d) {
  // RFC 7250 §3: a raw public key replaces certificate_list by one length-prefixed SPKI.
  const int list_B = d.credential == DtlsCredential::kRawPublicKey
                         ? kRpkSubjectPublicKeyInfo_B
                         : d.certificate_chain_B;
  return kDtls12HandshakeHeader_B + kOpaque24LengthField_B + list_B;
}

int Dtls12ServerKeyExchangeMessage_B(const DtlsConfig& d) {
  const int ec_point_B = kEcPointLengthField_B + kEcPointUncompressedP256_B;
  if (UsesCertificates(d))  // ECDHE_ECDSA: params + ECDSA signature over them (RFC 8422 §5.4)
    return kDtls12HandshakeHeader_B + kEcParametersNamedCurve_B + ec_point_B +
           kDigitallySignedHeader_B + kEcdsaP256SignatureDer_B;
  // ECDHE_PSK: empty identity hint + params, unsigned (RFC 5489 §2).
  return kDtls12HandshakeHeader_B + kPskIdentityHintLengthField_B + kEcParametersNamedCurve_B +
         ec_point_B;
}

int Dtls12ClientKeyExchangeMessage_B(const DtlsConfig& d) {
  const int ec_point_B = kEcPointLengthField_B + kEcPointUncompressedP256_B;
  int body_B = 0;
  if (!UsesCertificates(d)) body_B += kPskIdentityLengthField_B + d.psk_identity_B;  // RFC 4279
  if (UsesEcdhe(d)) body_B += ec_point_B;  // RFC 8422 §5.7 / RFC 5489 §2
  return kDtls12HandshakeHeader_B + body_B;
}

int Dtls12CertificateVerifyMessage_B() {
  return kDtls12HandshakeHeader_B + kDigitallySignedHeader_B + kEcdsaP256SignatureDer_B;
}

int Dtls12CertificateRequestMessage_B() {
  return kDtls12HandshakeHeader_B + kDtls12CertificateRequestBody_B;
}

int Dtls12ServerHelloDoneMessage_B() { return kDtls12HandshakeHeader_B; }  // empty body

int Dtls12ChangeCipherSpecRecord_B() { return kDtls12RecordHeader_B + kChangeCipherSpecBody_B; }

// Finished is the first record of epoch 1: encrypted, so it carries the nonce, tag and CID.
int Dtls12FinishedRecord_B(const DtlsConfig& d) {
  return DtlsRecordOverhead_B(d) + kDtls12HandshakeHeader_B + kFinishedVerifyData12_B;
}

Flights Dtls12FullFlights(const DtlsConfig& d) {
  // All handshake messages of a flight share one record (as the lwig draft assumes); the
  // ChangeCipherSpec and the encrypted Finished need records of their own.
  const int session_id_B = d.resumable ? kSessionId_B : 0;
  Flights flights;
  flights.push_back({Direction::kUplink, Dtls12ClientHelloRecord_B(d, 0, 0), "DTLS ClientHello"});
  if (d.cookie_exchange) {
    flights.push_back({Direction::kDownlink,
                       kDtls12RecordHeader_B + kDtls12HandshakeHeader_B +
                           kHelloVerifyRequestFixed_B + d.cookie_B,
                       "DTLS HelloVerifyRequest"});
    flights.push_back({Direction::kUplink, Dtls12ClientHelloRecord_B(d, 0, d.cookie_B),
                       "DTLS ClientHello with cookie"});
  }

  int server_B = kDtls12RecordHeader_B + Dtls12ServerHelloMessage_B(d, session_id_B, false);
  if (UsesCertificates(d)) server_B += Dtls12CertificateMessage_B(d);
  if (UsesEcdhe(d)) server_B += Dtls12ServerKeyExchangeMessage_B(d);
  if (ClientSendsCertificate(d)) server_B += Dtls12CertificateRequestMessage_B();
  server_B += Dtls12ServerHelloDoneMessage_B();
  flights.push_back({Direction::kDownlink, server_B, "DTLS ServerHello..ServerHelloDone"});

  int client_B = kDtls12RecordHeader_B;
  if (ClientSendsCertificate(d)) client_B += Dtls12CertificateMessage_B(d);
  client_B += Dtls12ClientKeyExchangeMessage_B(d);
  if (ClientSendsCertificate(d)) client_B += Dtls12CertificateVerifyMessage_B();
  client_B += Dtls12ChangeCipherSpecRecord_B() + Dtls12FinishedRecord_B(d);
  flights.push_back({Direction::kUplink, client_B, "DTLS ClientKeyExchange+CCS+Finished"});

  flights.push_back({Direction::kDownlink,
                     Dtls12ChangeCipherSpecRecord_B() + Dtls12FinishedRecord_B(d),
                     "DTLS CCS+Finished"});
  return flights;
}

Flights Dtls12ResumedFlights(const DtlsConfig& d) {
  // RFC 5246 §7.3 Figure 2 / RFC 6347 §4.2.4: the server may skip the cookie exchange when
  // the client presents a session ID it knows (RFC 6347 §4.2.1), giving 3 flights.
  Flights flights;
  flights.push_back({Direction::kUplink, Dtls12ClientHelloRecord_B(d, kSessionId_B, 0),
                     "DTLS ClientHello (session ID)"});
  flights.push_back({Direction::kDownlink,
                     kDtls12RecordHeader_B + Dtls12ServerHelloMessage_B(d, kSessionId_B, true) +
                         Dtls12ChangeCipherSpecRecord_B() + Dtls12FinishedRecord_B(d),
                     "DTLS ServerHello+CCS+Finished"});
  flights.push_back({Direction::kUplink,
                     Dtls12ChangeCipherSpecRecord_B() + Dtls12FinishedRecord_B(d),
                     "DTLS CCS+Finished"});
  return flights;
}

// --- DTLS 1.3 ---

int Dtls13CertificateMessage_B(int certificate_list_B) {
  return kDtls13CertificateFixed_B + certificate_list_B;
}

struct Dtls13Sizes {
  int flight1_B;
  int flight2_B;
  int flight3_B;
};

// The three flights from the draft's tables (no CID), adjusted for what the draft fixes
// differently: identity length, server-only authentication, X.509 instead of RPK.
Dtls13Sizes Dtls13BaseFlights(const DtlsConfig& d, int psk_identity_B) {
  if (d.credential == DtlsCredential::kPsk) {
    Dtls13Sizes s = d.psk_with_ecdhe ? Dtls13Sizes{kDtls13PskEcdheFlight1_B,
                                                   kDtls13PskEcdheFlight2_B,
                                                   kDtls13PskEcdheFlight3_B}
                                     : Dtls13Sizes{kDtls13PskFlight1_B, kDtls13PskFlight2_B,
                                                   kDtls13PskFlight3_B};
    s.flight1_B += psk_identity_B - kDtls13DraftPskIdentity_B;
    return s;
  }
  Dtls13Sizes s{kDtls13RpkEcdheFlight1_B, kDtls13RpkEcdheFlight2_B, kDtls13RpkEcdheFlight3_B};
  // Certificate-type extensions appear in ClientHello and EncryptedExtensions only for raw
  // public keys (X.509 is the default type, RFC 7250 §3): 2 with mutual RPK, 1 (server type)
  // with server-only RPK, 0 with X.509.
  const int cert_type_exts =
      d.credential == DtlsCredential::kRawPublicKey ? (d.mutual_certificate ? 2 : 1) : 0;
  const int cert_type_delta_B =
      (cert_type_exts - kDtls13CertTypeExtsInDraft) * kDtls13CertTypeExt_B;
  s.flight1_B += cert_type_delta_B;
  s.flight2_B += cert_type_delta_B;
  // X.509 approximation (not tabulated by the draft): the chain replaces the 91 B RPK in the
  // Certificate message; one CertificateEntry extensions field is counted (each further
  // certificate of the chain would add 2 B) and certificate compression is not used.
  const int rpk_certificate_B = Dtls13CertificateMessage_B(kDtls13RpkCertificateList_B);
  const int own_certificate_B =
      d.credential == DtlsCredential::kRawPublicKey
          ? rpk_certificate_B
          : Dtls13CertificateMessage_B(d.certificate_chain_B);
  s.flight2_B += own_certificate_B - rpk_certificate_B;
  if (d.mutual_certificate) {
    s.flight3_B += own_certificate_B - rpk_certificate_B;
  } else {
    s.flight2_B -= kDtls13CertificateRequest_B;
    s.flight3_B -= rpk_certificate_B + kDtls13CertificateVerify_B;
  }
  return s;
}

void AddDtls13ConnectionId(const DtlsConfig& d, Dtls13Sizes& s) {
  if (d.connection_id_B == 0) return;
  const int extension_B = kConnectionIdExtFixed_B + d.connection_id_B;
  s.flight1_B += extension_B;
  s.flight2_B += extension_B + kDtls13EncryptedRecordsFlight2 * d.connection_id_B;
  s.flight3_B += kDtls13EncryptedRecordsFlight3 * d.connection_id_B;
}

Flights Dtls13FullFlights(const DtlsConfig& d) {
  Dtls13Sizes s = Dtls13BaseFlights(d, d.psk_identity_B);
  AddDtls13ConnectionId(d, s);
  Flights flights;
  flights.push_back({Direction::kUplink, s.flight1_B, "DTLS 1.3 ClientHello"});
  if (d.cookie_exchange) {
    // The draft leaves DoS protection out; RFC 9147 §5.1 does it with a HelloRetryRequest
    // carrying a cookie that the client echoes in a second ClientHello.
    flights.push_back({Direction::kDownlink,
                       kDtls13HrrFixed_B + kDtls13CookieExtFixed_B + d.cookie_B,
                       "DTLS 1.3 HelloRetryRequest"});
    flights.push_back({Direction::kUplink, s.flight1_B + kDtls13CookieExtFixed_B + d.cookie_B,
                       "DTLS 1.3 ClientHello with cookie"});
  }
  flights.push_back({Direction::kDownlink, s.flight2_B, "DTLS 1.3 ServerHello..Finished"});
  flights.push_back({Direction::kUplink, s.flight3_B, "DTLS 1.3 client Finished"});
  if (d.resumable) {
    flights.push_back({Direction::kDownlink,
                       kDtls13UnifiedHeaderFixed_B + d.connection_id_B +
                           kDtls13NewSessionTicketBody_B + kDtls13InnerContentType_B +
                           kCcm8Tag_B,
                       "DTLS 1.3 NewSessionTicket"});
  }
  return flights;
}

Flights Dtls13ResumedFlights(const DtlsConfig& d) {
  // lwig draft §"Resumption": an ordinary PSK handshake (with ECDHE if psk_with_ecdhe) whose
  // identity is the ticket; no HelloRetryRequest, as for the DTLS 1.2 abbreviated handshake.
  DtlsConfig psk = d;
  psk.credential = DtlsCredential::kPsk;
  Dtls13Sizes s = Dtls13BaseFlights(psk, kDtls13Ticket_B);
  AddDtls13ConnectionId(psk, s);
  return {{Direction::kUplink, s.flight1_B, "DTLS 1.3 ClientHello (ticket)"},
          {Direction::kDownlink, s.flight2_B, "DTLS 1.3 ServerHello..Finished"},
          {Direction::kUplink, s.flight3_B, "DTLS 1.3 client Finished"}};
}

Flights FullFlights(const DtlsConfig& d) {
  Validate(d);
  return d.version == DtlsVersion::k1_2 ? Dtls12FullFlights(d) : Dtls13FullFlights(d);
}

Flights ResumedFlights(const DtlsConfig& d) {
  Validate(d);
  return d.version == DtlsVersion::k1_2 ? Dtls12ResumedFlights(d) : Dtls13ResumedFlights(d);
}

// --- CoAP ---

// Adds options in ascending number order, encoding each delta from the previous one.
class CoapOptionList {
 public:
  void Add(int number, int value_B) {
    if (number < last_number_) throw std::logic_error("CoAP options must be added in order");
    size_B_ += CoapOptionSize_B(number - last_number_, value_B);
    last_number_ = number;
  }
  void AddUint(int number, long long value) { Add(number, CoapUintLength_B(value)); }
  int size_B() const { return size_B_; }

 private:
  int last_number_ = 0;
  int size_B_ = 0;
};

int DecimalDigits(int value) {
  int digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

void Validate(const Lwm2mConfig& c) {
  if (c.token_B < 0 || c.token_B > kCoapMaxToken_B)
    throw std::invalid_argument("Lwm2mConfig.token_B must be 0..8 (RFC 7252 §3)");
  RequireNonNegative(c.endpoint_name_B, "Lwm2mConfig.endpoint_name_B");
  RequireNonNegative(c.object_links_B, "Lwm2mConfig.object_links_B");
  RequireNonNegative(c.register_lifetime_s, "Lwm2mConfig.register_lifetime_s");
  RequireNonNegative(c.location_id_B, "Lwm2mConfig.location_id_B");
  Validate(c.dtls);
}

// A CoAP message at the IP layer: + DTLS record (one per datagram) + UDP/IP.
int CoapOverUdp_B(const Lwm2mConfig& c, int coap_B) {
  return coap_B + (c.dtls_enabled ? DtlsRecordOverhead_B(c.dtls) : 0) + UdpIpOverhead_B(c.ip);
}

int NotifyCoap_B(const Lwm2mConfig& c, int payload_B) {
  RequireNonNegative(payload_B, "Notify payload_B");
  CoapOptionList options;
  options.Add(kOptObserve, kObserveValue_B);
  options.AddUint(kOptContentFormat, kCfSenmlCbor);
  return CoapSize_B({c.token_B, options.size_B(), payload_B});
}

int SzxOf(int block_B) {
  int szx = 0;
  for (int size_B = kBlockSizeMin_B; size_B < block_B; size_B *= 2) ++szx;
  return szx;
}

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

int DtlsRecordOverhead_B(const DtlsConfig& dtls) {
  Validate(dtls);
  if (dtls.version == DtlsVersion::k1_2) {
    // lwig draft §"DTLS 1.2 with Connection ID": 29 / 30 / 31 B for CID '' / '42' / '4002'.
    // RFC 9146 tls12_cid records also encrypt a 1 B inner content type, which the draft's
    // figure leaves out; we follow the published figure.
    return kDtls12RecordHeader_B + dtls.connection_id_B + kCcmExplicitNonce_B + kCcm8Tag_B;
  }
  // lwig draft §"DTLS 1.3 with Connection ID": 11 B, 12 B with a 1 B CID.
  return kDtls13UnifiedHeaderFixed_B + dtls.connection_id_B + kDtls13InnerContentType_B +
         kCcm8Tag_B;
}

int UdpIpOverhead_B(IpVersion ip) {
  return (ip == IpVersion::kIPv4 ? kIpv4Header_B : kIpv6Header_B) + kUdpHeader_B;
}

int TcpIpOverhead_B(IpVersion ip) {
  return (ip == IpVersion::kIPv4 ? kIpv4Header_B : kIpv6Header_B) + kTcpHeader_B;
}

MessageSequence DtlsFullHandshake(const DtlsConfig& dtls, IpVersion ip) {
  return OverUdp(FullFlights(dtls), ip);
}

MessageSequence DtlsResumedHandshake(const DtlsConfig& dtls, IpVersion ip) {
  return OverUdp(ResumedFlights(dtls), ip);
}

int DtlsFullHandshakeBytesOnly_B(const DtlsConfig& dtls) { return Sum(FullFlights(dtls)); }

int DtlsResumedHandshakeBytesOnly_B(const DtlsConfig& dtls) { return Sum(ResumedFlights(dtls)); }

int CoapSize_B(const CoapMessage& m) {
  if (m.token_B < 0 || m.token_B > kCoapMaxToken_B)
    throw std::invalid_argument("CoapMessage.token_B must be 0..8 (RFC 7252 §3)");
  RequireNonNegative(m.options_B, "CoapMessage.options_B");
  RequireNonNegative(m.payload_B, "CoapMessage.payload_B");
  return kCoapHeader_B + m.token_B + m.options_B +
         (m.payload_B > 0 ? kCoapPayloadMarker_B + m.payload_B : 0);
}

int CoapOptionSize_B(int option_delta, int value_B) {
  RequireNonNegative(option_delta, "CoAP option delta");
  RequireNonNegative(value_B, "CoAP option value length");
  // RFC 7252 §3.1: nibble values 0..12 inline, 13 → 1 extra byte (value - 13),
  // 14 → 2 extra bytes (value - 269).
  const auto extended_B = [](int field) { return field < 13 ? 0 : (field < 269 ? 1 : 2); };
  if (option_delta > 65535 + 269 || value_B > 65535 + 269)
    throw std::invalid_argument("CoAP option delta/length beyond the 2-byte extension");
  return 1 + extended_B(option_delta) + extended_B(value_B) + value_B;
}

int CoapUintLength_B(long long value) {
  if (value < 0) throw std::invalid_argument("CoAP uint option value must be >= 0");
  int length_B = 0;
  while (value > 0) {
    value >>= 8;
    ++length_B;
  }
  return length_B;
}

MessageSequence Lwm2mRegister(const Lwm2mConfig& c) {
  Validate(c);
  CoapOptionList request;
  request.Add(kOptUriPath, kRdPath_B);
  request.AddUint(kOptContentFormat, kCfLinkFormat);
  request.Add(kOptUriQuery, kQueryEpPrefix_B + c.endpoint_name_B);
  request.Add(kOptUriQuery, kQueryLtPrefix_B + DecimalDigits(c.register_lifetime_s));
  request.Add(kOptUriQuery, kQueryLwm2mVersion_B);
  request.Add(kOptUriQuery, c.queue_mode ? kQueryBindingUdpQueue_B : kQueryBindingUdp_B);
  const int request_B = CoapSize_B({c.token_B, request.size_B(), c.object_links_B});

  // 2.01 Created, piggybacked on the ACK, Location-Path "rd" / "<id>".
  CoapOptionList response;
  response.Add(kOptLocationPath, kRdPath_B);
  response.Add(kOptLocationPath, c.location_id_B);
  const int response_B = CoapSize_B({c.token_B, response.size_B(), 0});

  return {{Direction::kUplink, CoapOverUdp_B(c, request_B), "LwM2M Register"},
          {Direction::kDownlink, CoapOverUdp_B(c, response_B), "CoAP 2.01 Created"}};
}

MessageSequence Lwm2mUpdate(const Lwm2mConfig& c) {
  Validate(c);
  // POST /rd/<id> without query parameters or payload (nothing changed but the lifetime
  // restart), answered by a piggybacked 2.04 Changed.
  CoapOptionList request;
  request.Add(kOptUriPath, kRdPath_B);
  request.Add(kOptUriPath, c.location_id_B);
  const int request_B = CoapSize_B({c.token_B, request.size_B(), 0});
  const int response_B = CoapSize_B({c.token_B, 0, 0});
  return {{Direction::kUplink, CoapOverUdp_B(c, request_B), "LwM2M Update"},
          {Direction::kDownlink, CoapOverUdp_B(c, response_B), "CoAP 2.04 Changed"}};
}

MessageSequence Lwm2mNotifyConfirmable(const Lwm2mConfig& c, int payload_B) {
  Validate(c);
  // 2.05 Content as a CON from the device; the server answers with an empty ACK: header only,
  // no token (RFC 7252 §4.2).
  const int ack_B = CoapSize_B({0, 0, 0});
  return {{Direction::kUplink, CoapOverUdp_B(c, NotifyCoap_B(c, payload_B)), "LwM2M Notify (CON)"},
          {Direction::kDownlink, CoapOverUdp_B(c, ack_B), "CoAP empty ACK"}};
}

MessageSequence Lwm2mNotifyNonConfirmable(const Lwm2mConfig& c, int payload_B) {
  Validate(c);
  return {{Direction::kUplink, CoapOverUdp_B(c, NotifyCoap_B(c, payload_B)),
           "LwM2M Notify (NON)"}};
}

MessageSequence CoapBlockGet(const Lwm2mConfig& c, int block_B) {
  return CoapBlockGet(c, block_B, kRepresentativeBlockNumber);
}

MessageSequence CoapBlockGet(const Lwm2mConfig& c, int block_B, int block_number) {
  Validate(c);
  if (!IsValidCoapBlockSize(block_B))
    throw std::invalid_argument("CoAP block size must be 16, 32, ..., 1024 (RFC 7959 §2.2)");
  if (block_number < 0 || block_number > kBlockNumberMax)
    throw std::invalid_argument("CoAP block number must be 0..2^20-1 (RFC 7959 §2.2)");
  const long long szx = SzxOf(block_B);
  const long long num = block_number;
  // Request: GET with Block2 NUM/SZX (M = 0); response: 2.05 with Block2 NUM/M = 1/SZX (the M
  // bit never lengthens the value: it sits below bit 4).
  CoapOptionList request;
  request.Add(kOptUriPath, kFirmwarePathSegment1_B);
  request.Add(kOptUriPath, kFirmwarePathSegment2_B);
  request.AddUint(kOptBlock2, (num << 4) | szx);
  const int request_B = CoapSize_B({c.token_B, request.size_B(), 0});

  CoapOptionList response;
  response.AddUint(kOptContentFormat, kCfOctetStream);
  response.AddUint(kOptBlock2, (num << 4) | (1LL << 3) | szx);
  const int response_B = CoapSize_B({c.token_B, response.size_B(), block_B});

  return {{Direction::kUplink, CoapOverUdp_B(c, request_B), "CoAP GET Block2"},
          {Direction::kDownlink, CoapOverUdp_B(c, response_B), "CoAP 2.05 Block2"}};
}

int CoapBlockCount(int image_B, int block_B) {
  if (!IsValidCoapBlockSize(block_B))
    throw std::invalid_argument("CoAP block size must be 16, 32, ..., 1024 (RFC 7959 §2.2)");
  RequireNonNegative(image_B, "image_B");
  return (image_B + block_B - 1) / block_B;
}

bool IsValidCoapBlockSize(int block_B) {
  for (int size_B = kBlockSizeMin_B; size_B <= kBlockSizeMax_B; size_B *= 2)
    if (block_B == size_B) return true;
  return false;
}

MessageSequence TcpConnect(IpVersion ip) {
  const int header_B = TcpIpOverhead_B(ip);
  return {{Direction::kUplink, header_B + kTcpMssOption_B, "TCP SYN"},
          {Direction::kDownlink, header_B + kTcpMssOption_B, "TCP SYN-ACK"},
          {Direction::kUplink, header_B, "TCP ACK"}};
}

MessageSequence TcpClose(IpVersion ip) {
  // The device closes after its DISCONNECT; the broker has nothing left to send, so it closes
  // at once and its ACK rides on its FIN (3 segments instead of 4). That FIN+ACK also
  // acknowledges the DISCONNECT segment.
  const int header_B = TcpIpOverhead_B(ip);
  return {{Direction::kUplink, header_B, "TCP FIN"},
          {Direction::kDownlink, header_B, "TCP FIN-ACK"},
          {Direction::kUplink, header_B, "TCP ACK"}};
}

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
