// Fleet estimation speed. Targets, per core:
//   - the filter update kernel over a fleet: >= 50 million device updates per second
//     (structure of arrays, no allocation in the loop): BM_FleetKernel;
//   - end to end from InfluxDB line protocol (parse, look the device up, check, filter, flags):
//     >= 5 million records per second: BM_EndToEndInflux;
//   - <= 256 bytes of state per device (static_assert below).
// Inputs are built outside the timed loops: the fleet and its steps for the kernel; for the
// end-to-end run, fleet-sim's telemetry of the mast monitor as line protocol, replayed into a
// fresh estimator each iteration (creating the estimator is not timed) so every record is new
// to its device and takes the full path.
#include <benchmark/benchmark.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/fleet/fleet_kernel.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/estimation/telemetry_io/telemetry_stream.hpp"
#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace est = pb::engine::estimation;

static_assert(sizeof(est::DeviceState) <= 256, "project brief: at most 256 bytes of state per device");

namespace {

pb::engine::DeviceProfile MastMonitor() {
  pb::engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return pb::engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
}

const est::FleetModel& Model() {
  static const est::FleetModel model = est::MakeFleetModel(MastMonitor());
  return model;
}

void BM_FleetKernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const est::PrimaryModel& model = Model().primary;
  est::FleetStateSoA fleet;
  est::FleetStepSoA step;
  fleet.Resize(n);
  step.Resize(n);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    est::FilterState s = est::PrimaryPrior(model).s;
    s.x[0] = 1000.0 * u(rng);
    fleet.Set(i, s);
    step.dt_s[i] = 3600.0;
    step.drain_C[i] = 0.3 + 0.2 * u(rng);
    step.self_discharge_C[i] = 1e-4;
    step.level_frac[i] = 0.9;
    step.level_correlation_s[i] = 2e5;
    step.level_valid[i] = u(rng) < 0.9;
  }
  for (auto _ : state) {
    est::UpdateFleet(model, fleet, step);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.counters["state_B_per_device"] = static_cast<double>(14 * sizeof(double));
}
BENCHMARK(BM_FleetKernel)->Arg(1 << 10)->Arg(1 << 14)->Arg(1 << 17)->Arg(1 << 20);

// The per-record path of FleetEstimator (records already parsed): validation, device lookup,
// process model from the drain table, level/voltage/pulse updates, change detector, flags.
const std::vector<est::TelemetryRecord>& SimRecords() {
  static std::vector<std::string> ids;
  static std::vector<est::TelemetryRecord> records = [] {
    pb::engine::fleet_sim::FleetSimOptions o;
    o.devices = 5000;
    o.days = 4.0;
    o.seed = 1;
    pb::engine::fleet_sim::FleetSimulator sim(MastMonitor(), o);
    std::vector<est::TelemetryRecord> out;
    ids.reserve(static_cast<std::size_t>(o.devices) * 200);
    sim.Run([&](const est::TelemetryRecord& r, const pb::engine::fleet_sim::RecordTruth&) {
      out.push_back(r);
      out.back().device_id = {};
      ids.emplace_back(r.device_id);
    });
    for (std::size_t i = 0; i < out.size(); ++i) out[i].device_id = ids[i];
    return out;
  }();
  return records;
}

void BM_IngestParsedRecords(benchmark::State& state) {
  const std::vector<est::TelemetryRecord>& records = SimRecords();
  for (auto _ : state) {
    state.PauseTiming();
    auto fleet = std::make_unique<est::FleetEstimator>(Model());
    state.ResumeTiming();
    benchmark::DoNotOptimize(fleet->Ingest(records));
    state.PauseTiming();
    fleet.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_IngestParsedRecords)->Unit(benchmark::kMillisecond);

// As a server ingests a message or a read buffer: the lines of a batch parsed first
// (TelemetryReader::AppendLine), then ingested at once (FleetEstimator::Ingest of a span, which
// overlaps the devices' memory loads). state.range(0) lines a batch; 1 is line by line.
void BM_EndToEndInflux(benchmark::State& state) {
  const std::vector<est::TelemetryRecord>& records = SimRecords();
  std::string text;
  for (const est::TelemetryRecord& r : records) text += est::telemetry_io::FormatTelemetry(est::telemetry_io::InputFormat::kInflux, r);
  const auto batch_lines = static_cast<std::size_t>(state.range(0));
  std::vector<est::TelemetryRecord> batch;
  batch.reserve(batch_lines + 4);
  std::string error;
  est::ReasonCounts counts{};
  std::size_t malformed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto fleet = std::make_unique<est::FleetEstimator>(Model());
    est::telemetry_io::TelemetryReader reader(est::telemetry_io::InputFormat::kInflux);
    state.ResumeTiming();
    const std::string_view all(text);
    std::size_t lines = 0;
    for (std::size_t start = 0; start < all.size();) {
      const std::size_t end = all.find('\n', start);
      if (!reader.AppendLine(all.substr(start, end - start), batch, error, counts)) ++malformed;
      if (++lines == batch_lines) {
        fleet->Ingest(batch);
        batch.clear();
        lines = 0;
      }
      start = end + 1;
    }
    fleet->Ingest(batch);
    batch.clear();
    state.PauseTiming();
    fleet.reset();
    state.ResumeTiming();
  }
  if (malformed) state.SkipWithError("malformed lines in the benchmark input");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_EndToEndInflux)->Arg(1)->Arg(256)->Unit(benchmark::kMillisecond);

