// The cell's view of a device's procedures is the energy model's view: what engine/cell counts
// on NPUSCH and NPRACH equals the transmit time of the plan's tallies, and what it counts on
// NPDCCH and NPDSCH equals their receive time less synchronisation and C-DRX monitoring — on
// every bundled network, CE level and exchange. And the published Cat-NB1 peak rates follow
// from the same channel accounting with the HARQ timing of TS 36.213.
#include <array>
#include <gtest/gtest.h>

#include "cell/cell_test_support.hpp"
#include "support/test_device.hpp"
#include "engine/budget.hpp"
#include "engine/cell/carrier.hpp"
#include "engine/cell/channel_use.hpp"
#include "engine/cell/device_classes.hpp"
#include "engine/device_plan.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::cell {
namespace {

using models::radio::ModemState;
using models::radio::ModemTally;
using models::radio::TxChannel;

constexpr double kMs = units::kSecondsPerMillisecond;

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
  // The planned tally resolved on the link: what the link decides (transmit time, NPDCCH and
  // NPDSCH reception) must be what the cell counts; the receive time the plan already fixed
  // (waking up, search-space monitoring, C-DRX on-durations) occupies no channel.
  static void ExpectSame(const ChannelUse& use, const ModemTally& planned, const models::radio::nbiot::Link& link,
                         const char* what) {
    const double tol = 1e-9;
    const ModemTally tally = planned.Resolved(link.times);
    EXPECT_NEAR(use.npusch_s, tally.TxTime_s(TxChannel::kNpusch) + tally.TxTime_s(TxChannel::kHarqAck), tol) << what;
    EXPECT_NEAR(use.nprach_s, tally.TxTime_s(TxChannel::kNprach), tol) << what;
    // Synchronisation, MIB-NB and system information are link-decided too, but broadcast: they
    // take no scheduled downlink resource.
    const double broadcast_s =
        planned.LinkAmount(models::radio::LinkItem::kCellAcquisitions) * link.times.cell_acquisition_s +
        planned.LinkAmount(models::radio::LinkItem::kSystemInformationReads) * link.times.system_information_receive_s;
    EXPECT_NEAR(use.downlink_s(), tally.Time_s(ModemState::kRx) - planned.Time_s(ModemState::kRx) - broadcast_s, tol)
        << what;
  }
  DeviceProfile profile_;
  ModelledDevice device_;
  DevicePlan plan_;
};

TEST_P(CellChannelUse, EqualsTheEnergyModelsTallies) {
  const models::radio::nbiot::NetworkParams& n = device_.network;
  const std::array<double, 3> coupling_loss_dB{n.ce0_max_coupling_loss_dB - 10.0,
                                               0.5 * (n.ce0_max_coupling_loss_dB + n.ce1_max_coupling_loss_dB),
                                               n.max_coupling_loss_dB - 1.0};
  for (int level = 0; level < 3; ++level) {
    SCOPED_TRACE("CE level " + std::to_string(level));
    const models::radio::nbiot::CeLevelParams& ce = n.ce_levels[static_cast<std::size_t>(level)];
    const models::radio::nbiot::Link radio_link = models::radio::nbiot::SelectLinkAtCeLevel(
        device_.modem, n, coupling_loss_dB[static_cast<std::size_t>(level)], level);
    const CellLink link{radio_link, device_.modem.category};
    const ExchangeTallies& t = plan_.by_ce_level[static_cast<std::size_t>(level)];

    ModemTally report = t.report;
    report.Add(t.report_tail);
    ExpectSame(ConnectionUse(link, plan_.traffic.report), report, radio_link, "report");

    ChannelUse tau = RandomAccessUse(link);
    tau.Add(UplinkMessageUse(link, kTauRequest_B));
    tau.Add(DownlinkMessageUse(link, kTauAccept_B));
    tau.Add(ReleaseUse(link));
    ExpectSame(tau, t.tau, radio_link, "TAU");

    if (plan_.traffic.fota_blocks > 0) {
      ChannelUse fota = ConnectionUse(link, {});
      fota.AddScaled(MessagesUse(link, plan_.traffic.fota_block), plan_.traffic.fota_blocks);
      ExpectSame(fota, t.fota_download, radio_link, "FOTA download");
      models::protocols::MessageSequence reregister = plan_.traffic.full_handshake;
      reregister.insert(reregister.end(), plan_.traffic.registration.begin(), plan_.traffic.registration.end());
      ExpectSame(ConnectionUse(link, reregister), t.fota_reregistration, radio_link, "FOTA re-registration");
    }
    ExpectSame(MessagesUse(link, plan_.traffic.full_handshake), t.full_handshake, radio_link, "full handshake");
    // One access is one preamble of the configured format and repetitions, plus the expected
    // retries after missed detections.
    EXPECT_DOUBLE_EQ(PreambleAndRarUse(link).nprach_s,
                     models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions) +
                         radio_link.times.preamble_retry_s);
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
  // Excellent coverage on an in-band carrier with every downlink resource and no block errors:
  // link adaptation picks the fastest formats (I_TBS 10 in-band, 680 bits in 4 subframes; 12 tones).
  models::radio::nbiot::NetworkParams n = test::TestNetwork();
  n.link_budget.deployment = models::radio::nbiot::Deployment::kInBand;
  n.link_budget.downlink_resource_share_frac = 1.0;
  n.link_budget.target_bler_frac = 0.0;
  n.npusch_p0_dBm = -60.0;  // open-loop power high enough for the fastest uplink format
  const models::radio::nbiot::Link radio_link = models::radio::nbiot::SelectLink(test::TestModem(), n, 80.0);
  const CellLink link{radio_link, models::radio::nbiot::UeCategory::kNB1};
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
  for (double coupling_loss_dB : {130.0, 150.0, 160.0}) {
    const models::radio::nbiot::Link radio_link = DeviceLink(d, coupling_loss_dB);
    const CellLink link{radio_link, d.modem.category};
    const BroadcastUse broadcast = MulticastUse(link, 600, d.network.scheduling.npdsch_delay_s);
    const ChannelUse unicast = DownlinkMessageUse(link, 600);
    // The same blocks, without HARQ: unicast sends each block 1 / (1 - BLER) times on average.
    EXPECT_NEAR(broadcast.downlink_s * radio_link.adapted.transmissions_per_block, unicast.downlink_s(),
                1e-12 * unicast.downlink_s());
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
