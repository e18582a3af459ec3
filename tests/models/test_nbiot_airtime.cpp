// Tests for the NB-IoT airtime model (models/radio/nbiot/airtime.hpp).
// Table values are from TS 36.213 Table 16.4.1.5.1-1 (NPDSCH) and Table 16.5.1.2-2 (NPUSCH),
// as cross-checked in nbiot_airtime.cpp.
#include "models/radio/nbiot/airtime.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "models/units.hpp"

namespace pb::models::radio::nbiot {
namespace {

constexpr double kMs = units::kSecondsPerMillisecond;

// Runs fn, expects std::invalid_argument, returns its message (for checking what it names).
template <typename Fn>
std::string InvalidArgumentMessage(Fn fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  } catch (...) {
    ADD_FAILURE() << "threw something other than std::invalid_argument";
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

// --- TBS tables -------------------------------------------------------------------------------

// Corners and middle of TS 36.213 Table 16.4.1.5.1-1 (NPDSCH), incl. the Rel-14 row I_TBS 13.
TEST(NbiotTbs, NpdschSpotValuesFromSpec) {
  EXPECT_EQ(NpdschTbsBits(0, 0), 16);
  EXPECT_EQ(NpdschTbsBits(0, 7), 256);
  EXPECT_EQ(NpdschTbsBits(12, 0), 208);
  EXPECT_EQ(NpdschTbsBits(12, 2), 680);   // Cat-NB1 max in the fewest subframes
  EXPECT_EQ(NpdschTbsBits(12, 7), 2280);
  EXPECT_EQ(NpdschTbsBits(13, 0), 224);
  EXPECT_EQ(NpdschTbsBits(13, 7), 2536);  // Cat-NB2 max
  EXPECT_EQ(NpdschTbsBits(5, 2), 224);    // OAI's 244 is a typo (not a multiple of 8)
  EXPECT_EQ(NpdschTbsBits(7, 5), 680);    // differs from NPUSCH (712) in the spec itself
  EXPECT_EQ(NpdschTbsBits(10, 3), 680);
  EXPECT_EQ(NpdschTbsBits(6, 7), 1032);
  EXPECT_EQ(NpdschTbsBits(12, 3), 904);
  EXPECT_EQ(NpdschTbsBits(13, 3), 1032);  // 1128 in V14.2.0 / OAI; 1032 in later versions
}

// Corners and middle of TS 36.213 Table 16.5.1.2-2 (NPUSCH format 1).
TEST(NbiotTbs, NpuschSpotValuesFromSpec) {
  EXPECT_EQ(NpuschTbsBits(0, 0), 16);
  EXPECT_EQ(NpuschTbsBits(0, 1), 32);     // OAI's 2 is a typo
  EXPECT_EQ(NpuschTbsBits(0, 7), 256);
  EXPECT_EQ(NpuschTbsBits(12, 0), 208);
  EXPECT_EQ(NpuschTbsBits(12, 3), 1000);  // Cat-NB1 max in the fewest resource units
  EXPECT_EQ(NpuschTbsBits(12, 7), 2280);
  EXPECT_EQ(NpuschTbsBits(13, 7), 2536);  // Cat-NB2 max
  EXPECT_EQ(NpuschTbsBits(6, 7), 1000);
  EXPECT_EQ(NpuschTbsBits(7, 5), 712);
  EXPECT_EQ(NpuschTbsBits(10, 5), 1000);
  EXPECT_EQ(NpuschTbsBits(4, 7), 680);
  EXPECT_EQ(NpuschTbsBits(13, 3), 1032);
}

// Outside I_TBS 0..13 / index 0..7 there is no table entry (header contract: std::out_of_range).
TEST(NbiotTbs, LookupOutsideTableThrowsOutOfRange) {
  EXPECT_THROW(NpdschTbsBits(-1, 0), std::out_of_range);
  EXPECT_THROW(NpdschTbsBits(14, 0), std::out_of_range);
  EXPECT_THROW(NpdschTbsBits(0, -1), std::out_of_range);
  EXPECT_THROW(NpdschTbsBits(0, 8), std::out_of_range);
  EXPECT_THROW(NpuschTbsBits(-1, 0), std::out_of_range);
  EXPECT_THROW(NpuschTbsBits(14, 0), std::out_of_range);
  EXPECT_THROW(NpuschTbsBits(0, 8), std::out_of_range);
}

// Transcription guard: every LTE-family TBS is a multiple of 8, and TBS grows with both the
// allocation (along a row) and the TBS index (down a column) in both spec tables.
TEST(NbiotTbs, TablesAreMonotonicAndByteAligned) {
  for (int itbs = 0; itbs <= kMaxItbs; ++itbs) {
    for (int i = 0; i < kNumIsf; ++i) {
      SCOPED_TRACE("I_TBS " + std::to_string(itbs) + ", index " + std::to_string(i));
      EXPECT_EQ(NpdschTbsBits(itbs, i) % 8, 0);
      EXPECT_EQ(NpuschTbsBits(itbs, i) % 8, 0);
      if (i + 1 < kNumIsf) {
        EXPECT_LT(NpdschTbsBits(itbs, i), NpdschTbsBits(itbs, i + 1));
        EXPECT_LT(NpuschTbsBits(itbs, i), NpuschTbsBits(itbs, i + 1));
      }
      if (itbs < kMaxItbs) {
        EXPECT_LE(NpdschTbsBits(itbs, i), NpdschTbsBits(itbs + 1, i));
        EXPECT_LE(NpuschTbsBits(itbs, i), NpuschTbsBits(itbs + 1, i));
      }
    }
  }
}

// The Rel-13 tables (srsRAN_4G tbs_tables_nbiot.h, v13.2.0) fill 78 NPDSCH and 90 NPUSCH cells in
// I_TBS 0..12; these are exactly the Rel-14 cells within the Cat-NB1 limits, so capping at the
// category maximum reproduces Rel-13 behaviour for Cat-NB1.
TEST(NbiotTbs, CatNb1ViewEqualsRel13Tables) {
  int downlink_cells = 0;
  int uplink_cells = 0;
  for (int itbs = 0; itbs <= 12; ++itbs) {
    for (int i = 0; i < kNumIsf; ++i) {
      if (NpdschTbsBits(itbs, i) <= MaxDownlinkTbsBits(UeCategory::kNB1)) ++downlink_cells;
      if (NpuschTbsBits(itbs, i) <= MaxUplinkTbsBits(UeCategory::kNB1)) ++uplink_cells;
    }
  }
  EXPECT_EQ(downlink_cells, 78);
  EXPECT_EQ(uplink_cells, 90);
}

// TS 36.213 Table 16.4.1.3-1 (N_SF) and Table 16.5.1.1-2 (N_RU).
TEST(NbiotTbs, SubframeAndResourceUnitMaps) {
  const std::vector<int> expected{1, 2, 3, 4, 5, 6, 8, 10};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(SubframesForIsf(i), expected[i]) << "I_SF " << i;
    EXPECT_EQ(ResourceUnitsForIru(i), expected[i]) << "I_RU " << i;
  }
  EXPECT_THROW(SubframesForIsf(-1), std::out_of_range);
  EXPECT_THROW(SubframesForIsf(8), std::out_of_range);
  EXPECT_THROW(ResourceUnitsForIru(-1), std::out_of_range);
  EXPECT_THROW(ResourceUnitsForIru(8), std::out_of_range);
}

// TS 36.306 §4.1C: Cat-NB1 680 bits DL / 1000 bits UL, Cat-NB2 2536 bits both ways.
TEST(NbiotTbs, CategoryMaximumTbs) {
  EXPECT_EQ(MaxDownlinkTbsBits(UeCategory::kNB1), 680);
  EXPECT_EQ(MaxUplinkTbsBits(UeCategory::kNB1), 1000);
  EXPECT_EQ(MaxDownlinkTbsBits(UeCategory::kNB2), 2536);
  EXPECT_EQ(MaxUplinkTbsBits(UeCategory::kNB2), 2536);
}

// --- Durations ----------------------------------------------------------------------------------

// TS 36.211 Table 10.1.2.3-1: 1/3/6/12 tones at 15 kHz last 8/4/2/1 ms; 1 tone at 3.75 kHz 32 ms.
TEST(NbiotDurations, ResourceUnitDurations) {
  EXPECT_DOUBLE_EQ(ResourceUnitDuration_s(1, 15.0), 8 * kMs);
  EXPECT_DOUBLE_EQ(ResourceUnitDuration_s(3, 15.0), 4 * kMs);
  EXPECT_DOUBLE_EQ(ResourceUnitDuration_s(6, 15.0), 2 * kMs);
  EXPECT_DOUBLE_EQ(ResourceUnitDuration_s(12, 15.0), 1 * kMs);
  EXPECT_DOUBLE_EQ(ResourceUnitDuration_s(1, 3.75), 32 * kMs);
}

// Combinations the spec does not define are rejected (multi-tone exists only at 15 kHz).
TEST(NbiotDurations, InvalidResourceUnitCombinationsThrow) {
  EXPECT_THROW(ResourceUnitDuration_s(3, 3.75), std::invalid_argument);
  EXPECT_THROW(ResourceUnitDuration_s(12, 3.75), std::invalid_argument);
  EXPECT_THROW(ResourceUnitDuration_s(2, 15.0), std::invalid_argument);
  EXPECT_THROW(ResourceUnitDuration_s(0, 15.0), std::invalid_argument);
  EXPECT_THROW(ResourceUnitDuration_s(1, 7.5), std::invalid_argument);
}

// TS 36.211 §10.1.6: group = CP + 5 x 266.67 us; format 0 CP 66.67 us -> 1.4 ms, format 1 CP
// 266.67 us -> 1.6 ms; 4 groups per repetition -> 5.6 ms / 6.4 ms, times repetitions.
TEST(NbiotDurations, NprachPreamble) {
  EXPECT_DOUBLE_EQ(NprachPreambleDuration_s(0, 1), 5.6 * kMs);
  EXPECT_DOUBLE_EQ(NprachPreambleDuration_s(1, 1), 6.4 * kMs);
  EXPECT_DOUBLE_EQ(NprachPreambleDuration_s(0, 128), 128 * 5.6 * kMs);
  EXPECT_DOUBLE_EQ(NprachPreambleDuration_s(1, 16), 16 * 6.4 * kMs);
}

// NPRACH: format 0/1 only; numRepetitionsPerPreambleAttempt n1..n128 (TS 36.331).
TEST(NbiotDurations, NprachInvalidArgumentsThrow) {
  EXPECT_THROW(NprachPreambleDuration_s(2, 1), std::invalid_argument);
  EXPECT_THROW(NprachPreambleDuration_s(-1, 1), std::invalid_argument);
  EXPECT_THROW(NprachPreambleDuration_s(0, 0), std::invalid_argument);
  EXPECT_THROW(NprachPreambleDuration_s(0, 3), std::invalid_argument);
  EXPECT_THROW(NprachPreambleDuration_s(0, 256), std::invalid_argument);
}

// NPUSCH format 2: one tone, one RU of 4 slots (TS 36.211 Table 10.1.2.3-1): 2 ms at 15 kHz,
// 8 ms at 3.75 kHz, times ack-NACK-NumRepetitions (n1..n128).
TEST(NbiotDurations, HarqAck) {
  EXPECT_DOUBLE_EQ(HarqAckDuration_s(15.0, 1), 2 * kMs);
  EXPECT_DOUBLE_EQ(HarqAckDuration_s(3.75, 1), 8 * kMs);
  EXPECT_DOUBLE_EQ(HarqAckDuration_s(15.0, 128), 256 * kMs);
  EXPECT_DOUBLE_EQ(HarqAckDuration_s(3.75, 4), 32 * kMs);
  EXPECT_THROW(HarqAckDuration_s(30.0, 1), std::invalid_argument);
  EXPECT_THROW(HarqAckDuration_s(15.0, 3), std::invalid_argument);
  EXPECT_THROW(HarqAckDuration_s(15.0, 256), std::invalid_argument);
}

// --- Segmentation -------------------------------------------------------------------------------

// A payload of exactly the category-max TBS is one block: Cat-NB1 DL I_TBS 12 gives 680 bits in
// N_SF = 3 (Table 16.4.1.5.1-1, I_SF 2); UL I_TBS 12 gives 1000 bits in N_RU = 4 (I_RU 3).
TEST(NbiotSegmentation, PayloadEqualToOneTbsIsOneBlock) {
  const Transfer dl = DownlinkTransfer(680, DownlinkLink{.itbs = 12});
  EXPECT_EQ(dl.transport_blocks, 1);
  EXPECT_EQ(dl.carried_bits, 680);
  EXPECT_DOUBLE_EQ(dl.airtime_s, 3 * kMs);

  const Transfer ul = UplinkTransfer(1000, UplinkLink{.subcarriers = 12, .itbs = 12});
  EXPECT_EQ(ul.transport_blocks, 1);
  EXPECT_EQ(ul.carried_bits, 1000);
  EXPECT_DOUBLE_EQ(ul.airtime_s, 4 * kMs);
}

// One bit more needs a second block, the smallest one at that I_TBS (I_SF/I_RU 0: 208 bits, one
// subframe / one 1 ms RU at 12 tones).
TEST(NbiotSegmentation, OneBitMoreIsTwoBlocks) {
  const Transfer dl = DownlinkTransfer(681, DownlinkLink{.itbs = 12});
  EXPECT_EQ(dl.transport_blocks, 2);
  EXPECT_EQ(dl.carried_bits, 680 + 208);
  EXPECT_DOUBLE_EQ(dl.airtime_s, (3 + 1) * kMs);

  const Transfer ul = UplinkTransfer(1001, UplinkLink{.subcarriers = 12, .itbs = 12});
  EXPECT_EQ(ul.transport_blocks, 2);
  EXPECT_EQ(ul.carried_bits, 1000 + 208);
  EXPECT_DOUBLE_EQ(ul.airtime_s, (4 + 1) * kMs);
}

// The last block is the smallest allocation that carries the remainder: I_TBS 4 full blocks are
// 680 bits in 10 SF; 700 bits leave 20, carried by 56 bits in 1 SF (Table 16.4.1.5.1-1 row 4).
TEST(NbiotSegmentation, LastBlockUsesSmallestSufficientAllocation) {
  const Transfer dl = DownlinkTransfer(700, DownlinkLink{.itbs = 4});
  EXPECT_EQ(dl.transport_blocks, 2);
  EXPECT_EQ(dl.carried_bits, 680 + 56);
  EXPECT_DOUBLE_EQ(dl.airtime_s, (10 + 1) * kMs);

  // Remainder 300 bits at I_TBS 4 needs 328 bits = 5 SF (256 in 4 SF is too small).
  const Transfer dl2 = DownlinkTransfer(980, DownlinkLink{.itbs = 4});
  EXPECT_EQ(dl2.carried_bits, 680 + 328);
  EXPECT_DOUBLE_EQ(dl2.airtime_s, (10 + 5) * kMs);
}

// Full blocks use the largest TBS allowed by the category: Cat-NB2 at I_TBS 13 uses 2536 bits
// (10 SF) down and 2536 bits (10 RU) up; Cat-NB1 at I_TBS 11 uplink stops at 1000 bits (5 RU).
TEST(NbiotSegmentation, FullBlocksUseCategoryMaximum) {
  const Transfer dl = DownlinkTransfer(2 * 2536, DownlinkLink{.itbs = 13, .category = UeCategory::kNB2});
  EXPECT_EQ(dl.transport_blocks, 2);
  EXPECT_EQ(dl.carried_bits, 2 * 2536);
  EXPECT_DOUBLE_EQ(dl.airtime_s, 20 * kMs);

  const Transfer ul = UplinkTransfer(
      2536, UplinkLink{.subcarriers = 12, .itbs = 13, .category = UeCategory::kNB2});
  EXPECT_EQ(ul.transport_blocks, 1);
  EXPECT_DOUBLE_EQ(ul.airtime_s, 10 * kMs);

  const Transfer nb1 = UplinkTransfer(2000, UplinkLink{.subcarriers = 12, .itbs = 11});
  EXPECT_EQ(nb1.transport_blocks, 2);
  EXPECT_EQ(nb1.carried_bits, 2000);
  EXPECT_DOUBLE_EQ(nb1.airtime_s, 2 * 5 * kMs);
}

// Single-tone uplink at 3.75 kHz: one RU is 32 ms; 1000 bits at I_TBS 6 need N_RU 10.
TEST(NbiotSegmentation, SingleToneUplinkAirtime) {
  const Transfer ul =
      UplinkTransfer(1000, UplinkLink{.subcarriers = 1, .subcarrier_spacing_kHz = 3.75, .itbs = 6});
  EXPECT_EQ(ul.transport_blocks, 1);
  EXPECT_DOUBLE_EQ(ul.airtime_s, 10 * 32 * kMs);
}

// Header contract: payload 0 gives an empty Transfer; a negative payload is invalid.
TEST(NbiotSegmentation, EmptyAndNegativePayload) {
  const Transfer ul = UplinkTransfer(0, UplinkLink{});
  EXPECT_EQ(ul.transport_blocks, 0);
  EXPECT_EQ(ul.carried_bits, 0);
  EXPECT_EQ(ul.airtime_s, 0.0);
  const Transfer dl = DownlinkTransfer(0, DownlinkLink{});
  EXPECT_EQ(dl.transport_blocks, 0);
  EXPECT_EQ(dl.airtime_s, 0.0);
  EXPECT_THROW(UplinkTransfer(-1, UplinkLink{}), std::invalid_argument);
  EXPECT_THROW(DownlinkTransfer(-8, DownlinkLink{}), std::invalid_argument);
}

// Repetitions repeat the whole transmission: airtime scales linearly over every allowed count
// (NPUSCH Table 16.5.1.1-3; NPDSCH Table 16.4.1.3-2, which includes 192, 384, 768, 1536).
TEST(NbiotSegmentation, AirtimeScalesLinearlyWithRepetitions) {
  const int payload_bits = 1500;
  const double ul_once_s =
      UplinkTransfer(payload_bits, UplinkLink{.subcarriers = 3, .itbs = 9}).airtime_s;
  for (int repetitions : {1, 2, 4, 8, 16, 32, 64, 128}) {
    const Transfer ul = UplinkTransfer(
        payload_bits, UplinkLink{.subcarriers = 3, .itbs = 9, .repetitions = repetitions});
    EXPECT_DOUBLE_EQ(ul.airtime_s, repetitions * ul_once_s) << repetitions;
    EXPECT_GE(ul.carried_bits, payload_bits);
  }
  const double dl_once_s = DownlinkTransfer(payload_bits, DownlinkLink{.itbs = 7}).airtime_s;
  for (int repetitions :
       {1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048}) {
    const Transfer dl =
        DownlinkTransfer(payload_bits, DownlinkLink{.itbs = 7, .repetitions = repetitions});
    EXPECT_DOUBLE_EQ(dl.airtime_s, repetitions * dl_once_s) << repetitions;
  }
}

// Over 0..20000 bits, for a spread of links: airtime never decreases with payload, the blocks
// carry at least the payload, and the padding stays below one category-max TBS.
TEST(NbiotSegmentation, MonotonicSweepAndCarriedBits) {
  const std::vector<UplinkLink> uplinks{
      UplinkLink{},
      UplinkLink{.subcarriers = 1, .subcarrier_spacing_kHz = 3.75, .itbs = 10},
      UplinkLink{.subcarriers = 3, .itbs = 5, .repetitions = 4},
      UplinkLink{.subcarriers = 12, .itbs = 12},
      UplinkLink{.subcarriers = 12, .itbs = 13, .category = UeCategory::kNB2},
      UplinkLink{.subcarriers = 6, .itbs = 8, .category = UeCategory::kNB2},
  };
  for (const UplinkLink& link : uplinks) {
    double previous_s = 0.0;
    for (int bits = 0; bits <= 20000; ++bits) {
      const Transfer t = UplinkTransfer(bits, link);
      ASSERT_GE(t.airtime_s, previous_s) << "UL itbs " << link.itbs << " bits " << bits;
      ASSERT_GE(t.carried_bits, bits);
      ASSERT_LT(t.carried_bits - bits, MaxUplinkTbsBits(link.category));
      previous_s = t.airtime_s;
    }
  }
  const std::vector<DownlinkLink> downlinks{
      DownlinkLink{},
      DownlinkLink{.itbs = 4, .repetitions = 192},
      DownlinkLink{.itbs = 12},
      DownlinkLink{.itbs = 10, .category = UeCategory::kNB2},
      DownlinkLink{.itbs = 13, .category = UeCategory::kNB2},
  };
  for (const DownlinkLink& link : downlinks) {
    double previous_s = 0.0;
    for (int bits = 0; bits <= 20000; ++bits) {
      const Transfer t = DownlinkTransfer(bits, link);
      ASSERT_GE(t.airtime_s, previous_s) << "DL itbs " << link.itbs << " bits " << bits;
      ASSERT_GE(t.carried_bits, bits);
      ASSERT_LT(t.carried_bits - bits, MaxDownlinkTbsBits(link.category));
      previous_s = t.airtime_s;
    }
  }
}

// --- Invalid link parameters -------------------------------------------------------------------

// Each rejection names the parameter, the value and the allowed values.
TEST(NbiotValidation, MessagesNameParameterValueAndAllowedValues) {
  const std::string reps = InvalidArgumentMessage(
      [] { UplinkTransfer(100, UplinkLink{.repetitions = 3}); });
  EXPECT_NE(reps.find("repetitions"), std::string::npos) << reps;
  EXPECT_NE(reps.find("= 3"), std::string::npos) << reps;
  EXPECT_NE(reps.find("{1, 2, 4, 8, 16, 32, 64, 128}"), std::string::npos) << reps;

  const std::string dl_reps = InvalidArgumentMessage(
      [] { DownlinkTransfer(100, DownlinkLink{.repetitions = 4096}); });
  EXPECT_NE(dl_reps.find("4096"), std::string::npos) << dl_reps;
  EXPECT_NE(dl_reps.find("1536, 2048}"), std::string::npos) << dl_reps;

  const std::string tones = InvalidArgumentMessage(
      [] { UplinkTransfer(100, UplinkLink{.subcarriers = 3, .subcarrier_spacing_kHz = 3.75}); });
  EXPECT_NE(tones.find("subcarrier"), std::string::npos) << tones;
  EXPECT_NE(tones.find("(3, 3.75)"), std::string::npos) << tones;
  EXPECT_NE(tones.find("1, 3, 6 or 12"), std::string::npos) << tones;

  const std::string itbs = InvalidArgumentMessage(
      [] { DownlinkTransfer(100, DownlinkLink{.itbs = 13}); });
  EXPECT_NE(itbs.find("itbs = 13"), std::string::npos) << itbs;
  EXPECT_NE(itbs.find("0..12"), std::string::npos) << itbs;
}

// Out-of-range link parameters throw std::invalid_argument.
TEST(NbiotValidation, InvalidLinkParametersThrow) {
  // I_TBS 13 is Cat-NB2 only (Rel-14 row); negative or > 13 never exists.
  EXPECT_THROW(DownlinkTransfer(100, DownlinkLink{.itbs = 13}), std::invalid_argument);
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.subcarriers = 12, .itbs = 13}), std::invalid_argument);
  EXPECT_THROW(DownlinkTransfer(100, DownlinkLink{.itbs = -1}), std::invalid_argument);
  EXPECT_THROW(DownlinkTransfer(100, DownlinkLink{.itbs = 14, .category = UeCategory::kNB2}),
               std::invalid_argument);
  // Single-tone NPUSCH reaches only I_TBS 10 (TS 36.213 Table 16.5.1.2-1).
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.subcarriers = 1, .itbs = 11}), std::invalid_argument);
  EXPECT_NO_THROW(UplinkTransfer(100, UplinkLink{.subcarriers = 1, .itbs = 10}));
  // Repetition counts outside the spec's sets.
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.repetitions = 0}), std::invalid_argument);
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.repetitions = 256}), std::invalid_argument);
  EXPECT_THROW(DownlinkTransfer(100, DownlinkLink{.repetitions = 3}), std::invalid_argument);
  EXPECT_THROW(DownlinkTransfer(100, DownlinkLink{.repetitions = 4096}), std::invalid_argument);
  // Tone / spacing combinations.
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.subcarriers = 2}), std::invalid_argument);
  EXPECT_THROW(UplinkTransfer(100, UplinkLink{.subcarrier_spacing_kHz = 30.0}), std::invalid_argument);
}