// `powerbudget estimate` as a function (telemetry_io::IngestStream, what the command calls):
// the line-protocol text as a stream, read in blocks, parsed, ingested, and every device's
// estimate written as a JSON line at the end; a fresh estimator each iteration. Arg 1: the
// batched path (the command's); 0: line by line (std::getline, ReadLine, Ingest of one record),
// the path the command took before. The size sweep (10 k, 100 k, 1 M devices) of the command
// itself: bench/estimate_command.sh.
void BM_EstimateStream(benchmark::State& state) {
  const std::vector<est::TelemetryRecord>& records = SimRecords();
  std::string text;
  for (const est::TelemetryRecord& r : records) text += est::telemetry_io::FormatTelemetry(est::telemetry_io::InputFormat::kInflux, r);
  est::telemetry_io::StreamOptions options;
  options.mode = state.range(0) ? est::telemetry_io::IngestMode::kBatched : est::telemetry_io::IngestMode::kPerRecord;
  std::size_t lines = 0, out_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto fleet = std::make_unique<est::FleetEstimator>(Model());
    est::telemetry_io::TelemetryReader reader(est::telemetry_io::InputFormat::kInflux);
    std::istringstream in(text);
    state.ResumeTiming();
    lines = est::telemetry_io::IngestStream(in, reader, *fleet, {}, options).lines;
    std::string out;
    fleet->ForEachEstimate([&out](const est::DeviceEstimate& e) {
      out += est::telemetry_io::FormatEstimate(est::telemetry_io::EstimateFormat::kJsonl, e);
    });
    out_bytes = out.size();
    benchmark::DoNotOptimize(out.data());
    state.PauseTiming();
    fleet.reset();
    state.ResumeTiming();
  }
  if (lines != records.size() || out_bytes == 0) state.SkipWithError("the stream did not read every line");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_EstimateStream)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// An estimate per device (what serve publishes for every device a batch touches): state of
// charge, remaining-life quantiles (three root searches of the life CDF), flags.
void BM_EstimateAll(benchmark::State& state) {
  est::FleetEstimator fleet(Model());
  fleet.Ingest(SimRecords());
  for (auto _ : state) {
    double sum = 0.0;
    fleet.ForEachEstimate([&sum](const est::DeviceEstimate& e) { sum += e.remaining_life.p50_s; });
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * fleet.device_count()));
}
BENCHMARK(BM_EstimateAll)->Unit(benchmark::kMillisecond);

// The parser alone, for the split of the end-to-end figure.
void BM_ParseInflux(benchmark::State& state) {
  const std::vector<est::TelemetryRecord>& records = SimRecords();
  std::string text;
  for (const est::TelemetryRecord& r : records) text += est::telemetry_io::FormatTelemetry(est::telemetry_io::InputFormat::kInflux, r);
  std::vector<est::TelemetryRecord> parsed;
  std::string error;
  est::ReasonCounts counts{};
  est::telemetry_io::TelemetryReader reader(est::telemetry_io::InputFormat::kInflux);
  for (auto _ : state) {
    const std::string_view all(text);
    for (std::size_t start = 0; start < all.size();) {
      const std::size_t end = all.find('\n', start);
      reader.ReadLine(all.substr(start, end - start), parsed, error, counts);
      benchmark::DoNotOptimize(parsed.data());
      start = end + 1;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_ParseInflux)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
