// The cell model on the TR 45.820 capacity set-up: the published arithmetic, the NPRACH
// periodicities, monotonicity in the population, the capacity search, and a one-class
// population checked against the closed forms by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "cell/cell_test_support.hpp"
#include "engine/cell/cell_analysis.hpp"
#include "engine/errors.hpp"
#include "models/units.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::cell {
namespace {

// TR 45.820: 1517 households/km² × 40 devices × (√3/2 · 1.732² / 3) km² = 52,547 per sector
// (project reference published-figures.md section 1).
TEST(CellPopulation, Tr45820DevicesPerSector) {
  const DensityParams tr{1517.0, 40.0, 1732.0, 3};
  EXPECT_NEAR(SectorArea_m2(tr) / units::kSquareMetresPerSquareKilometre, 0.86597, 5e-6);
  EXPECT_EQ(DevicesPerSector(tr), 52547.0);
  EXPECT_EQ(test::BundledCell("tr45820-capacity").population.devices, 52547.0);
}

TEST(CellPopulation, NormalCouplingLossBinsSumToOneAroundTheMean) {
  const std::vector<CouplingLossBin> bins = NormalCouplingLossBins(140.0, 5.0);
  double total = 0.0, mean = 0.0;
  for (const CouplingLossBin& b : bins) {
    total += b.share_frac;
    mean += b.share_frac * b.coupling_loss_dB;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_NEAR(mean, 140.0, 1e-9);
  EXPECT_EQ(NormalCouplingLossBins(150.0, 0.0).size(), 1u);
}

// TS 36.331 nprach-Periodicity-r13: 40, 80, 160, 240, 320, 640, 1280, 2560 ms, and nothing else;
// the arrivals an opportunity sees scale with its period.
TEST(CellNprach, PeriodicitiesOfTs36331) {
  const auto root = test::ProfilesRoot();
  engine::profile_io::Json doc = engine::profile_io::ReadJsonFile(root / "cells" / "tr45820-capacity.json");
  doc["network"] = engine::profile_io::ReadJsonFile(root / "networks" / "tr45820-evaluation.json");
  doc["population"]["coupling_loss"] = {{"distribution", "bins"},
                                        {"bins", {{{"coupling_loss_dB", 130}, {"share_frac", 1.0}}}}};
  for (int period_ms : {40, 80, 160, 240, 320, 640, 1280, 2560}) {
    doc["network"]["ce_levels"][0]["nprach_periodicity_ms"] = period_ms;
    const CellScenario s = engine::profile_io::ParseCellScenario(doc, root / "cells", root);
    const CellLoad load = EvaluateLoad(s, BuildDeviceClasses(s), s.population.devices, ArrivalPattern::kRandomised);
    EXPECT_NEAR(load.ce[0].access.new_per_opportunity / load.ce[0].accesses_per_s, units::ms(period_ms), 1e-12);
  }
  for (int period_ms : {20, 100, 5120}) {
    doc["network"]["ce_levels"][0]["nprach_periodicity_ms"] = period_ms;
    try {
      engine::profile_io::ParseCellScenario(doc, root / "cells", root);
      ADD_FAILURE() << period_ms << " ms was accepted";
    } catch (const ProfileError& e) {
      EXPECT_EQ(e.field(), "/network/ce_levels/0/nprach_periodicity_ms");
    }
  }
}

class CellTr45820 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new CellScenario(test::BundledCell("tr45820-capacity"));
    classes_ = new DeviceClasses(BuildDeviceClasses(*scenario_));
  }
  static void TearDownTestSuite() {
    delete classes_;
    delete scenario_;
  }
  CellLoad Load(double devices, ArrivalPattern pattern) const {
    return EvaluateLoad(*scenario_, *classes_, devices, pattern);
  }
  static CellScenario* scenario_;
  static DeviceClasses* classes_;
};
CellScenario* CellTr45820::scenario_ = nullptr;
DeviceClasses* CellTr45820::classes_ = nullptr;

