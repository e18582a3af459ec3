// fleet-sim speed: what `powerbudget fleet-sim mast-monitor --devices N --days 1
// --telemetry-format influx` runs (FleetSimulator::RunFormatted, AppendTelemetry on the worker
// threads), the text to a null sink; and the end of life of every device after the window
// (the truth). One iteration each: the 1 M run takes tens of seconds. docs/estimation.md,
// "fleet-sim speed".
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace est = pb::engine::estimation;
namespace sim = pb::engine::fleet_sim;

namespace {

pb::engine::DeviceProfile MastMonitor() {
  pb::engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return pb::engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
}

// range(0): devices; range(1): threads (0: the machine's cores).
void BM_FleetSimInflux(benchmark::State& state) {
  const pb::engine::DeviceProfile profile = MastMonitor();
  std::size_t records = 0, bytes = 0;
  for (auto _ : state) {
    sim::FleetSimOptions o;
    o.devices = static_cast<int>(state.range(0));
    o.days = 1.0;
    o.seed = 1;
    o.threads = static_cast<int>(state.range(1));
    sim::FleetSimulator fleet(profile, o);
    bytes = 0;
    records = fleet.RunFormatted(
        [](const est::TelemetryRecord& r, const sim::RecordTruth&, std::string& text) {
          est::telemetry_io::AppendTelemetry(est::telemetry_io::InputFormat::kInflux, r, text);
        },
        [&](std::string_view text) { bytes += text.size(); });
    benchmark::DoNotOptimize(fleet.truth().back().end_of_life_s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
  state.counters["records"] = static_cast<double>(records);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_FleetSimInflux)
    ->Args({10'000, 0})
    ->Args({100'000, 0})
    ->Args({1'000'000, 0})
    ->Args({100'000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
