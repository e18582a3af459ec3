// System information is read again only when the stored copy has expired (TS 36.331 §5.2.1.3):
// a device that wakes more often than the validity never pays for SIB1-NB and the SI messages; one
// that wakes less often pays on every wake from PSM, and the cost is the plan's SI tally.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cell/cell_test_support.hpp"
#include "engine/budget.hpp"
#include "engine/device_plan.hpp"

namespace pb {
namespace {

double ReportEnergy_J(const std::vector<std::string>& overrides) {
  const engine::BudgetResult b = engine::ComputeBudget(test::BundledDevice("devices/mast-monitor.json", overrides));
  return b.Find(engine::activity::kReport)->energy_J_per_event;
}

TEST(SystemInformationValidity, ReadOnlyWhenTheGapBetweenWakesExceedsTheValidity) {
  const std::vector<std::string> base{"network=typical-operator", "fota.enabled=false", "power_saving.t3412_s=0",
                                      "coverage.coupling_loss_dB=140"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), base.begin(), base.end());
    return more;
  };
  const double at_2h_J = ReportEnergy_J(with({"reporting.interval_s=7200"}));
  const double at_2h59_J = ReportEnergy_J(with({"reporting.interval_s=10740"}));
  const double at_3h01_J = ReportEnergy_J(with({"reporting.interval_s=10860"}));
  EXPECT_DOUBLE_EQ(at_2h_J, at_2h59_J);  // the report's own energy does not depend on the interval
  EXPECT_GT(at_3h01_J, at_2h59_J);

  // The step is the SI tally of the plan on this link, through the same supply path.
  const engine::DeviceProfile p = test::BundledDevice("devices/mast-monitor.json", with({"reporting.interval_s=10860"}));
  const auto& device = std::get<engine::ModelledDevice>(p.device);
  const engine::DevicePlan plan = engine::BuildPlan(device);
  const auto link = engine::DeviceLink(device, device.coverage.coupling_loss_dB);
  const double si_J = engine::TallyBatteryEnergy_J(p, link, plan.by_ce_level[0].system_information);
  EXPECT_NEAR(at_3h01_J - at_2h59_J, si_J, 1e-9 * at_3h01_J);

  // A longer validity removes the step.
  EXPECT_DOUBLE_EQ(ReportEnergy_J(with({"reporting.interval_s=10860", "network.system_information.validity_h=24"})),
                   at_2h59_J);
}

}  // namespace
}  // namespace pb
