// Bad telemetry never corrupts a device: each kind is rejected or handled by its rule and
// counted by reason (docs/estimation.md, "Bad data").
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <limits>

#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "models/units.hpp"
#include "support/test_device.hpp"

namespace pb::engine::estimation {
namespace {

constexpr double kT0 = 1704067200.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FleetModel Model(models::battery::Chemistry chemistry = models::battery::Chemistry::kLiSOCl2) {
  engine::DeviceProfile p = test::TestProfile();
  p.battery.chemistry = chemistry;
  return MakeFleetModel(p);
}

std::uint64_t Count(const FleetEstimator& f, Reason r) { return f.counts()[static_cast<std::size_t>(r)]; }

TelemetryRecord Report(const char* id, double t, double level, std::uint32_t reports) {
  TelemetryRecord r;
  r.device_id = id;
  r.time_s = t;
  r.present = field::kLevel | field::kVoltage | field::kSignal | field::kReports | field::kTemperature;
  r.level_frac = level;
  r.voltage_V = 3.65;
  r.signal_dBm = -110;
  r.temperature_degC = 10.0;
  r.reports_count = reports;
  return r;
}

// A clean fleet-sim stream, ids copied so records outlive the simulator.
std::vector<TelemetryRecord> CleanStream(std::deque<std::string>& ids) {
  engine::fleet_sim::FleetSimOptions o;
  o.devices = 8;
  o.days = 20.0;
  o.seed = 5;
  o.bad_data = false;
  o.faulty_fraction = 0.0;
  engine::DeviceProfile p = test::TestProfile();
  p.battery.chemistry = models::battery::Chemistry::kLiSOCl2;
  engine::fleet_sim::FleetSimulator sim(p, o);
  std::vector<TelemetryRecord> out;
  sim.Run([&](const TelemetryRecord& r, const engine::fleet_sim::RecordTruth&) {
    ids.emplace_back(r.device_id);
    TelemetryRecord copy = r;
    copy.device_id = ids.back();
    out.push_back(copy);
  });
  return out;
}

TEST(EstimationBadData, RejectedRecordsLeaveEveryFilterUntouched) {
  std::deque<std::string> ids;
  const std::vector<TelemetryRecord> clean = CleanStream(ids);
  FleetEstimator reference(Model()), dirty(Model());
  reference.Ingest(clean);
  std::vector<TelemetryRecord> spoiled;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const TelemetryRecord& r = clean[i];
    spoiled.push_back(r);
    if (i % 7 == 3) spoiled.push_back(r);  // duplicate
    if (i % 11 == 5 && i > 50) spoiled.push_back(clean[i - 40]);  // a stale record of some device
    TelemetryRecord bad = r;
    bad.time_s += 1.0;
    switch (i % 13) {
      case 1: bad.present |= field::kBatteryStatus, bad.battery_status = 1; break;  // charging a primary
      case 2: bad.present = field::kVoltage, bad.voltage_V = kNaN; break;           // nothing usable left
      case 4: bad.time_s = kNaN; break;
      case 6: bad.time_s = 1.0e3; break;                                               // 1970
      case 8: bad.device_id = ""; break;
      case 9: bad.present = field::kCurrent, bad.current_A = -0.5; break;              // negative current, primary
      default: continue;
    }
    spoiled.push_back(bad);
  }
  const IngestResult result = dirty.Ingest(spoiled);
  EXPECT_EQ(result.accepted, clean.size());
  for (const DeviceEstimate& e : reference.QueryAll()) {
    const DeviceState* a = reference.State(e.device_id);
    const DeviceState* b = dirty.State(e.device_id);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->filter, b->filter) << e.device_id;
    EXPECT_EQ(a->last_time_s, b->last_time_s);
  }
  EXPECT_GT(Count(dirty, Reason::kDuplicate), 0u);
  EXPECT_GT(Count(dirty, Reason::kOutOfOrder), 0u);
  EXPECT_GT(Count(dirty, Reason::kChargingPrimary), 0u);
  EXPECT_GT(Count(dirty, Reason::kNoMeasurement), 0u);
  EXPECT_GT(Count(dirty, Reason::kBadTimestamp), 0u);
  EXPECT_GT(Count(dirty, Reason::kMissingDevice), 0u);
  EXPECT_GT(Count(dirty, Reason::kNonFinite), 0u);
  // The devices that sent bad data say so.
  int flagged = 0;
  for (const DeviceEstimate& e : dirty.QueryAll()) flagged += (e.flags & flag::kDataQuality) != 0;
  EXPECT_GT(flagged, 0);
}