TEST_F(CellTr45820, OneCarrierCarriesTheSectorWithRandomisedReporting) {
  const CellResult r = AnalyseCell(*scenario_);
  EXPECT_EQ(r.devices, 52547.0);
  EXPECT_TRUE(r.carried);
  EXPECT_EQ(r.carriers_needed, 1);
  EXPECT_GT(r.capacity_randomised.devices, r.devices);
  EXPECT_LE(r.randomised.max_utilisation_frac(), scenario_->limits.max_utilisation_frac);
  EXPECT_LE(r.randomised.max_collision_probability_frac(), scenario_->limits.max_collision_probability_frac);
  // Everyone on the hour: the NPRACH collapses long before the sector's population.
  EXPECT_LT(r.capacity_synchronised.devices, r.devices);
  EXPECT_NE(r.capacity_synchronised.binding.find("collisions"), std::string::npos);
  EXPECT_GT(r.synchronised.max_collision_probability_frac(), r.randomised.max_collision_probability_frac());
  EXPECT_GT(r.synchronised.penalty.extra_energy_J_per_report, r.randomised.penalty.extra_energy_J_per_report);
  double shares = 0.0;
  for (double s : r.ce_share_frac) shares += s;
  EXPECT_NEAR(shares, 1.0, 1e-12);
}

TEST_F(CellTr45820, CapacityIsTheLastPopulationWithinTheLimits) {
  for (ArrivalPattern pattern : {ArrivalPattern::kRandomised, ArrivalPattern::kSynchronised}) {
    const Capacity cap = FindCapacity(*scenario_, *classes_, pattern);
    const CellLoad at = Load(cap.devices, pattern);
    const CellLoad above = Load(cap.devices + 1.0, pattern);
    const CapacityLimits& l = scenario_->limits;
    EXPECT_LE(at.max_utilisation_frac(), l.max_utilisation_frac);
    EXPECT_LE(at.max_collision_probability_frac(), l.max_collision_probability_frac);
    EXPECT_TRUE(above.max_utilisation_frac() > l.max_utilisation_frac ||
                above.max_collision_probability_frac() > l.max_collision_probability_frac);
    EXPECT_FALSE(cap.binding.empty());
  }
}

// More devices → more collisions → more retries → more energy and a shorter life.
TEST_F(CellTr45820, MoreDevicesMoreCollisionsMoreEnergy) {
  CellLoad previous = Load(100.0, ArrivalPattern::kRandomised);
  CellLoad previous_sync = Load(100.0, ArrivalPattern::kSynchronised);
  for (double n : {1e3, 1e4, 3e4, 52547.0, 1e5, 2e5, 4e5}) {
    const CellLoad now = Load(n, ArrivalPattern::kRandomised);
    EXPECT_GT(now.channels.downlink_frac, previous.channels.downlink_frac) << n;
    EXPECT_GT(now.channels.npusch_frac, previous.channels.npusch_frac) << n;
    for (std::size_t l = 0; l < 3; ++l)
      EXPECT_GT(now.ce[l].access.collision_probability_frac, previous.ce[l].access.collision_probability_frac) << n;
    EXPECT_GT(now.penalty.extra_attempts_per_access, previous.penalty.extra_attempts_per_access) << n;
    EXPECT_GT(now.penalty.extra_energy_J_per_report, previous.penalty.extra_energy_J_per_report) << n;
    EXPECT_GT(now.penalty.lifetime_loss_days, previous.penalty.lifetime_loss_days) << n;
    const CellLoad sync = Load(n, ArrivalPattern::kSynchronised);
    EXPECT_GE(sync.max_collision_probability_frac(), previous_sync.max_collision_probability_frac()) << n;
    EXPECT_GE(sync.penalty.extra_attempts_per_access, previous_sync.penalty.extra_attempts_per_access) << n;
    EXPECT_GE(sync.penalty.extra_energy_J_per_report, previous_sync.penalty.extra_energy_J_per_report) << n;
    EXPECT_GE(sync.penalty.failed_access_frac, previous_sync.penalty.failed_access_frac) << n;
    previous = now;
    previous_sync = sync;
  }
}

