// NAS timer encodings: GPRS Timer 3 (T3412 extended), GPRS Timer 2 (T3324), eDRX cycle and paging
// time window for NB-S1 mode, idle-mode DRX cycles. See nas_timers.hpp for the contract.
//
// Sources the tables below were checked against (at least two per table):
//  - GPRS Timer 3 units (TS 24.008 §10.5.7.4a, Table 10.5.163a):
//      nrfconnect/sdk-nrf lib/lte_link_control/modules/psm.c
//        t3412_ext_lookup = {600, 3600, 36000, 2, 30, 60, 1152000, 0} (index = bits 8..6)
//      https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/nw_service/cpsms_read.html
//        000 10 min, 001 1 h, 010 10 h, 011 2 s, 100 30 s, 101 1 min, 110 320 h, 111 deactivated
//      Telit ME910C1 AT Commands Reference (80529ST10815A), +CPSMS: "01000111" equals 70 hours
//        https://www.easymanua.ls/telit-wireless-solutions/me910c1-series/manual/731389?p=99
//  - GPRS Timer 2 units (TS 24.008 §10.5.7.3, Table 10.5.163):
//      nrfconnect/sdk-nrf lib/lte_link_control/modules/psm.c
//        t3324_lookup = {2, 60, 360, 60, 60, 60, 60, 0}: 000 2 s, 001 1 min, 010 6 min (decihour),
//        011..110 read as 1 min ("other values ... multiples of 1 minute"), 111 deactivated
//      Nordic cpsms_read.html (as above): 000 2 s, 001 1 min, 010 6 min, 111 deactivated
//      u-blox SARA-R4 AT manual UBX-17003787 +UCPSMS: "00100100" equals 4 minutes
//  - eDRX value for NB-S1 mode (TS 24.008 §10.5.5.32, Table 10.5.5.32):
//      nrfconnect/sdk-nrf lib/lte_link_control/modules/edrx.c
//        edrx_lookup_nbiot = {2,2,2,4,2,8,2,2,2,16,32,64,128,256,512,1024} x 10.24 s
//      https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/nw_service/cedrxrdp_set.html
//        0010 20.48 s, 0011 40.96 s, 0101 81.92 s, 1001 163.84 s ... 1111 10485.76 s; 0000, 0001,
//        0100, 0110, 0111, 1000 footnoted as WB-S1 only, 1110/1111 as NB-S1 only
//  - Paging time window for NB-S1 mode (TS 24.008 §10.5.5.32, octet 3 bits 8..5):
//      https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/mob_termination_ctrl_status/xptw_set.html
//        NB-IoT: 0000 2.56 s, 0001 5.12 s ... 1111 40.96 s
//      nrfconnect/sdk-nrf lib/lte_link_control/modules/edrx.c: NB-IoT PTW = (idx + 1) * 2.56 s
//      https://scribd.com/document/493140686/eDRX-PTW (copy of the 24.008 text, NB-S1 table)
//  - Idle DRX (TS 36.331 PCCH-Config-NB, defaultPagingCycle-r13 {rf128, rf256, rf512, rf1024}):
//      lvdund/rrc ies/PcchConfigNbR13DefaultpagingcycleR13.go; one radio frame is 10 ms.
#include "models/radio/nas_timers.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "models/units.hpp"

