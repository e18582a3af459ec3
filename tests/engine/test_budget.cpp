// Budget engine: conservation, monotonicity, protocol-driven effects and published
// bookkeeping points. Devices are built in code (tests/support/test_device.hpp).
#include <gtest/gtest.h>

#include <numeric>
#include <optional>

#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "support/test_device.hpp"

namespace pb {
namespace {

using engine::ActivityBudget;
using engine::BudgetResult;
using engine::ComputeBudget;
using test::Modelled;
using test::TestProfile;

double Years(const BudgetResult& b) { return b.lifetime_s / units::kSecondsPerYear; }

// Conservation: the per-activity energies and currents add up to the totals.
TEST(Budget, ActivitiesSumToTotal) {
  const BudgetResult b = ComputeBudget(TestProfile());
  double energy = 0, current = 0, share = 0;
  for (const auto& a : b.breakdown) {
    energy += a.energy_J_per_day;
    current += a.average_current_A;
    share += a.share_frac;
  }
  EXPECT_NEAR(energy, b.energy_J_per_day, 1e-12 * b.energy_J_per_day);
  EXPECT_NEAR(current, b.average_current_A, 1e-12 * b.average_current_A);
  EXPECT_NEAR(share, 1.0, 1e-12);
}

// Conservation of time: every second of the modem's day is in exactly one activity, for PSM,
// DRX-only and eDRX-only devices.
TEST(Budget, ModemTimeCoversTheDayExactly) {
  for (int variant = 0; variant < 3; ++variant) {
    engine::DeviceProfile p = TestProfile();
    auto& d = Modelled(p);
    if (variant >= 1) d.power_saving.psm = false;
    if (variant == 2) d.power_saving = {false, 0.0, 0.0, true, 81.92, 2.56};
    const BudgetResult b = ComputeBudget(p);
    double radio_s = 0;
    for (const auto& a : b.breakdown) radio_s += a.radio_time_s_per_day;
    EXPECT_NEAR(radio_s, units::kSecondsPerDay, 1e-6) << "variant " << variant;
  }
}

// Per-event figures multiply out to per-day figures.
TEST(Budget, PerEventTimesEventsIsPerDay) {
  const BudgetResult b = ComputeBudget(TestProfile());
  for (const auto& a : b.breakdown)
    EXPECT_NEAR(a.energy_J_per_event * a.events_per_day, a.energy_J_per_day, 1e-12 + 1e-12 * a.energy_J_per_day)
        << a.activity;
}

TEST(Budget, LongerIntervalGivesLongerLife) {
  double previous_s = 0;
  for (double interval_s : {300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0, 43200.0, 86400.0}) {
    engine::DeviceProfile p = TestProfile();
    Modelled(p).reporting.interval_s = interval_s;
    const double life_s = ComputeBudget(p).lifetime_s;
    EXPECT_GT(life_s, previous_s) << "interval " << interval_s;
    previous_s = life_s;
  }
}

TEST(Budget, LargerPayloadGivesShorterLife) {
  double previous_s = 1e300;
  for (int payload_B : {10, 50, 100, 200, 500, 1000, 2000}) {
    engine::DeviceProfile p = TestProfile();
    Modelled(p).reporting.uplink_payload_B = payload_B;
    const double life_s = ComputeBudget(p).lifetime_s;
    EXPECT_LE(life_s, previous_s) << "payload " << payload_B;
    previous_s = life_s;
  }
  engine::DeviceProfile small = TestProfile(), large = TestProfile();
  Modelled(large).reporting.uplink_payload_B = 2000;
  EXPECT_LT(ComputeBudget(large).lifetime_s, ComputeBudget(small).lifetime_s);
}

TEST(Budget, HigherCouplingLossGivesShorterLife) {
  double previous_s = 1e300;
  for (double loss_dB = 110; loss_dB <= 164; loss_dB += 2) {
    engine::DeviceProfile p = TestProfile();
    Modelled(p).coverage.coupling_loss_dB = loss_dB;
    const double life_s = ComputeBudget(p).lifetime_s;
    EXPECT_LE(life_s, previous_s * (1 + 1e-12)) << "coupling loss " << loss_dB;
    previous_s = life_s;
  }
}

TEST(Budget, CeLevelFollowsCouplingLoss) {
  for (auto [loss_dB, ce] : {std::pair{130.0, 0}, {144.0, 0}, {150.0, 1}, {160.0, 2}}) {
    engine::DeviceProfile p = TestProfile();
    Modelled(p).coverage.coupling_loss_dB = loss_dB;
    EXPECT_EQ(ComputeBudget(p).radio->ce_level, ce) << loss_dB;
  }
}

TEST(Budget, BeyondMaximumCouplingLossIsAnErrorNamingTheField) {
  engine::DeviceProfile p = TestProfile();
  Modelled(p).coverage.coupling_loss_dB = 170;
  try {
    ComputeBudget(p);
    FAIL() << "expected ProfileError";
  } catch (const engine::ProfileError& e) {
    EXPECT_EQ(e.field(), "/coverage/coupling_loss_dB");
  }
}

TEST(Budget, IntervalShorterThanAReportIsAnErrorNamingTheField) {
  engine::DeviceProfile p = TestProfile();
  Modelled(p).coverage.coupling_loss_dB = 164;
  Modelled(p).reporting.interval_s = 2;
  try {
    ComputeBudget(p);
    FAIL() << "expected ProfileError";
  } catch (const engine::ProfileError& e) {
    EXPECT_EQ(e.field(), "/reporting/interval_s");
  }
}

// Without release assistance the network's inactivity timer keeps the UE in C-DRX; the tail's
// energy is the timer times the mean C-DRX current plus the release message.
TEST(Budget, MissingReleaseAssistanceAddsTheInactivityTail) {
  engine::DeviceProfile with = TestProfile(), without = TestProfile();
  Modelled(without).reporting.release_assistance = false;
  const BudgetResult b_with = ComputeBudget(with), b_without = ComputeBudget(without);
  EXPECT_FALSE(b_with.Find("rrc_inactivity_tail"));
  const ActivityBudget* tail = b_without.Find("rrc_inactivity_tail");
  ASSERT_TRUE(tail);
  const auto& n = Modelled(without).network;
  const auto& m = Modelled(without).modem;
  const double on = n.cdrx_on_duration_s / n.cdrx_cycle_s;
  const double cdrx_J = n.inactivity_timer_s * (on * m.rx_current_A + (1 - on) * m.cdrx_sleep_current_A) * m.supply_voltage_V;
  EXPECT_GT(tail->energy_J_per_event, cdrx_J);
  EXPECT_LT(tail->energy_J_per_event, cdrx_J * 1.5);  // the release message is small next to the timer
  EXPECT_LT(b_without.lifetime_s, b_with.lifetime_s);
  // The network not supporting RAI has the same effect as the device not sending it.
  engine::DeviceProfile unsupported = TestProfile();
  Modelled(unsupported).network.release_assistance_supported = false;
  EXPECT_DOUBLE_EQ(ComputeBudget(unsupported).energy_J_per_day, b_without.energy_J_per_day);
}

// RFC 9146: with a Connection ID the session survives NAT rebinding; without it, every report
// after the NAT timeout needs a (resumed) handshake.
TEST(Budget, ConnectionIdAvoidsHandshakesAfterNatTimeout) {
  engine::DeviceProfile cid = TestProfile(), no_cid = TestProfile();
  Modelled(no_cid).dtls.dtls.connection_id_B = 0;
  const BudgetResult b_cid = ComputeBudget(cid), b_no = ComputeBudget(no_cid);
  EXPECT_NEAR(b_cid.radio->full_handshakes_per_day, 1.0 / 7.0, 1e-12);
  EXPECT_EQ(b_cid.radio->resumed_handshakes_per_day, 0.0);
  EXPECT_NEAR(b_no.radio->full_handshakes_per_day + b_no.radio->resumed_handshakes_per_day, 24.0, 1e-9);
  EXPECT_LT(b_no.lifetime_s, b_cid.lifetime_s);
  // Reports inside the NAT timeout keep the binding: no extra handshakes even without CID.
  Modelled(no_cid).reporting.interval_s = 60;
  EXPECT_EQ(ComputeBudget(no_cid).radio->resumed_handshakes_per_day, 0.0);
}

TEST(Budget, ResumptionIsCheaperThanFullHandshakes) {
  engine::DeviceProfile resumed = TestProfile(), full = TestProfile();
  Modelled(resumed).dtls.dtls.connection_id_B = 0;
  Modelled(full).dtls.dtls.connection_id_B = 0;
  Modelled(full).dtls.resumption = false;
  EXPECT_LT(ComputeBudget(resumed).energy_J_per_day, ComputeBudget(full).energy_J_per_day);
}

TEST(Budget, PeriodicTauOnlyWhenReportsAreFurtherApartThanT3412) {
  engine::DeviceProfile p = TestProfile();
  auto& d = Modelled(p);
  d.power_saving.t3412_s = 3600;
  d.reporting.interval_s = 3600;
  EXPECT_EQ(ComputeBudget(p).radio->tau_per_day, 0.0);
  d.reporting.interval_s = 4 * 3600;
  EXPECT_NEAR(ComputeBudget(p).radio->tau_per_day, 6.0 * 3.0, 1e-9);
  // The network's grant wins over the request.
  d.network.granted_t3412_s = 2 * 3600.0;
  EXPECT_NEAR(ComputeBudget(p).radio->tau_per_day, 6.0, 1e-9);
}

TEST(Budget, RegistrationUpdatesBeforeTheLifetimeEnds) {
  engine::DeviceProfile p = TestProfile();
  auto& d = Modelled(p);
  d.lwm2m.registration_lifetime_s = 86400;
  d.reporting.interval_s = 3600;
  EXPECT_NEAR(ComputeBudget(p).Find("lwm2m_registration")->events_per_day, 1.0, 1e-12);
  d.reporting.interval_s = 5000;  // floor(86400/5000) = 17 reports per update
  EXPECT_NEAR(ComputeBudget(p).Find("lwm2m_registration")->events_per_day, units::kSecondsPerDay / 5000 / 17, 1e-12);
  // Reports further apart than the lifetime: the registration lapses, each report registers.
  const double update_J = ComputeBudget(p).Find("lwm2m_registration")->energy_J_per_event;
  d.reporting.interval_s = 2 * 86400;
  const BudgetResult lapsed = ComputeBudget(p);
  const ActivityBudget* reg = lapsed.Find("lwm2m_registration");
  ASSERT_TRUE(reg);
  EXPECT_NEAR(reg->events_per_day, 0.5, 1e-12);
  EXPECT_GT(reg->energy_J_per_event, update_J);  // a Register is larger than an Update
}

TEST(Budget, EdrxSpendsLessThanIdleDrxWhenPsmIsOff) {
  engine::DeviceProfile drx = TestProfile(), edrx = TestProfile();
  Modelled(drx).power_saving = {false, 0.0, 0.0, false, 0.0, 0.0};
  Modelled(edrx).power_saving = {false, 0.0, 0.0, true, 163.84, 2.56};
  EXPECT_LT(ComputeBudget(edrx).energy_J_per_day, ComputeBudget(drx).energy_J_per_day);
  EXPECT_FALSE(ComputeBudget(drx).Find("psm_floor"));
}

TEST(Budget, LongerActiveTimeCostsMore) {
  engine::DeviceProfile short_t = TestProfile(), long_t = TestProfile();
  Modelled(long_t).power_saving.t3324_s = 120;
  EXPECT_LT(ComputeBudget(short_t).energy_J_per_day, ComputeBudget(long_t).energy_J_per_day);
}

TEST(Budget, SwitchingEfficiencyScalesLoadEnergy) {
  engine::DeviceProfile direct = TestProfile(), buck = TestProfile();
  direct.supply.quiescent_current_A = 0;
  buck.supply = {models::device::SupplyKind::kSwitching, 0.8, 0.0};
  EXPECT_NEAR(ComputeBudget(buck).energy_J_per_day, ComputeBudget(direct).energy_J_per_day / 0.8, 1e-9);
}

TEST(Budget, LifetimeScalesWithCapacity) {
  engine::DeviceProfile one = TestProfile(), two = TestProfile();
  two.battery.capacity_C *= 2;
  EXPECT_NEAR(ComputeBudget(two).lifetime_s, 2 * ComputeBudget(one).lifetime_s, 1e-6);
}

TEST(Budget, FotaCostGrowsWithImageAndShrinksWithDelta) {
  engine::DeviceProfile full = TestProfile(), big = TestProfile(), delta = TestProfile();
  Modelled(big).fota.image_size_B *= 2;
  Modelled(delta).fota.download_ratio_frac = 0.2;
  const double full_J = ComputeBudget(full).Find("fota")->energy_J_per_event;
  EXPECT_GT(ComputeBudget(big).Find("fota")->energy_J_per_event, full_J);
  EXPECT_LT(ComputeBudget(delta).Find("fota")->energy_J_per_event, full_J);
  engine::DeviceProfile rollback = TestProfile();
  Modelled(rollback).fota.rollback_probability_frac = 0.5;
  EXPECT_GT(ComputeBudget(rollback).Find("fota")->energy_J_per_event, full_J);
}

TEST(Budget, MqttPersistentConnectionNeedsKeepalives) {
  engine::DeviceProfile p = TestProfile();
  auto& d = Modelled(p);
  d.stack = engine::Stack::kMqttTls;
  const BudgetResult per_report = ComputeBudget(p);
  EXPECT_NEAR(per_report.radio->full_handshakes_per_day + per_report.radio->resumed_handshakes_per_day, 24.0, 1e-9);
  d.mqtt.persistent_connection = true;
  d.mqtt.keepalive_s = 100;
  const BudgetResult persistent = ComputeBudget(p);
  EXPECT_NEAR(persistent.Find("mqtt_keepalive")->events_per_day, 24.0 * 35, 1e-6);
}

// Published bookkeeping points (shared/reference/published-figures.md), measured-events form.
engine::DeviceProfile MeasuredProfile(double floor_W, std::vector<engine::MeasuredEvent> events, double battery_Wh,
                                      double voltage_V) {
  engine::DeviceProfile p;
  p.name = "measured";
  p.target_lifetime_s = units::kSecondsPerYear;
  p.battery = test::TestBattery(battery_Wh * 1000.0 / voltage_V, voltage_V);
  p.supply = {};
  p.device = engine::MeasuredDevice{voltage_V, floor_W / voltage_V, std::move(events)};
  return p;
}

// TR 45.820 §5.4 (via Sauter p.318): 5 Wh, 0.015 mW deep sleep only → 38.05 years [V2][D].
TEST(BudgetPublished, Tr45820SleepOnly) {
  EXPECT_NEAR(Years(ComputeBudget(MeasuredProfile(0.015e-3, {}, 5.0, 3.6))), 38.05, 0.01);
}

// TR 45.820: always transmitting at 500 mW on 5 Wh → 10 hours [V2].
TEST(BudgetPublished, Tr45820TransmitOnly) {
  EXPECT_NEAR(ComputeBudget(MeasuredProfile(0.5, {}, 5.0, 3.6)).lifetime_s / units::kSecondsPerHour, 10.0, 1e-9);
}

// nRF9160 PS: 2.7 uA PSM floor (at 3.7 V) and a 550 mJ / 2.7 s TAU once a day on 5 Wh → 34.9 y.
TEST(BudgetPublished, Nrf9160TauOncePerDay) {
  const auto p = MeasuredProfile(2.7e-6 * 3.7, {{"tau", 0.550, 2.7, 86400}}, 5.0, 3.7);
  EXPECT_NEAR(Years(ComputeBudget(p)), 34.9, 0.05);
}

// nRF Connect SDK power-optimisation example: 116.57 mC per hourly report + 3.44 uA floor on
// 1000 mAh → 3.18 years (±0.5 %, bookkeeping).
TEST(BudgetPublished, NordicPowerOptimisationExample) {
  const double v = 3.6;
  engine::DeviceProfile p = MeasuredProfile(3.44e-6 * v, {{"report", 0.11657 * v, 1.0, 3600}}, 1.0 * v, v);
  EXPECT_NEAR(Years(ComputeBudget(p)), 3.18, 3.18 * 0.005);
}

// A measured event's name is the profile's, yet the budget's breakdown keeps it after the
// profile is gone, in every copy (engine/activity_name.hpp).
TEST(BudgetActivityNames, MeasuredNamesOutliveTheProfile) {
  BudgetResult copy;
  {
    std::optional<engine::DeviceProfile> p =
        MeasuredProfile(1e-5, {{"modem wake-up with a name longer than a small string", 0.5, 2.0, 3600}}, 5.0, 3.6);
    const BudgetResult b = ComputeBudget(*p);
    p.reset();
    copy = b;
  }
  const ActivityBudget* event = copy.Find("modem wake-up with a name longer than a small string");
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->activity.str(), "modem wake-up with a name longer than a small string");
  EXPECT_NEAR(event->events_per_day, 24.0, 1e-12);

  const BudgetResult modelled = ComputeBudget(TestProfile());
  const ActivityBudget* report = modelled.Find(engine::activity::kReport);
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->activity.view(), "report");
}

}  // namespace
}  // namespace pb
