// Tests for the NAS timer encodings (models/radio/nas_timers.hpp).
//
// Sources referred to below:
//  [24.008]   3GPP TS 24.008 §10.5.7.3 (GPRS Timer 2), §10.5.7.4a (GPRS Timer 3), §10.5.5.32
//             (Extended DRX parameters), as reproduced by the sources that follow.
//  [NRF-PSM]  nrfconnect/sdk-nrf lib/lte_link_control/modules/psm.c (t3412_ext_lookup,
//             t3324_lookup).
//  [NRF-EDRX] nrfconnect/sdk-nrf lib/lte_link_control/modules/edrx.c (edrx_lookup_nbiot,
//             NB-IoT PTW multiplier 2.56 s).
//  [NORDIC-CPSMS] https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/nw_service/cpsms_read.html
//  [NORDIC-CEDRX] https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/nw_service/cedrxrdp_set.html
//  [NORDIC-XPTW]  https://infocenter.nordicsemi.com/topic/ref_at_commands/REF/at_commands/mob_termination_ctrl_status/xptw_set.html
//  [TELIT]    Telit ME910C1 AT Commands Reference 80529ST10815A, +CPSMS ("01000111" = 70 hours).
//  [UBLOX]    u-blox SARA-R4 AT Commands Manual UBX-17003787, +UCPSMS ("00100100" = 4 minutes).
//  [FIG]      shared/reference/published-figures.md (CPSMS anchor, eDRX and PTW ranges).
//  [36.331]   TS 36.331 PCCH-Config-NB defaultPagingCycle-r13 {rf128, rf256, rf512, rf1024}.
#include "models/radio/nas_timers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/units.hpp"

namespace pb::models::radio::timers {
namespace {

using units::kSecondsPerHour;
using units::kSecondsPerMinute;
// List entries built as products of 2.56 or 10.24 may differ from a decimal literal by an ulp.
constexpr double kFloatSlack_s = 1e-9;

// Seconds per step of each unit, indexed by bits 8..6 ([NRF-PSM] t3412_ext_lookup; 0 = off).
constexpr double kTimer3Step_s[8] = {600.0, 3600.0, 36000.0, 2.0, 30.0, 60.0, 1152000.0, 0.0};

std::uint8_t Octet(unsigned unit_bits, unsigned count) {
  return static_cast<std::uint8_t>((unit_bits << 5U) | (count & 0x1FU));
}

void ExpectStrictlyAscending(const std::vector<double>& values) {
  for (std::size_t i = 1; i < values.size(); ++i) {
    EXPECT_LT(values[i - 1], values[i]) << "at index " << i;
  }
}

// ---- The AT+CPSMS anchor --------------------------------------------------------------------

// [FIG], [NORDIC-CPSMS]: AT+CPSMS=1,,,"00000110","00100001" requests T3412 = 6 x 10 min = 3600 s
// and T3324 = 1 x 1 min = 60 s.
TEST(NasTimersCpsmsAnchor, DecodesTheAnchorOctets) {
  EXPECT_EQ(DecodeGprsTimer3(0b00000110U), 3600.0);
  EXPECT_EQ(DecodeGprsTimer2(0b00100001U), 60.0);
}

// [FIG]: the bit strings are written bit 8 first, exactly as they appear in the AT command.
TEST(NasTimersCpsmsAnchor, BitStringsMatchTheAtCommand) {
  EXPECT_EQ(ToBitString(0b00000110U), "00000110");
  EXPECT_EQ(ToBitString(0b00100001U), "00100001");
}

// [FIG]: 3600 s has two encodings, 6 x 10 min and 1 x 1 h; the smallest unit (10 min) is the
// anchor's "00000110". 1 min x 60 and smaller units overflow the 5-bit value field.
TEST(NasTimersCpsmsAnchor, EncodesTauOfOneHourAsTheAnchor) {
  const auto encoded = EncodeGprsTimer3(3600.0);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(ToBitString(encoded->octet), "00000110");
  EXPECT_EQ(encoded->value_s, 3600.0);
}

// Header contract (smallest unit): 60 s of active time is 30 x 2 s = "00011110", not the anchor's
// 1 x 1 min = "00100001". Both are valid [24.008] encodings of the same 60 s; [NRF-PSM]
// psm_encode_timer, which tries units in table order 2 s, 1 min, 6 min, picks "00011110" too.
TEST(NasTimersCpsmsAnchor, EncodesActiveTimeOfOneMinuteWithTheSmallestUnit) {
  const auto encoded = EncodeGprsTimer2(60.0);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(ToBitString(encoded->octet), "00011110");
  EXPECT_EQ(encoded->value_s, 60.0);
  EXPECT_EQ(DecodeGprsTimer2(encoded->octet), DecodeGprsTimer2(0b00100001U));
}

// ---- GPRS Timer 3 decoding ------------------------------------------------------------------

// [24.008] §10.5.7.4a via [NORDIC-CPSMS] and [NRF-PSM]: every unit, with value 7.
TEST(NasTimersGprsTimer3, DecodesEveryUnit) {
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b000U, 7)), 7 * 10 * kSecondsPerMinute);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b001U, 7)), 7 * kSecondsPerHour);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b010U, 7)), 7 * 10 * kSecondsPerHour);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b011U, 7)), 7 * 2.0);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b100U, 7)), 7 * 30.0);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b101U, 7)), 7 * kSecondsPerMinute);
  EXPECT_EQ(DecodeGprsTimer3(Octet(0b110U, 7)), 7 * 320 * kSecondsPerHour);
}

