// Fuzz target: telemetry as `powerbudget estimate --input FILE --format F` and serve read it,
// in every format of engine/estimation/telemetry_io (CSV with its header, JSON lines, SenML
// packs, InfluxDB line protocol): the same input goes through each reader line by line, and
// the records into the fleet estimator of the bundled mast monitor. A malformed line is data
// (an error message, the line skipped); an exception other than bad input is a finding.
//
// Checked beyond "no crash": the estimator fed one record at a time and the estimator fed the
// whole input as one batch (FleetEstimator::Ingest of a span, a pipelined path with its own
// lookups) end in the same state, byte for byte in their snapshots, and the reader counts the
// same either way. The estimates are then written in every output format. And the raw input as
// a stream (what `estimate` reads) gives the same through the block-reading batched path as
// through the per-record one.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/estimation/telemetry_io/telemetry_stream.hpp"
#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "tests/fuzz/bad_input.hpp"
#include "tests/fuzz/bundled_device.hpp"

namespace {

using namespace pb::engine::estimation;
namespace io = telemetry_io;

const FleetModel& MastMonitorFleetModel() {
  static const FleetModel model = MakeFleetModel(pb::fuzz::MastMonitor());
  return model;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? text.size() : end + 1;
  }
  return lines;
}

[[noreturn]] void Finding(const char* what, io::InputFormat format) {
  std::fprintf(stderr, "fuzz_telemetry: %s (input format %d)\n", what, static_cast<int>(format));
  std::abort();
}

void ReadAndEstimate(const std::vector<std::string_view>& lines, io::InputFormat format) {
  // One record at a time, as each line is read.
  io::TelemetryReader reader(format);
  FleetEstimator one_by_one(MastMonitorFleetModel());
  std::vector<TelemetryRecord> records;
  std::string error;
  ReasonCounts counts{};
  for (std::string_view line : lines) {
    if (!reader.ReadLine(line, records, error, counts)) continue;
    for (const TelemetryRecord& record : records) {
      static_cast<void>(io::FormatTelemetry(format, record));
      one_by_one.Ingest(record);
    }
  }
  // The whole input as one batch.
  io::TelemetryReader batch_reader(format);
  FleetEstimator batched(MastMonitorFleetModel());
  std::vector<TelemetryRecord> batch;
  ReasonCounts batch_counts{};
  for (std::string_view line : lines) batch_reader.AppendLine(line, batch, error, batch_counts);
  batched.Ingest(batch);

  if (counts != batch_counts) Finding("the reader counts differently line by line and appending", format);
  if (one_by_one.Snapshot() != batched.Snapshot())
    Finding("one record at a time and one batch end in different estimator states", format);

  for (const DeviceEstimate& estimate : one_by_one.QueryAll())
    for (io::EstimateFormat out : {io::EstimateFormat::kJsonl, io::EstimateFormat::kCsv, io::EstimateFormat::kInflux,
                                   io::EstimateFormat::kSenml})
      static_cast<void>(io::FormatEstimate(out, estimate));
  static_cast<void>(io::CountsJson(one_by_one.counts()));
}

// The stream as `estimate` reads it (telemetry_stream.hpp): the batched path with blocks and
// batches small enough that lines straddle blocks and batches, against the per-record path —
// the same tally, the same malformed lines with the same numbers and messages, the same state.
void IngestBothWays(std::string_view text, io::InputFormat format) {
  struct Run {
    std::string malformed;
    io::StreamTally tally;
    std::vector<std::uint8_t> snapshot;
  };
  const auto run = [&](io::IngestMode mode) {
    std::istringstream in{std::string(text)};
    io::TelemetryReader reader(format);
    FleetEstimator fleet(MastMonitorFleetModel());
    Run r;
    io::StreamHooks hooks;
    hooks.malformed = [&r](std::size_t line, std::string_view error) {
      r.malformed += std::to_string(line) + ":" + std::string(error) + "\n";
    };
    io::StreamOptions options;
    options.mode = mode;
    options.block_bytes = 64;  // the smallest block the stream reads
    options.batch_lines = 3;
    r.tally = io::IngestStream(in, reader, fleet, hooks, options);
    r.snapshot = fleet.Snapshot();
    return r;
  };
  const Run batched = run(io::IngestMode::kBatched);
  const Run per_record = run(io::IngestMode::kPerRecord);
  if (batched.malformed != per_record.malformed) Finding("the stream paths report different malformed lines", format);
  if (batched.tally.lines != per_record.tally.lines || batched.tally.malformed != per_record.tally.malformed ||
      batched.tally.accepted != per_record.tally.accepted || batched.tally.rejected != per_record.tally.rejected)
    Finding("the stream paths count differently", format);
  if (batched.snapshot != per_record.snapshot) Finding("the stream paths end in different estimator states", format);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> lines = Lines(std::string_view(reinterpret_cast<const char*>(data), size));
  for (io::InputFormat format : {io::InputFormat::kCsv, io::InputFormat::kJsonl, io::InputFormat::kSenml,
                                 io::InputFormat::kInflux})
    pb::fuzz::ExpectBadInputOnly([&] {
      ReadAndEstimate(lines, format);
      IngestBothWays(std::string_view(reinterpret_cast<const char*>(data), size), format);
    });
  return 0;
}