TEST(EstimationBadData, BadFieldsAreDroppedAndTheRestUsed) {
  FleetEstimator f(Model());
  f.Ingest(Report("d", kT0, 0.9, 1));
  TelemetryRecord r = Report("d", kT0 + 3600.0, 0.9, 2);
  r.voltage_V = kNaN;
  r.signal_dBm = +40.0;        // out of range
  r.temperature_degC = -273.0; // out of range
  EXPECT_FALSE(f.Ingest(r));
  EXPECT_EQ(Count(f, Reason::kNonFinite), 1u);
  EXPECT_EQ(Count(f, Reason::kOutOfRange), 2u);
  EXPECT_EQ(f.Query("d")->records_accepted, 2u);
}

TEST(EstimationBadData, ClockJumpIsTrimmedByTheReportsCounter) {
  FleetEstimator jumped(Model()), steady(Model());
  for (FleetEstimator* f : {&jumped, &steady}) f->Ingest(Report("d", kT0, 0.9, 1));
  jumped.Ingest(Report("d", kT0 + units::kSecondsPerYear, 0.9, 2));  // a clock a year ahead, one report later
  steady.Ingest(Report("d", kT0 + 3600.0, 0.9, 2));
  EXPECT_EQ(Count(jumped, Reason::kClockJump), 1u);
  // A year of floor current was not charged: the charge used is about one report's (+ the gap).
  EXPECT_NEAR(jumped.Query("d")->charge_used_C, steady.Query("d")->charge_used_C, 0.5);
}

TEST(EstimationBadData, ClockSetBackIsReanchoredAfterAStreak) {
  FleetEstimator f(Model());
  f.Ingest(Report("d", kT0 + 10 * units::kSecondsPerDay, 0.9, 1));
  EXPECT_EQ(f.Ingest(Report("d", kT0, 0.9, 2)), Reason::kOutOfOrder);
  EXPECT_EQ(f.Ingest(Report("d", kT0 + 3600.0, 0.9, 3)), Reason::kOutOfOrder);
  EXPECT_FALSE(f.Ingest(Report("d", kT0 + 7200.0, 0.9, 4)));  // third in a row: the clock went back
  EXPECT_EQ(Count(f, Reason::kClockBackwards), 1u);
  EXPECT_FALSE(f.Ingest(Report("d", kT0 + 10800.0, 0.9, 5)));
}

TEST(EstimationBadData, CounterResetIsReadAsOneReport) {
  FleetEstimator f(Model());
  f.Ingest(Report("d", kT0, 0.9, 500));
  f.Ingest(Report("d", kT0 + 3600.0, 0.9, 501));
  const double before = f.Query("d")->charge_used_C;
  f.Ingest(Report("d", kT0 + 7200.0, 0.9, 0));  // rebooted
  EXPECT_EQ(Count(f, Reason::kCounterReset), 1u);
  EXPECT_LT(f.Query("d")->charge_used_C - before, 1.0);
}