// [TELIT]: "01000111" equals 70 hours (unit 010 = 10 h, value 7).
TEST(NasTimersGprsTimer3, DecodesTheTelitExample) {
  EXPECT_EQ(DecodeGprsTimer3(0b01000111U), 70 * kSecondsPerHour);
}

// [24.008]: unit 111 means deactivated whatever the value bits hold.
TEST(NasTimersGprsTimer3, DeactivatedUnitGivesNullopt) {
  for (unsigned count = 0; count <= 31U; ++count) {
    EXPECT_FALSE(DecodeGprsTimer3(Octet(0b111U, count)).has_value()) << "value " << count;
  }
}

// [24.008]: the value field may be 0 for any unit; the timer value is then 0 s.
TEST(NasTimersGprsTimer3, ZeroValueDecodesToZeroForEveryActiveUnit) {
  for (unsigned unit = 0; unit < 7U; ++unit) {
    EXPECT_EQ(DecodeGprsTimer3(Octet(unit, 0)), 0.0) << "unit " << unit;
  }
}

// ---- GPRS Timer 2 decoding ------------------------------------------------------------------

// [24.008] §10.5.7.3 via [NORDIC-CPSMS] and [NRF-PSM]: 000 = 2 s, 001 = 1 min, 010 = 6 min.
TEST(NasTimersGprsTimer2, DecodesEveryDefinedUnit) {
  EXPECT_EQ(DecodeGprsTimer2(Octet(0b000U, 7)), 14.0);
  EXPECT_EQ(DecodeGprsTimer2(Octet(0b001U, 7)), 7 * kSecondsPerMinute);
  EXPECT_EQ(DecodeGprsTimer2(Octet(0b010U, 7)), 7 * 6 * kSecondsPerMinute);
}

// [UBLOX]: "00100100" equals 4 minutes.
TEST(NasTimersGprsTimer2, DecodesTheUbloxExample) {
  EXPECT_EQ(DecodeGprsTimer2(0b00100100U), 4 * kSecondsPerMinute);
}

// [24.008] "other values shall be interpreted as multiples of 1 minute"; [NRF-PSM] t3324_lookup
// maps 011..110 to 60 s.
TEST(NasTimersGprsTimer2, UndefinedUnitsDecodeAsMinutes) {
  for (unsigned unit = 0b011U; unit <= 0b110U; ++unit) {
    EXPECT_EQ(DecodeGprsTimer2(Octet(unit, 5)), 5 * kSecondsPerMinute) << "unit " << unit;
  }
}

