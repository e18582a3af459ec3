// A firmware-update campaign over a large fleet (target: 1,000,000 devices in seconds).
// The bundled mast-monitor campaign (profiles/campaigns/mast-monitor-quarterly.json) scaled to N
// devices at its 250 devices per cell, loaded outside the timed loop; each iteration runs the
// whole campaign: update costs from the budget, the seeded fleet, every cell event by event,
// and the summaries. Sizes are swept; items per second are devices × variants.
//   ./build/release/bench/bench_campaign --benchmark_format=json
#include <benchmark/benchmark.h>

#include "engine/campaign/campaign_run.hpp"
#include "engine/profile_io/cell_loader.hpp"

namespace {

constexpr int kDevicesPerCell = 250;  // as in the bundled scenario: 10,000 devices in 40 cells

pb::engine::campaign::CampaignScenario Scenario(std::int64_t devices, bool one_variant) {
  pb::engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  options.overrides = {"fleet.devices=" + std::to_string(devices),
                       "fleet.cells=" + std::to_string(std::max<std::int64_t>(1, devices / kDevicesPerCell))};
  auto s = pb::engine::profile_io::LoadCampaignScenario(options.profiles_root / "campaigns" / "mast-monitor-quarterly.json",
                                                options);
  if (one_variant) s.variants.resize(1);  // full image, unicast: the slowest
  return s;
}

void BM_Campaign(benchmark::State& state, bool one_variant) {
  const auto scenario = Scenario(state.range(0), one_variant);
  for (auto _ : state) benchmark::DoNotOptimize(pb::engine::campaign::RunCampaign(scenario));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0) *
                          static_cast<std::int64_t>(scenario.variants.size()));
  state.counters["variants"] = static_cast<double>(scenario.variants.size());
}

BENCHMARK_CAPTURE(BM_Campaign, full_unicast, true)
    ->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_Campaign, four_variants, false)
    ->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
