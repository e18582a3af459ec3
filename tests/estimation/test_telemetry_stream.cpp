// The batched stream path (telemetry_stream.hpp, what `estimate` runs) against the line-by-line
// path it replaced: the same estimates, counts, tallies and malformed-line messages on fleet-sim
// telemetry with bad data, whatever the block and batch sizes and the line endings.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/telemetry_stream.hpp"
#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::engine::estimation {
namespace {

using telemetry_io::InputFormat;

DeviceProfile MastMonitor() {
  profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
}

const FleetModel& Model() {
  static const FleetModel model = MakeFleetModel(MastMonitor());
  return model;
}

// fleet-sim's telemetry (bad data on: duplicates, late records, garbage fields, clock jumps) as
// text, with malformed lines, comments and blank lines mixed in.
std::string FleetText(InputFormat format, int devices, double days) {
  fleet_sim::FleetSimOptions o;
  o.devices = devices;
  o.days = days;
  o.seed = 7;
  fleet_sim::FleetSimulator sim(MastMonitor(), o);
  std::string text = format == InputFormat::kCsv ? telemetry_io::TelemetryCsvHeader() : std::string();
  std::size_t n = 0;
  sim.Run([&](const TelemetryRecord& r, const fleet_sim::RecordTruth&) {
    text += telemetry_io::FormatTelemetry(format, r);
    switch (++n % 97) {
      case 13: text += "this is not a record\n"; break;
      case 29: text += "\n"; break;
      case 41: text += format == InputFormat::kInflux ? "telemetry,device=x voltage_mV=3600\n" : "{\"device\":\n"; break;
      case 53: text += format == InputFormat::kInflux || format == InputFormat::kCsv ? "# a comment\n" : "[]\n"; break;
      case 67: text += format == InputFormat::kInflux ? "telemetry,device=y voltage_mV=\"3600\" 1700000000000000000\n" : "\r\n"; break;
      default: break;
    }
  });
  return text;
}

struct Outcome {
  telemetry_io::StreamTally tally;
  ReasonCounts counts{};
  std::vector<std::uint8_t> snapshot;
  std::string estimates;  // every device's, at the end
  std::string emitted;    // after every accepted record
  std::string messages;   // malformed lines
  std::vector<std::string> ignored_columns;
};

Outcome RunStream(const std::string& text, InputFormat format, const telemetry_io::StreamOptions& options, bool emit) {
  Outcome o;
  FleetEstimator fleet(Model());
  telemetry_io::TelemetryReader reader(format);
  telemetry_io::StreamHooks hooks;
  hooks.malformed = [&](std::size_t line, std::string_view error) {
    o.messages += std::to_string(line) + ": " + std::string(error) + "\n";
  };
  if (emit)
    hooks.accepted = [&](const DeviceEstimate& e) {
      o.emitted += telemetry_io::FormatEstimate(telemetry_io::EstimateFormat::kJsonl, e);
    };
  std::istringstream in(text);
  o.tally = telemetry_io::IngestStream(in, reader, fleet, hooks, options);
  o.counts = fleet.counts();
  o.snapshot = fleet.Snapshot();
  fleet.ForEachEstimate([&](const DeviceEstimate& e) {
    o.estimates += telemetry_io::FormatEstimate(telemetry_io::EstimateFormat::kJsonl, e);
  });
  o.ignored_columns = reader.ignored_columns();
  return o;
}

void ExpectSame(const std::string& text, InputFormat format, bool emit, const std::string& what) {
  telemetry_io::StreamOptions per_record;
  per_record.mode = telemetry_io::IngestMode::kPerRecord;
  const Outcome want = RunStream(text, format, per_record, emit);
  struct Sizes {
    std::size_t block, batch;
  };
  for (const Sizes s : {Sizes{std::size_t{1} << 20, 512}, Sizes{4096, 1}, Sizes{4096, 7}, Sizes{64, 3}, Sizes{1000, 100000}}) {
    telemetry_io::StreamOptions batched;
    batched.block_bytes = s.block;
    batched.batch_lines = s.batch;
    const Outcome got = RunStream(text, format, batched, emit);
    const std::string where = what + " (block " + std::to_string(s.block) + ", batch " + std::to_string(s.batch) + ")";
    EXPECT_EQ(got.tally.lines, want.tally.lines) << where;
    EXPECT_EQ(got.tally.malformed, want.tally.malformed) << where;
    EXPECT_EQ(got.tally.accepted, want.tally.accepted) << where;
    EXPECT_EQ(got.tally.rejected, want.tally.rejected) << where;
    EXPECT_EQ(got.counts, want.counts) << where;
    EXPECT_TRUE(got.snapshot == want.snapshot) << where;
    EXPECT_EQ(got.estimates, want.estimates) << where;
    EXPECT_EQ(got.emitted, want.emitted) << where;
    EXPECT_EQ(got.messages, want.messages) << where;
    EXPECT_EQ(got.ignored_columns, want.ignored_columns) << where;
  }
}

std::string WithCrlf(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(TelemetryStream, BatchedEqualsPerRecordOnLineProtocolWithBadData) {
  const std::string text = FleetText(InputFormat::kInflux, 40, 6.0);
  {
    telemetry_io::StreamOptions per_record;
    per_record.mode = telemetry_io::IngestMode::kPerRecord;
    const Outcome o = RunStream(text, InputFormat::kInflux, per_record, false);
    // The input has what the comparison is about.
    EXPECT_GT(o.tally.malformed, 10u);
    EXPECT_GT(o.tally.rejected, 10u);
    EXPECT_GT(o.counts[static_cast<std::size_t>(Reason::kDuplicate)], 0u);
    EXPECT_GT(o.counts[static_cast<std::size_t>(Reason::kComment)], 0u);
    EXPECT_GT(o.counts[static_cast<std::size_t>(Reason::kNonNumeric)], 0u);
  }
  ExpectSame(text, InputFormat::kInflux, false, "influx");
  ExpectSame(text, InputFormat::kInflux, true, "influx, emit record");
  ExpectSame(WithCrlf(text), InputFormat::kInflux, false, "influx, CRLF");
  ASSERT_EQ(text.back(), '\n');
  ExpectSame(text.substr(0, text.size() - 1), InputFormat::kInflux, true, "influx, no final newline");
  // The last line cut in the middle: malformed, and numbered.
  ExpectSame(text.substr(0, text.size() - 20), InputFormat::kInflux, false, "influx, cut");
}

TEST(TelemetryStream, BatchedEqualsPerRecordOnEveryFormat) {
  for (const InputFormat format : {InputFormat::kCsv, InputFormat::kJsonl, InputFormat::kSenml}) {
    const std::string text = FleetText(format, 12, 4.0);
    const std::string name = format == InputFormat::kCsv ? "csv" : format == InputFormat::kJsonl ? "jsonl" : "senml";
    ExpectSame(text, format, true, name);
    ExpectSame(WithCrlf(text), format, false, name + ", CRLF");
  }
  // Quoted CSV ids (unquoted into the reader's storage) and an unknown column.
  ExpectSame("device,time_s,level_pct,colour\n\"a,1\",1700000000,90,red\nb,1700000000,91,\n\"a,1\",1700003600,89,\n",
             InputFormat::kCsv, true, "csv, quoted");
}

TEST(TelemetryStream, LinesLongerThanTheBlockEmptyInputsAndBlankEnds) {
  const std::string text = FleetText(InputFormat::kInflux, 5, 2.0);
  // A record whose measurement name is longer than the block, and a malformed line longer still.
  const std::string long_record = "t" + std::string(5000, 'x') + ",device=long voltage_mV=3600,level_pct=90 1700000000000000000\n";
  const std::string long_garbage = std::string(9000, 'z') + "\n";
  const std::string long_comment = "#" + std::string(7000, 'c') + "\n";
  ExpectSame(long_record + text + long_garbage + long_comment + text.substr(0, 300) + long_record, InputFormat::kInflux, true,
             "long lines");
  ExpectSame(text + long_record.substr(0, long_record.size() - 1), InputFormat::kInflux, false, "long last line without newline");
  ExpectSame("", InputFormat::kInflux, false, "empty");
  ExpectSame("\n", InputFormat::kInflux, false, "one blank line");
  ExpectSame("\n\n\r\n", InputFormat::kInflux, false, "blank lines");
  ExpectSame("x", InputFormat::kInflux, false, "one malformed line without newline");
  ExpectSame("", InputFormat::kCsv, false, "empty csv");
  ExpectSame("device,time_s\n", InputFormat::kCsv, false, "csv header only");
}

TEST(TelemetryStream, EmptyStreamCountsNothing) {
  telemetry_io::StreamOptions batched;
  const Outcome o = RunStream("", InputFormat::kInflux, batched, false);
  EXPECT_EQ(o.tally.lines, 0u);
  EXPECT_EQ(o.tally.accepted + o.tally.rejected + o.tally.malformed, 0u);
  EXPECT_TRUE(o.estimates.empty());
}

}  // namespace
}  // namespace pb::engine::estimation