// A FOTA counter that jumps by more updates than fit in the gap (found by fuzzing: 0 to 1.7e9 in
// an hour) is a reset, not 1.7e9 downloads: the charge stays that of the hour, and the remaining
// life is a finite forecast computed at once (before: a state of charge of -2e8 and seconds per
// estimate).
TEST(EstimationBadData, AnImpossibleFotaCounterJumpIsAReset) {
  FleetEstimator f(Model());
  TelemetryRecord first = Report("d", kT0, 0.9, 5);
  first.present |= field::kFota;
  first.fota_count = 0;
  f.Ingest(first);
  const double before = f.Query("d")->charge_used_C;
  TelemetryRecord jumped = Report("d", kT0 + 3600.0, 0.9, 6);
  jumped.present |= field::kFota;
  jumped.fota_count = 1704067200;
  f.Ingest(jumped);
  EXPECT_EQ(Count(f, Reason::kCounterReset), 1u);
  const auto estimate = f.Query("d");
  ASSERT_TRUE(estimate);
  EXPECT_LT(estimate->charge_used_C - before, 1.0);
  EXPECT_GT(estimate->soc_frac, 0.5);
  // One update in the hour is possible and is charged as one.
  FleetEstimator g(Model());
  g.Ingest(first);
  TelemetryRecord one = jumped;
  one.fota_count = 1;
  g.Ingest(one);
  EXPECT_EQ(Count(g, Reason::kCounterReset), 0u);
  EXPECT_GT(g.Query("d")->charge_used_C, estimate->charge_used_C);
}

TEST(EstimationBadData, ANewCellStartsTheDeviceAgain) {
  FleetEstimator f(Model());
  f.Ingest(Report("d", kT0, 0.30, 1));
  f.Ingest(Report("d", kT0 + 3600.0, 0.30, 2));
  f.Ingest(Report("d", kT0 + 7200.0, 1.00, 3));
  const DeviceEstimate e = *f.Query("d");
  EXPECT_EQ(Count(f, Reason::kBatteryReplaced), 1u);
  EXPECT_EQ(e.battery_epoch, 1u);
  EXPECT_TRUE(e.flags & flag::kBatteryReplaced);
  EXPECT_GT(e.soc_frac, 0.95);
  EXPECT_EQ(e.records_accepted, 3u);
}

TEST(EstimationBadData, LiIonChargingIsStateNotError) {
  FleetEstimator f(Model(models::battery::Chemistry::kLiIon));
  TelemetryRecord r;
  r.device_id = "li";
  r.time_s = kT0;
  r.present = field::kVoltage | field::kCurrent;
  r.voltage_V = 3.7;
  r.current_A = 0.0;
  EXPECT_FALSE(f.Ingest(r));
  r.time_s += 1.0;
  r.current_A = -0.5;
  r.voltage_V = 3.8;
  EXPECT_FALSE(f.Ingest(r));
  EXPECT_TRUE(f.Query("li")->flags & flag::kCharging);
  EXPECT_EQ(Count(f, Reason::kChargingPrimary), 0u);
}

TEST(EstimationBadData, GarbageNumbersNeverMakeTheStateNonFinite) {
  FleetEstimator f(Model());
  f.Ingest(Report("d", kT0, 0.9, 1));
  const double extremes[] = {1e308, -1e308, 1e-308, 0.0, std::numeric_limits<double>::infinity(), kNaN};
  double t = kT0;
  std::uint32_t n = 1;
  for (double x : extremes) {
    TelemetryRecord r = Report("d", t += 3600.0, 0.9, ++n);
    r.voltage_V = x;
    r.level_frac = x;
    r.signal_dBm = x;
    r.temperature_degC = x;
    r.reports_count = x;
    r.present |= field::kPulseDrop | field::kFota;
    r.pulse_drop_V = x;
    r.fota_count = x;
    f.Ingest(r);
  }
  const DeviceEstimate e = *f.Query("d");
  EXPECT_TRUE(std::isfinite(e.soc_frac));
  EXPECT_TRUE(std::isfinite(e.remaining_life.p50_s));
  EXPECT_TRUE(std::isfinite(e.drain_multiplier));
}

}  // namespace
}  // namespace pb::engine::estimation
