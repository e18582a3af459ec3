// NAS timers a device requests and the network grants: encodings and allowed values.
//
// T3412 extended (periodic TAU): GPRS Timer 3, TS 24.008 §10.5.7.4a. Octet bits 8..6 give the
//   unit, bits 5..1 a value 0..31: 000 = 10 min, 001 = 1 h, 010 = 10 h, 011 = 2 s, 100 = 30 s,
//   101 = 1 min, 110 = 320 h, 111 = deactivated. (320 h is the T3312/T3412-extended meaning,
//   the only use here; other GPRS Timer 3 uses read 110 as 1 h.)
// T3324 (active time): GPRS Timer 2, TS 24.008 §10.5.7.3: 000 = 2 s, 001 = 1 min,
//   010 = decihours (6 min), 111 = deactivated. 011..110 are undefined and, as 24.008 says,
//   decoded as multiples of 1 min; the encoder never produces them.
// eDRX cycle for NB-S1 mode: TS 24.008 §10.5.5.32 Table 10.5.5.32 (20.48 s ... 10485.76 s).
// Paging time window for NB-S1 mode: TS 24.008 §10.5.5.32: 2.56 s x (n+1), n = 0..15.
// Idle-mode DRX cycle (defaultPagingCycle, TS 36.331): 1.28, 2.56, 5.12, 10.24 s.
//
// A value that cannot be encoded exactly is rejected by the caller with the nearest valid values
// (NearestAllowed: below_s/above_s), never rounded silently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pb::models::radio::timers {

struct EncodedTimer {
  std::uint8_t octet = 0;  // the encoded octet (unit bits 8..6, value bits 5..1)
  double value_s = 0.0;    // what the octet decodes to
};

// Exact encodings (tolerance 1 ms). When several encodings decode to the same value, the one
// with the smallest unit (fewest seconds per step) is returned: 60 s is 30 x 2 s ("01111110" for
// Timer 3, "00011110" for Timer 2), not 1 x 1 min ("10100001" / "00100001"); all decode to 60 s.
// 0 s is encodable (value field 0, smallest unit: Timer 3 "01100000", Timer 2 "00000000"), even
// though the value lists below exclude 0. std::nullopt when no encoding gives the value (NaN,
// negative, above 31 steps of the largest unit, or not a multiple of any unit).
std::optional<EncodedTimer> EncodeGprsTimer3(double seconds);
std::optional<EncodedTimer> EncodeGprsTimer2(double seconds);
// std::nullopt for the "deactivated" unit.
std::optional<double> DecodeGprsTimer3(std::uint8_t octet);
std::optional<double> DecodeGprsTimer2(std::uint8_t octet);

// Sorted, de-duplicated lists of every value each encoding can express (0 excluded).
const std::vector<double>& GprsTimer3Values_s();
const std::vector<double>& GprsTimer2Values_s();
const std::vector<double>& NbiotEdrxCycles_s();
const std::vector<double>& NbiotPagingTimeWindows_s();
const std::vector<double>& IdleDrxCycles_s();

// True when value is in the list (tolerance 1 ms).
bool IsAllowed(double value_s, const std::vector<double>& allowed_s);
// The nearest allowed value below and above (either may be absent at the ends). An allowed value
// within 1 ms of value_s counts as both, so an allowed input returns itself twice. The list need
// not be sorted.
struct Nearest {
  std::optional<double> below_s;
  std::optional<double> above_s;
};
Nearest NearestAllowed(double value_s, const std::vector<double>& allowed_s);

// "00100001"-style bit string of an octet, as in AT+CPSMS.
std::string ToBitString(std::uint8_t octet);

// The 4-bit eDRX value field for an NB-IoT cycle; std::nullopt when not allowed.
std::optional<std::uint8_t> EncodeNbiotEdrxCycle(double seconds);
std::optional<std::uint8_t> EncodeNbiotPagingTimeWindow(double seconds);

}  // namespace pb::models::radio::timers
