// Synchronisation, MIB-NB and system-information reception against the downlink SINR
// (models/radio/nbiot/cell_acquisition.hpp): one NSSS period and one NPBCH subframe at a good
// SINR, longer without bound as it falls, continuous, and the broadcast schedule's waits.
#include <gtest/gtest.h>

#include "models/radio/nbiot/cell_acquisition.hpp"

namespace pb::models::radio::nbiot {
namespace {

LinkBudgetParams Budget(Deployment deployment) {
  return {.deployment = deployment, .enb_tx_power_dBm = 35.0, .enb_noise_figure_dB = 5.0, .ue_noise_figure_dB = 9.0,
          .uplink_interference_margin_dB = 0.0, .downlink_interference_margin_dB = 0.0,
          .downlink_resource_share_frac = 0.6, .target_bler_frac = 0.1};
}

TEST(CellAcquisition, GoodCoverageNeedsOneNsssPeriodAndOneMibSubframe) {
  const SystemInformationSchedule schedule;
  const AcquisitionTimes in_band = CellAcquisition(Budget(Deployment::kInBand), schedule, 10.0);
  EXPECT_DOUBLE_EQ(in_band.sync_receive_s, 0.020);  // NSSS every other frame (TS 36.211 §10.2.7.2.2)
  EXPECT_DOUBLE_EQ(in_band.mib_receive_s, 0.010);   // one NPBCH subframe, one frame
  const AcquisitionTimes standalone = CellAcquisition(Budget(Deployment::kStandalone), schedule, 10.0);
  EXPECT_DOUBLE_EQ(standalone.sync_receive_s, 0.010);  // NSSS every frame standalone
}

TEST(CellAcquisition, GoodCoverageSystemInformationIsTheScheduleWaitsAndOneBlockEach) {
  SystemInformationSchedule schedule;
  schedule.sib1_repetitions = 16;
  schedule.si_periodicity_s = 1.28;
  schedule.si_messages = 1;
  const AcquisitionTimes t = CellAcquisition(Budget(Deployment::kInBand), schedule, 20.0);
  // 8 SIB1-NB subframes + 8 SI subframes.
  EXPECT_NEAR(t.system_information_receive_s, 0.016, 1e-12);
  // Half of 2.56 s / 16 for SIB1-NB, the SIB1 repetition's 141 ms less its 8 ms received, and
  // half the SI period.
  EXPECT_NEAR(t.system_information_sleep_s, 0.080 + (0.141 - 0.008) + 0.640, 1e-12);
}

TEST(CellAcquisition, TimesAreContinuousAndNeverShorterAtALowerSinr) {
  const SystemInformationSchedule schedule;
  const LinkBudgetParams budget = Budget(Deployment::kInBand);
  AcquisitionTimes previous = CellAcquisition(budget, schedule, 15.0);
  for (double sinr_dB = 15.0; sinr_dB >= -20.0; sinr_dB -= 0.01) {
    const AcquisitionTimes t = CellAcquisition(budget, schedule, sinr_dB);
    EXPECT_GE(t.sync_receive_s, previous.sync_receive_s);
    EXPECT_GE(t.mib_receive_s, previous.mib_receive_s);
    EXPECT_GE(t.system_information_receive_s, previous.system_information_receive_s);
    // No jump larger than the 0.01 dB step can explain (repetitions scale as 10^(ΔSNR/5.8)).
    EXPECT_LT(t.mib_receive_s, previous.mib_receive_s * 1.005);
    EXPECT_LT(t.system_information_receive_s, previous.system_information_receive_s * 1.005);
    previous = t;
  }
  EXPECT_GT(previous.mib_receive_s, 0.5);  // deep coverage accumulates many NPBCH subframes
}

}  // namespace
}  // namespace pb::models::radio::nbiot
