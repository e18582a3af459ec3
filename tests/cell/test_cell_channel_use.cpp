// The cell's view of a device's procedures is the energy model's view: what engine/cell counts
// on NPUSCH and NPRACH equals the transmit time of the plan's tallies, and what it counts on
// NPDCCH and NPDSCH equals their receive time less synchronisation and C-DRX monitoring — on
// every bundled network, CE level and exchange. And the published Cat-NB1 peak rates follow
// from the same channel accounting with the HARQ timing of TS 36.213.
#include <gtest/gtest.h>

#include "cell/cell_test_support.hpp"
#include "engine/cell/carrier.hpp"
#include "engine/cell/channel_use.hpp"
#include "engine/cell/device_classes.hpp"
#include "engine/device_plan.hpp"
#include "models/radio/nbiot/procedures.hpp"

namespace pb::engine::cell {
namespace {

using models::radio::ModemState;
using models::radio::ModemTally;
using models::radio::TxChannel;

constexpr double kMs = 1e-3;

struct Case {
  const char* device;
  const char* network;
};

class CellChannelUse : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    profile_ = test::BundledDevice(GetParam().device, {std::string("network=") + GetParam().network});
    device_ = std::get<ModelledDevice>(profile_.device);
    plan_ = BuildPlan(device_);
  }
  // Receive time that is not NPDCCH/NPDSCH: waking up, and C-DRX on-durations of a tail.
  double NonChannelRx_s(const models::radio::nbiot::CeLevelParams& ce, bool from_psm, bool tail) const {
    const models::radio::nbiot::NetworkParams& n = device_.network;
    const double wake_s = from_psm ? ce.sync_time_s + ce.system_information_time_s : device_.modem.resync_time_s;
    const double on_frac = n.cdrx_cycle_s > 0.0 ? n.cdrx_on_duration_s / n.cdrx_cycle_s : 1.0;
    return wake_s + (tail ? n.inactivity_timer_s * on_frac : 0.0);
  }
  static void ExpectSame(const ChannelUse& use, const ModemTally& tally, double other_rx_s, const char* what) {
    const double tol = 1e-9;
    EXPECT_NEAR(use.npusch_s, tally.TxTime_s(TxChannel::kNpusch), tol) << what;
    EXPECT_NEAR(use.nprach_s, tally.TxTime_s(TxChannel::kNprach), tol) << what;
    EXPECT_NEAR(use.downlink_s(), tally.Time_s(ModemState::kRx) - other_rx_s, tol) << what;
  }
  DeviceProfile profile_;
  ModelledDevice device_;
  DevicePlan plan_;
};

TEST_P(CellChannelUse, EqualsTheEnergyModelsTallies) {
  const bool psm = device_.power_saving.psm;
  const bool tail = !plan_.release_assistance;
  for (int level = 0; level < 3; ++level) {
    SCOPED_TRACE("CE level " + std::to_string(level));
    const models::radio::nbiot::CeLevelParams& ce = device_.network.ce_levels[static_cast<std::size_t>(level)];
    const CellLink link{ce, device_.modem.category};
    const ExchangeTallies& t = plan_.by_ce_level[static_cast<std::size_t>(level)];

    ModemTally report = t.report;
    report.Add(t.report_tail);
    ExpectSame(ConnectionUse(link, plan_.traffic.report), report, NonChannelRx_s(ce, psm, tail), "report");

    ChannelUse tau = RandomAccessUse(link);
    tau.Add(UplinkMessageUse(link, kTauRequest_B));
    tau.Add(DownlinkMessageUse(link, kTauAccept_B));
    tau.Add(ReleaseUse(link));
    ExpectSame(tau, t.tau, NonChannelRx_s(ce, psm, false), "TAU");

    if (plan_.traffic.fota_blocks > 0) {
      ChannelUse fota = ConnectionUse(link, {});
      fota.AddScaled(MessagesUse(link, plan_.traffic.fota_block), plan_.traffic.fota_blocks);
      ExpectSame(fota, t.fota_download, NonChannelRx_s(ce, psm, tail), "FOTA download");
      models::protocols::MessageSequence reregister = plan_.traffic.full_handshake;
      reregister.insert(reregister.end(), plan_.traffic.registration.begin(), plan_.traffic.registration.end());
      ExpectSame(ConnectionUse(link, reregister), t.fota_reregistration, NonChannelRx_s(ce, true, tail),
                 "FOTA re-registration");
    }
    ExpectSame(MessagesUse(link, plan_.traffic.full_handshake), t.full_handshake, 0.0, "full handshake");
    // One preamble attempt is one preamble of the configured format and repetitions.
    EXPECT_DOUBLE_EQ(PreambleAndRarUse(link).nprach_s,
                     models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions));
  }
}

