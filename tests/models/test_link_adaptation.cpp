// Link adaptation inside a CE level (models/radio/nbiot/link_adaptation.hpp): the repetition gain
// against the 3GPP requirement it is fitted to, continuity and monotonicity in coupling loss, and
// the limits of the transport-block tables.
#include <gtest/gtest.h>

#include <cmath>

#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/link_adaptation.hpp"
#include "support/test_device.hpp"

namespace pb::models::radio::nbiot {
namespace {

LinkBudgetParams Budget() {
  return LinkBudgetParams{.enb_tx_power_dBm = 35.0, .enb_noise_figure_dB = 5.0, .ue_noise_figure_dB = 9.0,
                          .uplink_interference_margin_dB = 0.0, .downlink_interference_margin_dB = 0.0,
                          .downlink_resource_share_frac = 0.74, .target_bler_frac = 0.1};
}
constexpr UplinkPowerControl kPower{.max_tx_power_dBm = 23.0, .p0_dBm = -100.0, .alpha_frac = 0.8};

// TS 36.104 Table 8.5.1.1.1-1 (NPUSCH format 1, 3.75 kHz): −1.9 / −9.2 / −12.2 dB at 1 / 16 / 64
// repetitions. The fitted exponent must reproduce the repetitions within a fifth.
TEST(LinkAdaptation, RepetitionGainFollowsTs36104) {
  EXPECT_NEAR(RepetitionsNeeded(-1.9, -9.2) / 16.0, 1.0, 0.2);
  EXPECT_NEAR(RepetitionsNeeded(-1.9, -12.2) / 64.0, 1.0, 0.2);
  EXPECT_DOUBLE_EQ(RepetitionsNeeded(-1.9, 0.0), 1.0);
}

// The uplink's cost is the UE's transmit charge per bit (the scheduler's choice among tone
// configurations minimises it); the downlink's and the control channels' cost is receive time.
TEST(LinkAdaptation, CostPerBitIsContinuousAndMonotoneInCouplingLoss) {
  const LinkBudgetParams budget = Budget();
  const models::radio::ModemParams modem = test::TestModem();
  auto uplink_charge = [&](const AdaptedLink& l) { return TxCurrent_A(modem, l.npusch.tx_power_dBm) * l.npusch.time_per_bit_s; };
  AdaptedLink previous = AdaptLink(budget, kPower, modem, 100.0);
  for (int i = 1; i <= 7000; ++i) {
    const double cl = 100.0 + 0.01 * i;
    const AdaptedLink link = AdaptLink(budget, kPower, modem, cl);
    for (auto [now, before] : {std::pair{uplink_charge(link), uplink_charge(previous)},
                               std::pair{link.npdsch.time_per_bit_s, previous.npdsch.time_per_bit_s},
                               std::pair{link.npdcch_repetitions, previous.npdcch_repetitions},
                               std::pair{link.harq_ack_time_s, previous.harq_ack_time_s}}) {
      EXPECT_GE(now, before * (1.0 - 1e-12)) << "at " << cl << " dB";
      EXPECT_LT(now, before * 1.01) << "a jump of more than 1 % in 0.01 dB at " << cl << " dB";
    }
    previous = link;
  }
}

TEST(LinkAdaptation, RatesStayInsideTheTransportBlockTables) {
  const LinkBudgetParams budget = Budget();
  // Very good coverage: the fastest Cat-NB1 formats (680 bits in 3 subframes downlink; 1000 bits
  // in 4 resource units of 1 ms with 12 tones uplink), less the subframes NPDSCH cannot use.
  const AdaptedLink near = AdaptLink(budget, kPower, test::TestModem(), 80.0);
  EXPECT_NEAR(near.npdsch.rate_bps, 680.0 / 3e-3 * 0.74, 1.0);
  EXPECT_DOUBLE_EQ(near.npusch.repetitions, 1.0);
  EXPECT_EQ(near.npusch.subcarriers, 12);
  // Deep coverage: the most robust uplink format, 256 bits in 10 resource units of 32 ms.
  const AdaptedLink deep = AdaptLink(budget, kPower, test::TestModem(), 168.0);
  EXPECT_DOUBLE_EQ(deep.npusch.subcarrier_spacing_kHz, 3.75);
  EXPECT_NEAR(deep.npusch.rate_bps, 256.0 / 0.32, 1e-9);
  EXPECT_GT(deep.npusch.repetitions, 1.0);
  EXPECT_DOUBLE_EQ(deep.npusch.tx_power_dBm, 23.0);
}

TEST(LinkAdaptation, HarqRetransmissionsFollowTheTargetBler) {
  EXPECT_DOUBLE_EQ(AdaptLink(Budget(), kPower, test::TestModem(), 140.0).transmissions_per_block, 1.0 / 0.9);
}

// 164 dB, the TR 45.820 MCL: the uplink must still carry the 160 bit/s the MCL objective asks for
// (TR 45.820 §5; Andres-Maldonado et al. 2019) within a factor of two.
TEST(LinkAdaptation, UplinkAtTheMaximumCouplingLossCarriesTheMclRate) {
  const AdaptedLink link = AdaptLink(Budget(), kPower, test::TestModem(), 164.0);
  const double effective_bps = 1.0 / link.npusch.time_per_bit_s;
  EXPECT_GT(effective_bps, 80.0);
  EXPECT_LT(effective_bps, 320.0);
}

// TS 36.211 uplink gaps: none up to 256 ms of transmission, 40 ms per further 256 ms, and the
// expected value is continuous in the transmission's length.
TEST(UplinkGaps, FortyMillisecondsPerQuarterSecondBeyondTheFirst) {
  EXPECT_EQ(UplinkGapTime_s(0.100), 0.0);
  EXPECT_EQ(UplinkGapTime_s(0.256), 0.0);
  EXPECT_NEAR(UplinkGapTime_s(0.512), 0.040, 1e-12);
  EXPECT_NEAR(UplinkGapTime_s(1.024), 0.120, 1e-12);
  EXPECT_NEAR(UplinkGapTime_s(0.256 + 1e-9), 0.0, 1e-9);
}

TEST(UplinkGaps, OnlyDeepCoverageLinksHaveThem) {
  const ModemParams modem = test::TestModem();
  const NetworkParams network = test::TestNetwork();
  EXPECT_EQ(SelectLink(modem, network, 130.0).times.uplink_gap_s_per_bit, 0.0);
  const Link deep = SelectLink(modem, network, 163.0);
  EXPECT_GT(deep.times.uplink_gap_s_per_bit, 0.0);
  EXPECT_LT(deep.times.uplink_gap_s_per_bit, deep.times.uplink_s_per_bit * kUplinkGap_s / kUplinkGapEvery_s);
}

}  // namespace
}  // namespace pb::models::radio::nbiot