// [24.008]: unit 111 means deactivated.
TEST(NasTimersGprsTimer2, DeactivatedUnitGivesNullopt) {
  for (unsigned count = 0; count <= 31U; ++count) {
    EXPECT_FALSE(DecodeGprsTimer2(Octet(0b111U, count)).has_value()) << "value " << count;
  }
}

TEST(NasTimersGprsTimer2, ZeroValueDecodesToZeroForEveryActiveUnit) {
  for (unsigned unit = 0; unit < 7U; ++unit) {
    EXPECT_EQ(DecodeGprsTimer2(Octet(unit, 0)), 0.0) << "unit " << unit;
  }
}

// ---- Encoding choices -----------------------------------------------------------------------

// Header contract: 0 s is encodable with the smallest unit and value 0 (Timer 3 unit 011 = 2 s,
// Timer 2 unit 000 = 2 s), and decodes back to 0 s.
TEST(NasTimersEncoding, ZeroSecondsUsesTheSmallestUnit) {
  const auto timer3 = EncodeGprsTimer3(0.0);
  ASSERT_TRUE(timer3.has_value());
  EXPECT_EQ(ToBitString(timer3->octet), "01100000");
  EXPECT_EQ(timer3->value_s, 0.0);
  const auto timer2 = EncodeGprsTimer2(0.0);
  ASSERT_TRUE(timer2.has_value());
  EXPECT_EQ(ToBitString(timer2->octet), "00000000");
  EXPECT_EQ(timer2->value_s, 0.0);
}

// Header contract: 60 s = 30 x 2 s = 2 x 30 s = 1 x 1 min; the 2 s unit wins ("011" + 30).
TEST(NasTimersEncoding, SixtySecondsPicksTheTwoSecondUnit) {
  const auto encoded = EncodeGprsTimer3(60.0);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(ToBitString(encoded->octet), "01111110");
}

// Header contract: 600 s = 20 x 30 s = 10 x 1 min = 1 x 10 min; 30 s is the smallest unit that
// fits in 31 steps (2 s would need 300).
TEST(NasTimersEncoding, TenMinutesPicksTheThirtySecondUnit) {
  const auto encoded = EncodeGprsTimer3(600.0);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(ToBitString(encoded->octet), "10010100");
}

// Every expressible Timer 3 value encodes to an octet that decodes back to it, and no other octet
// with the same value uses a smaller unit (brute force over all 256 octets).
TEST(NasTimersEncoding, Timer3RoundTripsWithTheSmallestUnit) {
  for (const double value_s : GprsTimer3Values_s()) {
    const auto encoded = EncodeGprsTimer3(value_s);
    ASSERT_TRUE(encoded.has_value()) << value_s;
    EXPECT_EQ(encoded->value_s, value_s);
    EXPECT_EQ(DecodeGprsTimer3(encoded->octet), value_s);
    const double chosen_step_s = kTimer3Step_s[encoded->octet >> 5U];
    for (unsigned octet = 0; octet <= 0xFFU; ++octet) {
      const auto decoded = DecodeGprsTimer3(static_cast<std::uint8_t>(octet));
      if (decoded && *decoded == value_s) {
        EXPECT_LE(chosen_step_s, kTimer3Step_s[octet >> 5U]) << value_s << " octet " << octet;
      }
    }
  }
}

TEST(NasTimersEncoding, Timer2RoundTrips) {
  for (const double value_s : GprsTimer2Values_s()) {
    const auto encoded = EncodeGprsTimer2(value_s);
    ASSERT_TRUE(encoded.has_value()) << value_s;
    EXPECT_EQ(DecodeGprsTimer2(encoded->octet), value_s);
    EXPECT_LE(encoded->octet >> 5U, 0b010U) << "only defined units are produced";
  }
}

// Header contract: 1 ms tolerance; the result carries the decoded value, not the input.
TEST(NasTimersEncoding, MatchesWithinOneMillisecondOnly) {
  const auto near = EncodeGprsTimer3(3600.0005);
  ASSERT_TRUE(near.has_value());
  EXPECT_EQ(near->value_s, 3600.0);
  EXPECT_FALSE(EncodeGprsTimer3(3600.002).has_value());
}