// --- Peak-rate sanity (Cat-NB1) -------------------------------------------------------------------

// The quoted Cat-NB1 peak rates are one TBS per scheduling cycle (techplayon.com "NB-IoT peak
// data rate calculation"), with the minimum gaps of TS 36.213:
//  DL: NPDCCH 1 SF; NPDSCH starts in subframe n+5 (§16.4.1, k0 = 0) -> 4 ms gap; NPDSCH;
//      HARQ-ACK after subframe n+k0-1 with k0 >= 13 (§16.4.2) -> 12 ms gap; NPUSCH format 2
//      (2 ms at 15 kHz); no NPDCCH monitoring for 3 SF after an NPUSCH (§16.6) -> 3 ms.
//  UL: NPDCCH 1 SF; NPUSCH after subframe n+k0 with k0 >= 8 (§16.5.1, I_Delay 0) -> 8 ms gap;
//      NPUSCH; 3 ms before the next NPDCCH.
// NPSS/NSSS/NPBCH subframes are ignored, as in the quoted figures.
TEST(NbiotPeakRate, CatNb1PeakRatesFromSchedulingCycle) {
  const double npdcch_s = 1 * kMs;
  const double ack_s = HarqAckDuration_s(15.0, 1);

  // Instantaneous: 680 bits in N_SF 3 (I_TBS 12, I_SF 2) = 226.7 kbps, the figure quoted as the
  // Cat-NB1 physical-layer DL peak.
  const Transfer dl_standalone = DownlinkTransfer(680, DownlinkLink{.itbs = 12});
  EXPECT_NEAR(680 / dl_standalone.airtime_s, 226.7e3, 0.1e3);

  // In-band deployment is limited to I_TBS 10, where 680 bits take N_SF 4: cycle 1+4+4+12+2+3 =
  // 26 ms -> 26.15 kbps, the well-known ~26 kbps.
  const Transfer dl_inband = DownlinkTransfer(680, DownlinkLink{.itbs = 10});
  ASSERT_DOUBLE_EQ(dl_inband.airtime_s, 4 * kMs);
  const double dl_cycle_s = npdcch_s + 4 * kMs + dl_inband.airtime_s + 12 * kMs + ack_s + 3 * kMs;
  EXPECT_NEAR(dl_cycle_s, 26 * kMs, 1e-12);
  EXPECT_NEAR(680 / dl_cycle_s, 26.15e3, 0.01e3);
  // Standalone with I_TBS 12 saves one subframe: 25 ms -> 27.2 kbps.
  const double dl_cycle_standalone_s =
      npdcch_s + 4 * kMs + dl_standalone.airtime_s + 12 * kMs + ack_s + 3 * kMs;
  EXPECT_NEAR(680 / dl_cycle_standalone_s, 27.2e3, 0.01e3);

  // UL: 1000 bits at I_TBS 12 in N_RU 4 of 1 ms (12 tones) = 250 kbps instantaneous; cycle
  // 1+8+4+3 = 16 ms -> 62.5 kbps, the well-known ~62 kbps.
  const Transfer ul = UplinkTransfer(1000, UplinkLink{.subcarriers = 12, .itbs = 12});
  EXPECT_NEAR(1000 / ul.airtime_s, 250e3, 1e-6);
  const double ul_cycle_s = npdcch_s + 8 * kMs + ul.airtime_s + 3 * kMs;
  EXPECT_NEAR(1000 / ul_cycle_s, 62.5e3, 1e-6);
}

}  // namespace
}  // namespace pb::models::radio::nbiot
