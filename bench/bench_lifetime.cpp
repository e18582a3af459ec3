// Lifetime simulation and Monte Carlo. Targets: a ten-year simulation of one device
// with daily temperature steps; 100,000 device-lifetimes in under 10 seconds on this 2-core
// machine. Inputs (profile, plan, battery model) are built outside the timed loops.
#include <benchmark/benchmark.h>

#include "engine/budget.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace {

pb::engine::DeviceProfile Mast() {
  pb::engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return pb::engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
}

// One device for ten years (a bigger cell so that it lives through the horizon), daily steps.
void BM_TenYearLifetimeDailySteps(benchmark::State& state) {
  pb::engine::DeviceProfile profile = Mast();
  profile.battery.capacity_C *= 10.0;
  const pb::engine::BudgetResult budget = pb::engine::ComputeBudget(profile);
  const pb::models::battery::BatteryModel battery(profile.battery, profile.battery_physics);
  pb::engine::lifetime::LifetimeOptions options;
  options.horizon_s = 10.0 * pb::units::kSecondsPerYear;
  options.record_series = false;
  for (auto _ : state) benchmark::DoNotOptimize(pb::engine::lifetime::SimulateLifetime(profile, budget, battery, options));
  state.counters["steps_per_s"] = benchmark::Counter(3650.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TenYearLifetimeDailySteps)->Unit(benchmark::kMillisecond);

// The mast monitor's population: every declared input drawn per device, budget and lifetime
// simulation per device, all cores. Arg: devices; second arg: time step in days.
void BM_MonteCarlo(benchmark::State& state) {
  const pb::engine::DeviceProfile profile = Mast();
  pb::engine::lifetime::MonteCarloOptions options;
  options.devices = static_cast<std::size_t>(state.range(0));
  options.lifetime.time_step_s = static_cast<double>(state.range(1)) * pb::units::kSecondsPerDay;
  options.lifetime.record_series = false;
  for (auto _ : state) benchmark::DoNotOptimize(pb::engine::lifetime::RunMonteCarlo(profile, options));
  state.counters["device_lifetimes_per_s"] =
      benchmark::Counter(static_cast<double>(options.devices) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MonteCarlo)->Args({10000, 1})->Args({100000, 1})->Args({100000, 7})->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