INSTANTIATE_TEST_SUITE_P(
    BundledNetworks, CellChannelUse,
    ::testing::Values(Case{"devices/mast-monitor.json", "nordic-operator"},
                      Case{"devices/mast-monitor.json", "typical-operator"},
                      Case{"devices/mast-monitor.json", "tr45820-evaluation"},
                      Case{"reference/devices/tr45820-report.json", "tr45820-evaluation"},
                      Case{"reference/devices/tr45820-report.json", "nordic-operator"}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string name = std::string(param_info.param.device) + "_" + param_info.param.network;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

// The quoted Cat-NB1 peak rates (~26 kbps DL, ~62 kbps UL; project reference published-figures.md
// section 2) are one largest transport block per scheduling cycle, with the minimum delays of
// TS 36.213: DL NPDCCH, 4 ms to the NPDSCH (§16.4.1), 12 ms to the HARQ-ACK (§16.4.2), the ACK,
// 3 ms before the next NPDCCH (§16.6); UL NPDCCH, 8 ms to the NPUSCH (§16.5.1), 3 ms after.
TEST(CellPeakRate, CatNb1PeakRatesFromTheCellsChannelAccounting) {
  models::radio::nbiot::CeLevelParams ce{};
  ce.npdcch_repetitions = 1;
  ce.npdsch_repetitions = 1;
  ce.npdsch_itbs = 10;  // in-band deployment's highest I_TBS: 680 bits in N_SF 4
  ce.npusch_repetitions = 1;
  ce.npusch_itbs = 12;
  ce.npusch_subcarriers = 12;
  ce.npusch_subcarrier_spacing_kHz = 15.0;
  ce.harq_ack_repetitions = 1;
  const CellLink link{ce, models::radio::nbiot::UeCategory::kNB1};
  const int overhead_B = models::radio::nbiot::kRadioStackOverheadPerMessage_B;

  const ChannelUse dl = DownlinkMessageUse(link, 680 / 8 - overhead_B);  // exactly one 680-bit block
  EXPECT_DOUBLE_EQ(dl.npdcch_s, 1 * kMs);
  EXPECT_DOUBLE_EQ(dl.npdsch_s, 4 * kMs);
  EXPECT_DOUBLE_EQ(dl.npusch_s, 2 * kMs);  // the HARQ-ACK, NPUSCH format 2
  const double dl_cycle_s = dl.npdcch_s + 4 * kMs + dl.npdsch_s + 12 * kMs + dl.npusch_s + 3 * kMs;
  EXPECT_NEAR(680 / dl_cycle_s, 26.15e3, 0.01e3);

  const ChannelUse ul = UplinkMessageUse(link, 1000 / 8 - overhead_B);  // one 1000-bit block
  EXPECT_DOUBLE_EQ(ul.npusch_s, 4 * kMs);
  EXPECT_DOUBLE_EQ(ul.npusch_Hz_s, 4 * kMs * kCarrierBandwidth_Hz);  // 12 tones: the whole carrier
  const double ul_cycle_s = ul.npdcch_s + 8 * kMs + ul.npusch_s + 3 * kMs;
  EXPECT_NEAR(1000 / ul_cycle_s, 62.5e3, 1e-6);
}

TEST(CellMulticastUse, BroadcastHasNoAcknowledgementAndTakesAtLeastItsAirtime) {
  const DeviceProfile profile = test::BundledDevice("devices/mast-monitor.json");
  const ModelledDevice& d = std::get<ModelledDevice>(profile.device);
  for (const models::radio::nbiot::CeLevelParams& ce : d.network.ce_levels) {
    const CellLink link{ce, d.modem.category};
    const BroadcastUse broadcast = MulticastUse(link, 600, d.network.scheduling_gap_s);
    const ChannelUse unicast = DownlinkMessageUse(link, 600);
    EXPECT_DOUBLE_EQ(broadcast.downlink_s, unicast.downlink_s());  // the same blocks, no HARQ-ACK
    EXPECT_GT(broadcast.min_duration_s, broadcast.downlink_s);
  }
}

TEST(CellCarrier, AnchorOverheadAndNprachReservation) {
  CarrierParams c;
  c.nprach_subcarriers = {48, 24, 12};
  c.sib1_repetitions = 16;
  c.other_system_information_subframes_per_s = 0.0;
  // NPBCH 100 + NPSS 100 + NSSS 50 + SIB1-NB 16 × 8 / 2.56 s = 50 subframes per second.
  EXPECT_DOUBLE_EQ(AnchorOverheadSubframes_per_s(c), 300.0);
  EXPECT_DOUBLE_EQ(AvailableDownlinkSubframes_per_s(c), 700.0);
  c.sib1_repetitions = 4;
  EXPECT_DOUBLE_EQ(AnchorOverheadSubframes_per_s(c), 262.5);
  models::radio::nbiot::CeLevelParams ce{};
  ce.nprach_preamble_format = 0;
  ce.nprach_repetitions = 2;
  ce.nprach_periodicity_s = 0.08;
  // 48 subcarriers × 3.75 kHz = the whole 180 kHz for 2 × 5.6 ms every 80 ms.
  EXPECT_NEAR(NprachReservation_Hz(c, ce, 0), 180e3 * 11.2 / 80.0, 1e-9);
  ce.nprach_repetitions = 128;  // 716.8 ms of preamble in an 80 ms period cannot be configured
  EXPECT_THROW(NprachReservation_Hz(c, ce, 0), std::invalid_argument);
}

}  // namespace
}  // namespace pb::engine::cell