namespace pb::models::radio::timers {
namespace {

// Exact matching tolerance (header contract): 1 ms absorbs decimal input such as 20.48 that has
// no exact binary representation, yet is far below the smallest step of any table (2 s, 2.56 s).
constexpr double kMatchTolerance_s = units::ms(1.0);

// Bits 5..1 of a GPRS Timer 2/3 octet carry the multiplier 0..31.
constexpr unsigned kTimerValueMax = 31U;
constexpr unsigned kUnitShift = 5U;
constexpr std::uint8_t kValueMask = 0x1FU;
constexpr std::uint8_t kUnitDeactivated = 0b111U;

struct TimerUnit {
  std::uint8_t unit_bits;  // bits 8..6 of the octet
  double step_s;           // seconds per count of the value field
};

constexpr double kMinute_s = units::kSecondsPerMinute;
constexpr double kHour_s = units::kSecondsPerHour;

// Units ordered by ascending step so that the first exact match found by EncodeWithUnits is the
// one with the smallest unit, as the header requires.

constexpr std::array<TimerUnit, 7> kTimer3UnitsByStep{{
    {0b011U, 2.0},             // 2 s
    {0b100U, 30.0},            // 30 s
    {0b101U, kMinute_s},       // 1 min
    {0b000U, 10 * kMinute_s},  // 10 min
    {0b001U, kHour_s},         // 1 h
    {0b010U, 10 * kHour_s},    // 10 h
    {0b110U, 320 * kHour_s},   // 320 h: the T3412-extended meaning (other GPRS Timer 3 uses read 1 h)
}};

constexpr std::array<TimerUnit, 3> kTimer2UnitsByStep{{
    {0b000U, 2.0},            // 2 s
    {0b001U, kMinute_s},      // 1 min
    {0b010U, 6 * kMinute_s},  // decihour = 6 min
}};

// The step indexed by the unit bits, for decoding: the units above, `undefined_s` for the unit
// bits they do not use, 0 for 111 ("deactivated").
template <std::size_t N>
constexpr std::array<double, 8> StepByUnitBits(const std::array<TimerUnit, N>& by_step, double undefined_s) {
  std::array<double, 8> steps{};
  steps.fill(undefined_s);
  for (const TimerUnit& unit : by_step) steps[unit.unit_bits] = unit.step_s;
  steps[kUnitDeactivated] = 0.0;
  return steps;
}

// GPRS Timer 3 uses every unit but 111.
constexpr std::array<double, 8> kTimer3StepByUnitBits_s = StepByUnitBits(kTimer3UnitsByStep, 0.0);
// GPRS Timer 2: 011..110 are not defined by 24.008 but "shall be interpreted as multiples of 1
// minute in this version of the protocol", so a received octet with such a unit still decodes
// (sdk-nrf psm.c t3324_lookup does the same).
constexpr std::array<double, 8> kTimer2StepByUnitBits_s = StepByUnitBits(kTimer2UnitsByStep, kMinute_s);

constexpr std::uint8_t MakeOctet(std::uint8_t unit_bits, unsigned count) {
  return static_cast<std::uint8_t>((unit_bits << kUnitShift) | (count & kValueMask));
}

bool IsWithinTolerance(double a_s, double b_s) { return std::fabs(a_s - b_s) <= kMatchTolerance_s; }

template <std::size_t N>
std::optional<EncodedTimer> EncodeWithUnits(double seconds, const std::array<TimerUnit, N>& units) {
  // NaN and infinities can never be encoded; rejecting them first also keeps std::lround in range.
  if (!std::isfinite(seconds) || seconds < -kMatchTolerance_s) return std::nullopt;
  for (const TimerUnit& unit : units) {
    const double max_s = unit.step_s * static_cast<double>(kTimerValueMax);
    if (seconds > max_s + kMatchTolerance_s) continue;  // beyond 31 steps of this unit
    const long count = std::max(0L, std::lround(seconds / unit.step_s));
    const double decoded_s = static_cast<double>(count) * unit.step_s;
    if (IsWithinTolerance(decoded_s, seconds)) {
      return EncodedTimer{MakeOctet(unit.unit_bits, static_cast<unsigned>(count)), decoded_s};
    }
  }
  return std::nullopt;
}

std::optional<double> DecodeWithSteps(std::uint8_t octet, const std::array<double, 8>& steps_s) {
  const auto unit_bits = static_cast<std::uint8_t>(octet >> kUnitShift);
  if (unit_bits == kUnitDeactivated) return std::nullopt;
  const auto count = static_cast<unsigned>(octet & kValueMask);
  return static_cast<double>(count) * steps_s[unit_bits];
}

// Every value count x step for count 1..31, sorted and de-duplicated. All steps are whole seconds,
// so products are exact integers in double and plain equality de-duplicates correctly.
template <std::size_t N>
std::vector<double> BuildValueList(const std::array<TimerUnit, N>& units) {
  std::vector<double> values_s;
  values_s.reserve(N * kTimerValueMax);
  for (const TimerUnit& unit : units) {
    for (unsigned count = 1; count <= kTimerValueMax; ++count) {
      values_s.push_back(static_cast<double>(count) * unit.step_s);
    }
  }
  std::sort(values_s.begin(), values_s.end());
  values_s.erase(std::unique(values_s.begin(), values_s.end()), values_s.end());
  return values_s;
}

struct EdrxEntry {
  std::uint8_t code;  // bits 4..1 of octet 3 of the Extended DRX parameters IE
  double cycle_s;
};

// The ten eDRX values 24.008 defines for NB-S1 mode. Codes 0000 and 0001 are WB-S1 only (in
// NB-S1 mode the IE is treated as absent) and 0100, 0110, 0111, 1000 are WB-S1 only (read as 0010
// in NB-S1 mode), so none of them is a value an NB-IoT device can request.
constexpr std::array<EdrxEntry, 10> kNbiotEdrx{{
    {0b0010U, 20.48},
    {0b0011U, 40.96},
    {0b0101U, 81.92},
    {0b1001U, 163.84},
    {0b1010U, 327.68},
    {0b1011U, 655.36},
    {0b1100U, 1310.72},
    {0b1101U, 2621.44},
    {0b1110U, 5242.88},
    {0b1111U, 10485.76},
}};

// NB-S1 paging time window: 2.56 s x (n + 1), n = 0..15 carried in bits 8..5.
constexpr double kNbiotPtwStep_s = 2.56;
constexpr unsigned kNbiotPtwCodeMax = 15U;

}  // namespace

std::optional<EncodedTimer> EncodeGprsTimer3(double seconds) {
  return EncodeWithUnits(seconds, kTimer3UnitsByStep);
}

std::optional<EncodedTimer> EncodeGprsTimer2(double seconds) {
  return EncodeWithUnits(seconds, kTimer2UnitsByStep);
}

std::optional<double> DecodeGprsTimer3(std::uint8_t octet) {
  return DecodeWithSteps(octet, kTimer3StepByUnitBits_s);
}

std::optional<double> DecodeGprsTimer2(std::uint8_t octet) {
  return DecodeWithSteps(octet, kTimer2StepByUnitBits_s);
}

const std::vector<double>& GprsTimer3Values_s() {
  static const std::vector<double> values_s = BuildValueList(kTimer3UnitsByStep);
  return values_s;
}

const std::vector<double>& GprsTimer2Values_s() {
  static const std::vector<double> values_s = BuildValueList(kTimer2UnitsByStep);
  return values_s;
}

const std::vector<double>& NbiotEdrxCycles_s() {
  static const std::vector<double> values_s = [] {
    std::vector<double> cycles_s;
    cycles_s.reserve(kNbiotEdrx.size());
    for (const EdrxEntry& entry : kNbiotEdrx) cycles_s.push_back(entry.cycle_s);
    return cycles_s;  // the table is already ascending
  }();
  return values_s;
}

const std::vector<double>& NbiotPagingTimeWindows_s() {
  static const std::vector<double> values_s = [] {
    std::vector<double> windows_s;
    windows_s.reserve(kNbiotPtwCodeMax + 1U);
    for (unsigned code = 0; code <= kNbiotPtwCodeMax; ++code) {
      windows_s.push_back(kNbiotPtwStep_s * static_cast<double>(code + 1U));
    }
    return windows_s;
  }();
  return values_s;
}

const std::vector<double>& IdleDrxCycles_s() {
  // rf128, rf256, rf512, rf1024 radio frames of 10 ms each.
  static const std::vector<double> values_s{1.28, 2.56, 5.12, 10.24};
  return values_s;
}

bool IsAllowed(double value_s, const std::vector<double>& allowed_s) {
  return std::any_of(allowed_s.begin(), allowed_s.end(),
                     [value_s](double allowed) { return IsWithinTolerance(allowed, value_s); });
}

Nearest NearestAllowed(double value_s, const std::vector<double>& allowed_s) {
  // A linear scan keeps this correct for any list a caller passes, sorted or not; the lists here
  // hold at most 189 values.
  Nearest nearest;
  if (std::isnan(value_s)) return nearest;
  for (const double allowed : allowed_s) {
    if (allowed <= value_s + kMatchTolerance_s) {
      if (!nearest.below_s || allowed > *nearest.below_s) nearest.below_s = allowed;
    }
    if (allowed >= value_s - kMatchTolerance_s) {
      if (!nearest.above_s || allowed < *nearest.above_s) nearest.above_s = allowed;
    }
  }
  return nearest;
}

std::string ToBitString(std::uint8_t octet) {
  std::string bits(8, '0');
  for (unsigned bit = 0; bit < 8U; ++bit) {
    if ((octet >> (7U - bit)) & 1U) bits[bit] = '1';  // bits[0] is bit 8 (MSB), as AT+CPSMS
  }
  return bits;
}

std::optional<std::uint8_t> EncodeNbiotEdrxCycle(double seconds) {
  for (const EdrxEntry& entry : kNbiotEdrx) {
    if (IsWithinTolerance(entry.cycle_s, seconds)) return entry.code;
  }
  return std::nullopt;  // also for NaN: every comparison with NaN is false
}

std::optional<std::uint8_t> EncodeNbiotPagingTimeWindow(double seconds) {
  if (!std::isfinite(seconds)) return std::nullopt;
  const double max_s = kNbiotPtwStep_s * static_cast<double>(kNbiotPtwCodeMax + 1U);
  if (seconds < kNbiotPtwStep_s - kMatchTolerance_s || seconds > max_s + kMatchTolerance_s) {
    return std::nullopt;
  }
  const long windows = std::lround(seconds / kNbiotPtwStep_s);  // n + 1, 1..16
  if (!IsWithinTolerance(static_cast<double>(windows) * kNbiotPtwStep_s, seconds)) {
    return std::nullopt;
  }
  return static_cast<std::uint8_t>(windows - 1);
}

}  // namespace pb::models::radio::timers
