// Sizes of CoAP messages and of the LwM2M exchanges built from them (Register, Update, Notify,
// block-wise firmware GET), in bytes at the IP layer (DTLS record + UDP/IP headers included).
//
// Sources (shared/reference/published-figures.md §4):
// - CoAP (RFC 7252): 4 B header + token + options + 0xFF marker + payload; block-wise transfer
//   (RFC 7959) with block size 2^(SZX+4) = 16..1024 B.
// - LwM2M (OMA-TS-LightweightM2M-Core 1.1): Register, Update, Notify, Send, empty ACK.
// - The DTLS record overhead each CoAP datagram carries: dtls.hpp.
//
// Direction: the device is always the CoAP client, so client→server is kUplink.
// Not modelled: retransmissions.
// Invalid arguments (negative sizes, a block size that is not 16..1024, an invalid DtlsConfig)
// throw std::invalid_argument.
#pragma once

#include "models/protocols/dtls.hpp"
#include "models/protocols/ip.hpp"
#include "models/protocols/message.hpp"

namespace pb::models::protocols {

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

}  // namespace pb::models::protocols
