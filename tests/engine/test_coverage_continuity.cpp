// The energy of a report against coupling loss on every bundled network, from 120 to 164 dB: with
// link adaptation inside each CE level (models/radio/nbiot/link_adaptation.hpp) it is continuous
// and never decreases within a level; at a level edge it may step, for the causes the CE level
// fixes (NPRACH repetitions and periodicity, the search space's Rmax), and the step is bounded.
// Synchronisation and MIB-NB reception follow the downlink SINR (cell_acquisition.hpp), so they
// add no step.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cell/cell_test_support.hpp"
#include "engine/budget.hpp"
#include "engine/device_plan.hpp"

namespace pb {
namespace {

struct Point {
  int ce_level;
  double report_J;
};

Point ReportAt(const engine::DeviceProfile& base, double coupling_loss_dB) {
  engine::DeviceProfile p = base;
  auto& device = std::get<engine::ModelledDevice>(p.device);
  device.coverage.coupling_loss_dB = coupling_loss_dB;
  const engine::BudgetResult b = engine::ComputeBudget(p);
  const engine::ActivityBudget* report = b.Find(engine::activity::kReport);
  const engine::ActivityBudget* tail = b.Find(engine::activity::kInactivityTail);
  return {b.radio->ce_level, report->energy_J_per_event + (tail ? tail->energy_J_per_event : 0.0)};
}

class CoverageContinuity : public ::testing::TestWithParam<std::string> {};

TEST_P(CoverageContinuity, ReportEnergyIsContinuousAndMonotoneWithinEachCeLevel) {
  const engine::DeviceProfile profile = test::BundledDevice("devices/mast-monitor.json", {"network=" + GetParam()});
  constexpr double kStep_dB = 0.05;
  Point previous = ReportAt(profile, 120.0);
  int edges = 0;
  for (int i = 1; i <= 880; ++i) {  // to 164 dB, the maximum coupling loss
    const double cl = 120.0 + i * kStep_dB;
    const Point now = ReportAt(profile, cl);
    if (now.ce_level == previous.ce_level) {
      EXPECT_GE(now.report_J, previous.report_J * (1.0 - 1e-12)) << cl << " dB";
      EXPECT_LT(now.report_J, previous.report_J * 1.02) << "a jump of more than 2 % in 0.05 dB at " << cl << " dB";
    } else {
      ++edges;
      EXPECT_GT(now.report_J, previous.report_J) << "deeper level, cheaper report at " << cl << " dB";
      EXPECT_LT(now.report_J, previous.report_J * 4.0) << "the step at the CE-level edge at " << cl << " dB";
    }
    previous = now;
  }
  EXPECT_EQ(edges, 2);
}

INSTANTIATE_TEST_SUITE_P(BundledNetworks, CoverageContinuity,
                         ::testing::Values("nordic-operator", "typical-operator", "tr45820-evaluation"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace pb
