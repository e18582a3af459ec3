// Link selection, power control, transmit-current curve and the report procedures.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "support/test_device.hpp"

namespace pb::models::radio::nbiot {
namespace {

TEST(TxCurrent, InterpolatesLinearlyBetweenPoints) {
  const models::radio::ModemParams m = test::TestModem();  // (0 dBm, 50 mA), (10 dBm, 70 mA)
  EXPECT_NEAR(models::radio::TxCurrent_A(m, 5.0), 0.060, 1e-12);
  EXPECT_NEAR(models::radio::TxCurrent_A(m, 23.0), 0.220, 1e-12);
  EXPECT_NEAR(models::radio::TxCurrent_A(m, -30.0), 0.045, 1e-12);  // below the curve: its lowest point
  EXPECT_THROW(models::radio::TxCurrent_A(m, 24.0), std::invalid_argument);
}

TEST(TxCurrent, NeverDecreasesWithPower) {
  const models::radio::ModemParams m = test::TestModem();
  double previous = 0;
  for (double p = -20; p <= 23; p += 0.5) {
    EXPECT_GE(models::radio::TxCurrent_A(m, p), previous);
    previous = models::radio::TxCurrent_A(m, p);
  }
}

TEST(Link, CeLevelThresholdsAreInclusive) {
  const models::radio::nbiot::NetworkParams n = test::TestNetwork();
  EXPECT_EQ(models::radio::nbiot::CeLevelForCouplingLoss(n, 144.0), 0);
  EXPECT_EQ(models::radio::nbiot::CeLevelForCouplingLoss(n, 144.1), 1);
  EXPECT_EQ(models::radio::nbiot::CeLevelForCouplingLoss(n, 154.0), 1);
  EXPECT_EQ(models::radio::nbiot::CeLevelForCouplingLoss(n, 164.0), 2);
  EXPECT_THROW(models::radio::nbiot::CeLevelForCouplingLoss(n, 164.1), std::out_of_range);
}

// TS 36.213 §16.2.1.1.1: P = min(Pcmax, 10log10(M) + P0 + alpha*PL), M the tones (1/4 for
// 3.75 kHz); the link carries the power of the tone configuration link adaptation chose.
TEST(Link, NpuschOpenLoopPowerControl) {
  const models::radio::ModemParams m = test::TestModem();
  const models::radio::nbiot::NetworkParams n = test::TestNetwork();  // P0 -120 dBm, alpha 1
  for (double cl : {100.0, 120.0, 140.0, 150.0, 160.0}) {
    const models::radio::nbiot::Link link = models::radio::nbiot::SelectLink(m, n, cl);
    const auto& ul = link.adapted.npusch;
    const double m_tones = ul.subcarrier_spacing_kHz < 15.0 ? 0.25 : ul.subcarriers;
    EXPECT_NEAR(link.npusch_tx_power_dBm, std::min(23.0, 10 * std::log10(m_tones) - 120 + cl), 1e-12) << cl;
    EXPECT_NEAR(link.npusch_tx_current_A, models::radio::TxCurrent_A(m, link.npusch_tx_power_dBm), 1e-15);
  }
  EXPECT_NEAR(models::radio::nbiot::SelectLink(m, n, 150.0).npusch_tx_power_dBm, 23.0, 1e-12);  // capped at Pcmax
}

TEST(Link, NprachAtMaxPowerBeyondCe0) {
  const models::radio::ModemParams m = test::TestModem();
  const models::radio::nbiot::NetworkParams n = test::TestNetwork();  // target -112 dBm
  EXPECT_NEAR(models::radio::nbiot::NprachTxPower_dBm(m, n, 0, 120.0), 8.0, 1e-12);
  EXPECT_NEAR(models::radio::nbiot::NprachTxPower_dBm(m, n, 1, 120.0), 23.0, 1e-12);
}

struct Fixture {
  models::radio::ModemParams modem = test::TestModem();
  models::radio::nbiot::NetworkParams network = test::TestNetwork();
  models::radio::nbiot::Link link;
  explicit Fixture(double loss_dB) : link(models::radio::nbiot::SelectLink(modem, network, loss_dB)) {}
  models::radio::nbiot::RadioContext ctx() const { return models::radio::nbiot::RadioContext{modem, network, link}; }
  // With the link at hand, as a timeline runs the procedures.
  models::radio::nbiot::RadioContext timed_ctx() const {
    return models::radio::nbiot::RadioContext{modem, network, link, &link.times};
  }
};

// The event-driven view (each phase with its current, link-decided phases timed on the link) and
// the aggregate tally resolved on the same link agree exactly: what a timeline draws is what the
// budget charges.
TEST(Procedures, RecordedPhasesAddUpToTheTally) {
  for (double loss_dB : {120.0, 150.0, 164.0}) {
    Fixture f(loss_dB);
    double energy_J = 0, duration_s = 0;
    models::radio::PhaseRecorder recorder = [&](const models::radio::Phase& p) {
      energy_J += p.duration_s * p.current_A * f.modem.supply_voltage_V;
      duration_s += p.duration_s;
    };
    models::radio::ModemTally tally(f.modem, &recorder);
    models::radio::nbiot::WakeFromPsm(f.timed_ctx(), tally);
    models::radio::nbiot::RandomAccess(f.timed_ctx(), tally);
    models::radio::nbiot::TransferMessages(f.timed_ctx(), {{models::protocols::Direction::kUplink, 200, "up"}, {models::protocols::Direction::kDownlink, 40, "down"}}, tally);
    models::radio::nbiot::InactivityTail(f.timed_ctx(), tally);
    models::radio::nbiot::IdlePaging paging{2.56, false, 0, 0};
    models::radio::nbiot::IdleMonitoring(f.timed_ctx(), paging, 20.0, tally);
    const models::radio::ModemTally resolved = tally.Resolved(f.link.times);
    EXPECT_NEAR(energy_J, resolved.Energy_J(f.modem, f.link.tx_currents()), 1e-12 * energy_J);
    EXPECT_NEAR(duration_s, resolved.Duration_s(), 1e-12 * duration_s);
    EXPECT_THROW(tally.Duration_s(), std::logic_error);  // unresolved amounts are never charged by mistake
  }
}

// The budget prices tallies with CostOn, without building the resolved tally: the same duration
// and charge as resolving first, for every kind of link amount.
TEST(Procedures, CostOnALinkIsTheResolvedTallysCost) {
  for (double loss_dB : {120.0, 150.0, 164.0}) {
    Fixture f(loss_dB);
    models::radio::ModemTally tally;
    models::radio::nbiot::WakeFromPsm(f.ctx(), tally);
    models::radio::nbiot::RandomAccess(f.ctx(), tally);
    models::radio::nbiot::TransferMessages(f.ctx(), {{models::protocols::Direction::kUplink, 200, "up"}, {models::protocols::Direction::kDownlink, 40, "down"}}, tally);
    models::radio::nbiot::InactivityTail(f.ctx(), tally);
    tally.AddLink(models::radio::LinkItem::kSystemInformationReads, 1.0, nullptr, f.link.tx_currents(), "SI");
    const models::radio::TallyCost cost =
        tally.CostOn(f.link.times, models::radio::StateCurrentsOf(f.modem), f.link.tx_currents());
    const models::radio::ModemTally resolved = tally.Resolved(f.link.times);
    EXPECT_NEAR(cost.duration_s, resolved.Duration_s(), 1e-12 * cost.duration_s);
    EXPECT_NEAR(cost.charge_C, resolved.Charge_C(f.modem, f.link.tx_currents()), 1e-12 * cost.charge_C);
    EXPECT_GT(resolved.Time_s(ModemState::kConnectedIdle), 0.0);  // the SI waits went somewhere
  }
}

TEST(Procedures, WakeFromPsmIsBootPlusSyncAndMasterInformation) {
  Fixture f(150.0);
  models::radio::ModemTally tally;
  models::radio::nbiot::WakeFromPsm(f.ctx(), tally);
  EXPECT_GT(f.link.times.cell_acquisition_s, 0.0);
  EXPECT_NEAR(tally.Resolved(f.link.times).Duration_s(), f.modem.wakeup_time_s + f.link.times.cell_acquisition_s, 1e-12);
  EXPECT_NEAR(tally.Resolved(f.link.times).Time_s(ModemState::kRx), f.link.times.cell_acquisition_s, 1e-12);
}

// The preamble airtime is 5.6 ms per repetition for format 0 (TS 36.211 §10.1.6); Msg3 (88 bits)
// and the acknowledgement of Msg4 go at the link's adapted rate.
TEST(Procedures, RandomAccessTransmitsThePreambleWithRepetitions) {
  Fixture f(160.0);  // CE2: 32 repetitions
  models::radio::ModemTally tally;
  models::radio::nbiot::RandomAccess(f.ctx(), tally);
  const double preamble_s = 32 * 0.0056;
  EXPECT_NEAR(tally.Time_s(ModemState::kTx), preamble_s, 1e-12);
  EXPECT_DOUBLE_EQ(tally.LinkAmount(models::radio::LinkItem::kUplinkBits), models::radio::nbiot::kMsg3_bits);
  EXPECT_DOUBLE_EQ(tally.LinkAmount(models::radio::LinkItem::kHarqAcks), 1.0);  // Msg4 is one block
  const models::radio::ModemTally resolved = tally.Resolved(f.link.times);
  EXPECT_NEAR(resolved.Time_s(ModemState::kTx),
              preamble_s + f.link.times.preamble_retry_s + models::radio::nbiot::kMsg3_bits * f.link.times.uplink_s_per_bit +
                  f.link.times.harq_ack_s,
              1e-12);
}

TEST(Procedures, DownlinkAfterUplinkWaitsForTheServer) {
  Fixture f(120.0);
  models::radio::ModemTally one_way, round_trip;
  models::radio::nbiot::TransferMessages(f.ctx(), {{models::protocols::Direction::kUplink, 50, "up"}}, one_way);
  models::radio::nbiot::TransferMessages(f.ctx(), {{models::protocols::Direction::kUplink, 50, "up"}, {models::protocols::Direction::kDownlink, 0, "ack"}}, round_trip);
  EXPECT_GE(round_trip.Time_s(ModemState::kConnectedIdle) - one_way.Time_s(ModemState::kConnectedIdle),
            f.network.server_rtt_s);
}

TEST(Procedures, DeeperCoverageCostsMoreEnergy) {
  double previous_J = 0;
  for (double loss_dB : {120.0, 150.0, 164.0}) {
    Fixture f(loss_dB);
    models::radio::ModemTally tally;
    models::radio::nbiot::WakeFromPsm(f.ctx(), tally);
    models::radio::nbiot::RandomAccess(f.ctx(), tally);
    models::radio::nbiot::UplinkMessage(f.ctx(), 100, tally);
    const double energy_J = tally.Resolved(f.link.times).Energy_J(f.modem, f.link.tx_currents());
    EXPECT_GT(energy_J, previous_J);
    previous_J = energy_J;
  }
}

// eDRX: per cycle one re-synchronisation plus PTW / DRX-cycle paging occasions.
TEST(Procedures, EdrxIdleAverageCurrentClosedForm) {
  Fixture f(120.0);
  models::radio::ModemTally tally;
  const double cycle_s = 81.92, ptw_s = 2.56;
  models::radio::nbiot::IdleMonitoring(f.ctx(), models::radio::nbiot::IdlePaging{1.28, true, cycle_s, ptw_s}, 100 * cycle_s, tally);
  const double awake_s = f.modem.resync_time_s + (ptw_s / 1.28) * f.modem.paging_occasion_time_s;
  const double expected_A =
      (awake_s * f.modem.rx_current_A + (cycle_s - awake_s) * f.modem.idle_sleep_current_A) / cycle_s;
  EXPECT_NEAR(tally.Charge_C(f.modem, f.link.tx_currents()) / tally.Duration_s(), expected_A, 1e-12);
}

TEST(Procedures, PagingOccasionsThatDoNotFitAreRejected) {
  Fixture f(120.0);
  f.modem.paging_occasion_time_s = 3.0;  // longer than the 2.56 s paging cycle
  models::radio::ModemTally tally;
  EXPECT_THROW(models::radio::nbiot::IdleMonitoring(f.ctx(), models::radio::nbiot::IdlePaging{2.56, false, 0, 0}, 100.0, tally), std::invalid_argument);
}

}  // namespace
}  // namespace pb::models::radio::nbiot