TEST_F(CellTr45820, LightLoadIsLinearAndCostsNothing) {
  const CellLoad one = Load(100.0, ArrivalPattern::kRandomised);
  const CellLoad two = Load(200.0, ArrivalPattern::kRandomised);
  EXPECT_NEAR(two.channels.downlink_frac / one.channels.downlink_frac, 2.0, 1e-3);
  // 100 devices on a carrier built for ~50 000: collisions are rare, so the penalty is a few
  // hours of a multi-year life.
  EXPECT_LT(one.penalty.lifetime_loss_days, 0.1);
  EXPECT_NEAR(one.ce[0].devices + one.ce[1].devices + one.ce[2].devices,
              100.0 * (1.0 - classes_->out_of_coverage_frac), 1e-9);
}

// One group at one coupling loss: the load and the penalty by hand from the closed forms.
TEST(CellClosedForm, OneClassPopulationByHand) {
  const CellScenario s = test::BundledCell(
      "tr45820-capacity",
      {R"(population.mix=[{"device": "reference/devices/tr45820-report.json", "share_frac": 1, "interval_s": 3600}])",
       R"(population.coupling_loss={"distribution": "bins", "bins": [{"coupling_loss_dB": 150, "share_frac": 1}]})"});
  const DeviceClasses dc = BuildDeviceClasses(s);
  ASSERT_EQ(dc.classes.size(), 1u);
  const DeviceClass& c = dc.classes[0];
  EXPECT_EQ(c.ce_level, 1);
  EXPECT_NEAR(c.reports_per_s, 1.0 / 3600.0, 1e-15);
  const double n = 200'000.0;
  const CellLoad load = EvaluateLoad(s, dc, n, ArrivalPattern::kRandomised);
  const models::radio::nbiot::CeLevelParams& ce = s.network.ce_levels[1];
  const double a = n / 3600.0 * ce.nprach_periodicity_s;
  const AccessOutcome expected = SolveAccess(a, s.carrier.nprach_subcarriers[1], s.access.max_preamble_attempts);
  EXPECT_NEAR(load.ce[1].access.new_per_opportunity, a, 1e-12);
  EXPECT_NEAR(load.ce[1].access.collision_probability_frac, expected.collision_probability_frac, 1e-15);
  const double extra_J_per_report = (expected.mean_attempts - 1.0) * c.retry_energy_J;
  EXPECT_NEAR(load.penalty.extra_energy_J_per_report, extra_J_per_report, 1e-12);
  const double extra_J_per_day = 24.0 * extra_J_per_report;
  const double loss_s = c.lifetime_s - c.lifetime_s * c.energy_J_per_day / (c.energy_J_per_day + extra_J_per_day);
  EXPECT_NEAR(load.penalty.lifetime_loss_days, loss_s / units::kSecondsPerDay, 1e-9);
  // Downlink: every report connection plus a preamble-and-RAR per retry, over what the anchor leaves.
  const double downlink_s_per_s =
      n / 3600.0 * (c.report_use.downlink_s() + (expected.mean_attempts - 1.0) * c.retry_use.downlink_s());
  EXPECT_NEAR(load.channels.downlink_frac, downlink_s_per_s / (AvailableDownlinkSubframes_per_s(s.carrier) * kSubframe_s),
              1e-12);
  // A retry costs at least its preamble at full power and the back-off wait.
  EXPECT_GT(c.retry_energy_J, 0.0);
}

TEST(CellScenarioErrors, NameTheField) {
  struct Case {
    std::vector<std::string> set;
    const char* field;
  };
  for (const Case& c : {
           Case{{"population.mix[0].share_frac=0.5"}, "/population/mix"},
           Case{{"population.devices=1000"}, "/population/devices"},
           Case{{"limits.max_utilisation_fraction=0.5"}, "/limits/max_utilisation_fraction"},
           Case{{"access.backoff_indicator_ms=1000"}, "/access/backoff_indicator_ms"},
           Case{{"carrier.nprach_subcarriers[1]=16"}, "/carrier/nprach_subcarriers/1"},
           Case{{"population.mix[0].device=no-such-device"}, "/population/mix/0/device"},
           Case{{"population.mix[0].set=[\"reporting.interval_s=-1\"]"}, "/population/mix/0/device"},
       }) {
    try {
      test::BundledCell("tr45820-capacity", c.set);
      ADD_FAILURE() << c.set[0] << " was accepted";
    } catch (const ProfileError& e) {
      EXPECT_EQ(e.field(), c.field) << c.set[0] << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace pb::engine::cell
