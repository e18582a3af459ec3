// Sizes of CoAP messages and LwM2M exchanges; see coap_lwm2m.hpp for the sources. Every size
// below is a named constant with the structure it comes from, so a reviewer can recount each
// message byte by byte.
#include "models/protocols/coap_lwm2m.hpp"

#include <stdexcept>
#include <string>

namespace pb::models::protocols {
namespace {

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
  CheckDtlsConfig(c.dtls);
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

}  // namespace

// =============================================================================================
// Public functions
// =============================================================================================

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

}  // namespace pb::models::protocols