// 3 s: odd, so not a multiple of 2 s, and below the 30 s step. 3500 s: neither a multiple of
// 10 min nor within 31 x 1 min. 64 s: 32 x 2 s overflows the value field and 64 is not a multiple
// of 30 s or 1 min.
TEST(NasTimersEncoding, NonEncodableTimer3ValuesGiveNullopt) {
  EXPECT_FALSE(EncodeGprsTimer3(3.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(3500.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(64.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(-2.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(31 * 320 * kSecondsPerHour + 600.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(std::numeric_limits<double>::quiet_NaN()).has_value());
  EXPECT_FALSE(EncodeGprsTimer3(std::numeric_limits<double>::infinity()).has_value());
}

// 63 s: odd and not a whole minute. 11520 s = 32 x 6 min overflows the largest unit.
TEST(NasTimersEncoding, NonEncodableTimer2ValuesGiveNullopt) {
  EXPECT_FALSE(EncodeGprsTimer2(63.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer2(32 * 6 * kSecondsPerMinute).has_value());
  EXPECT_FALSE(EncodeGprsTimer2(-60.0).has_value());
  EXPECT_FALSE(EncodeGprsTimer2(std::numeric_limits<double>::quiet_NaN()).has_value());
}

// ---- Value lists ----------------------------------------------------------------------------

// 7 units x 31 values = 217 products, 28 of them duplicates (e.g. 60 s = 30 x 2 s = 2 x 30 s), so
// 189 distinct values from 2 s (1 x 2 s) to 31 x 320 h = 35 712 000 s.
TEST(NasTimersLists, GprsTimer3ValuesAreSortedUniqueAndComplete) {
  const auto& values = GprsTimer3Values_s();
  ExpectStrictlyAscending(values);
  EXPECT_EQ(values.size(), 189U);
  EXPECT_EQ(values.front(), 2.0);
  EXPECT_EQ(values.back(), 31 * 320 * kSecondsPerHour);
}

// 2 s x 1..31 (31 values), 1 min x 1..31 (30 new: 60 s is also 30 x 2 s), 6 min x 1..31 (26 new:
// 6, 12, 18, 24, 30 min are already whole minutes) = 87 values from 2 s to 31 x 6 min = 11160 s.
TEST(NasTimersLists, GprsTimer2ValuesAreSortedUniqueAndComplete) {
  const auto& values = GprsTimer2Values_s();
  ExpectStrictlyAscending(values);
  EXPECT_EQ(values.size(), 87U);
  EXPECT_EQ(values.front(), 2.0);
  EXPECT_EQ(values.back(), 31 * 6 * kSecondsPerMinute);
}

// [24.008] Table 10.5.5.32 via [NORDIC-CEDRX] (values without the WB-S1-only footnote) and
// [NRF-EDRX] (edrx_lookup_nbiot multipliers 2, 4, 8, 16 ... 1024 x 10.24 s); [FIG] gives the
// NB-IoT range 20.48 s .. 10485.76 s.
TEST(NasTimersLists, NbiotEdrxCyclesAreExactlyThe3gppValues) {
  const std::vector<double> expected_s{20.48,  40.96,   81.92,   163.84,  327.68,
                                       655.36, 1310.72, 2621.44, 5242.88, 10485.76};
  const auto& values = NbiotEdrxCycles_s();
  ASSERT_EQ(values.size(), expected_s.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_NEAR(values[i], expected_s[i], kFloatSlack_s) << "index " << i;
    EXPECT_NEAR(values[i], 10.24 * std::exp2(static_cast<double>(i + 1)), kFloatSlack_s);
  }
  ExpectStrictlyAscending(values);
}

// [24.008] via [NORDIC-XPTW] and [NRF-EDRX]: NB-S1 PTW = 2.56 s x (n + 1), n = 0..15; [FIG]
// 2.56 .. 40.96 s in 2.56 s steps.
TEST(NasTimersLists, NbiotPagingTimeWindowsAreSixteenStepsOf2p56) {
  const auto& values = NbiotPagingTimeWindows_s();
  ASSERT_EQ(values.size(), 16U);
  EXPECT_NEAR(values.front(), 2.56, kFloatSlack_s);
  EXPECT_NEAR(values.back(), 40.96, kFloatSlack_s);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_NEAR(values[i], 2.56 * static_cast<double>(i + 1), kFloatSlack_s) << "index " << i;
  }
  ExpectStrictlyAscending(values);
}

// [36.331]: rf128 .. rf1024 radio frames of 10 ms.
TEST(NasTimersLists, IdleDrxCyclesAreTheNbiotDefaultPagingCycles) {
  const auto& values = IdleDrxCycles_s();
  ASSERT_EQ(values.size(), 4U);
  EXPECT_NEAR(values[0], 1.28, kFloatSlack_s);
  EXPECT_NEAR(values[1], 2.56, kFloatSlack_s);
  EXPECT_NEAR(values[2], 5.12, kFloatSlack_s);
  EXPECT_NEAR(values[3], 10.24, kFloatSlack_s);
  ExpectStrictlyAscending(values);
}

// ---- eDRX and PTW field encodings -----------------------------------------------------------

// [NORDIC-CEDRX] and [NRF-EDRX]: the 4-bit code of each NB-S1 cycle.
TEST(NasTimersEdrx, EncodesEveryNbiotCycle) {
  EXPECT_EQ(EncodeNbiotEdrxCycle(20.48), 0b0010U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(40.96), 0b0011U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(81.92), 0b0101U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(163.84), 0b1001U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(327.68), 0b1010U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(655.36), 0b1011U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(1310.72), 0b1100U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(2621.44), 0b1101U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(5242.88), 0b1110U);
  EXPECT_EQ(EncodeNbiotEdrxCycle(10485.76), 0b1111U);
}

// [NORDIC-CEDRX] footnotes 5.12, 10.24, 61.44, 102.4, 122.88 and 143.36 s as WB-S1 (LTE-M) only.
TEST(NasTimersEdrx, RejectsWbS1OnlyAndOffTableCycles) {
  for (const double cycle_s : {5.12, 10.24, 61.44, 102.4, 122.88, 143.36, 100.0, 0.0, 20971.52}) {
    EXPECT_FALSE(EncodeNbiotEdrxCycle(cycle_s).has_value()) << cycle_s;
  }
  EXPECT_FALSE(EncodeNbiotEdrxCycle(std::numeric_limits<double>::quiet_NaN()).has_value());
}

// [NORDIC-XPTW]: 0000 = 2.56 s, 0011 = 10.24 s, 1111 = 40.96 s (bits 8..5, returned right-aligned).
TEST(NasTimersPtw, EncodesNbiotWindows) {
  EXPECT_EQ(EncodeNbiotPagingTimeWindow(2.56), 0b0000U);
  EXPECT_EQ(EncodeNbiotPagingTimeWindow(10.24), 0b0011U);
  EXPECT_EQ(EncodeNbiotPagingTimeWindow(25.6), 0b1001U);
  EXPECT_EQ(EncodeNbiotPagingTimeWindow(40.96), 0b1111U);
  for (std::size_t i = 0; i < NbiotPagingTimeWindows_s().size(); ++i) {
    EXPECT_EQ(EncodeNbiotPagingTimeWindow(NbiotPagingTimeWindows_s()[i]), i);
  }
}

// 1.28 s and 3.84 s are WB-S1 (LTE-M) PTWs only [NORDIC-XPTW]; 43.52 s is one step past the table.
TEST(NasTimersPtw, RejectsOffTableWindows) {
  for (const double window_s : {0.0, 1.28, 3.84, 2.57, 43.52, -2.56}) {
    EXPECT_FALSE(EncodeNbiotPagingTimeWindow(window_s).has_value()) << window_s;
  }
  EXPECT_FALSE(
      EncodeNbiotPagingTimeWindow(std::numeric_limits<double>::infinity()).has_value());
}

// ---- IsAllowed / NearestAllowed -------------------------------------------------------------

TEST(NasTimersAllowed, IsAllowedUsesOneMillisecondTolerance) {
  EXPECT_TRUE(IsAllowed(20.48, NbiotEdrxCycles_s()));
  EXPECT_TRUE(IsAllowed(20.4805, NbiotEdrxCycles_s()));
  EXPECT_FALSE(IsAllowed(20.482, NbiotEdrxCycles_s()));
  EXPECT_TRUE(IsAllowed(3600.0, GprsTimer3Values_s()));
  EXPECT_FALSE(IsAllowed(3500.0, GprsTimer3Values_s()));
  EXPECT_FALSE(IsAllowed(1.0, {}));
}

// 3500 s is not a Timer 3 value; the neighbours are 5 x 10 min = 3000 s and 6 x 10 min (= 1 h)
// = 3600 s. Nothing lies between: 31 x 1 min = 1860 s is the largest value of the finer units.
TEST(NasTimersAllowed, NearestAroundAnUnencodableTau) {
  const Nearest nearest = NearestAllowed(3500.0, GprsTimer3Values_s());
  EXPECT_EQ(nearest.below_s, 3000.0);
  EXPECT_EQ(nearest.above_s, 3600.0);
}

TEST(NasTimersAllowed, NearestAtTheEnds) {
  const Nearest below_min = NearestAllowed(1.0, GprsTimer3Values_s());
  EXPECT_FALSE(below_min.below_s.has_value());
  EXPECT_EQ(below_min.above_s, 2.0);

  const double max_s = 31 * 320 * kSecondsPerHour;
  const Nearest above_max = NearestAllowed(max_s + 1.0, GprsTimer3Values_s());
  EXPECT_EQ(above_max.below_s, max_s);
  EXPECT_FALSE(above_max.above_s.has_value());

  const Nearest past_edrx = NearestAllowed(20000.0, NbiotEdrxCycles_s());
  EXPECT_NEAR(past_edrx.below_s.value(), 10485.76, kFloatSlack_s);
  EXPECT_FALSE(past_edrx.above_s.has_value());
}

// Header contract: an allowed value is its own nearest value on both sides.
TEST(NasTimersAllowed, NearestOfAnAllowedValueIsItself) {
  const Nearest nearest = NearestAllowed(3600.0, GprsTimer3Values_s());
  EXPECT_EQ(nearest.below_s, 3600.0);
  EXPECT_EQ(nearest.above_s, 3600.0);
}

TEST(NasTimersAllowed, NearestInTheMiddleOfTheEdrxAndPtwLists) {
  const Nearest edrx = NearestAllowed(100.0, NbiotEdrxCycles_s());
  EXPECT_NEAR(edrx.below_s.value(), 81.92, kFloatSlack_s);
  EXPECT_NEAR(edrx.above_s.value(), 163.84, kFloatSlack_s);
  const Nearest ptw = NearestAllowed(6.0, NbiotPagingTimeWindows_s());
  EXPECT_NEAR(ptw.below_s.value(), 5.12, kFloatSlack_s);
  EXPECT_NEAR(ptw.above_s.value(), 7.68, kFloatSlack_s);
}

TEST(NasTimersAllowed, NearestHandlesEmptyAndUnsortedLists) {
  const Nearest empty = NearestAllowed(5.0, {});
  EXPECT_FALSE(empty.below_s.has_value());
  EXPECT_FALSE(empty.above_s.has_value());
  const Nearest unsorted = NearestAllowed(5.0, {10.0, 1.0, 7.0, 4.0});
  EXPECT_EQ(unsorted.below_s, 4.0);
  EXPECT_EQ(unsorted.above_s, 7.0);
}

// ---- ToBitString ----------------------------------------------------------------------------

TEST(NasTimersBitString, WritesBitEightFirst) {
  EXPECT_EQ(ToBitString(0x00U), "00000000");
  EXPECT_EQ(ToBitString(0xFFU), "11111111");
  EXPECT_EQ(ToBitString(0x80U), "10000000");
  EXPECT_EQ(ToBitString(0x01U), "00000001");
  EXPECT_EQ(ToBitString(0xE0U), "11100000");  // deactivated unit, value 0
}

}  // namespace
}  // namespace pb::models::radio::timers
