// One analytic budget evaluation of a bundled profile. Target: at least 1,000,000
// evaluations per second per core, so sweeps and Monte Carlo over millions of cases stay
// interactive. The profile and its plan (engine/device_plan.hpp) are prepared outside the timed loop; the
// loop varies the coupling loss so that the CE level and transmit power are recomputed each time.
// Measured figures: docs/models.md, "Speed".
#include <benchmark/benchmark.h>

#include "engine/budget.hpp"
#include "engine/device_plan.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace {

pb::engine::DeviceProfile LoadBundled(const char* name) {
  pb::engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return pb::engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / (std::string(name) + ".json"), options);
}

void BM_BudgetEvaluation(benchmark::State& state, const char* device_name) {
  pb::engine::DeviceProfile profile = LoadBundled(device_name);
  auto& device = std::get<pb::engine::ModelledDevice>(profile.device);
  const double losses_dB[] = {130.0, 144.0, 150.0, 158.0, 164.0};
  std::size_t i = 0;
  const pb::engine::DevicePlan plan = pb::engine::BuildPlan(device);
  for (auto _ : state) {
    device.coverage.coupling_loss_dB = losses_dB[i++ % 5];
    benchmark::DoNotOptimize(pb::engine::ComputeBudget(profile, plan));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Including building the plan each time (a case that changes what a plan fixes).
void BM_BudgetWithPlan(benchmark::State& state, const char* device_name) {
  const pb::engine::DeviceProfile profile = LoadBundled(device_name);
  for (auto _ : state) benchmark::DoNotOptimize(pb::engine::ComputeBudget(profile));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(BM_BudgetEvaluation, mast_monitor, "mast-monitor");
BENCHMARK_CAPTURE(BM_BudgetEvaluation, smart_meter_gateway, "smart-meter-gateway");
BENCHMARK_CAPTURE(BM_BudgetWithPlan, mast_monitor, "mast-monitor");

}  // namespace

BENCHMARK_MAIN();
