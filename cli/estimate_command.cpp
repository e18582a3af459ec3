// powerbudget estimate --profile PROFILE [--input FILE|-] [--input-format F] [--format F]
//   Streams telemetry through the fleet estimator (engine/estimation) and writes estimates.
#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/terminal_text.hpp"
#include "cli/progress_bar.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/estimation/telemetry_io/telemetry_stream.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"

namespace pb::cli {
namespace po = boost::program_options;
namespace est = pb::engine::estimation;

namespace {

// The input format from a file name when --input-format is not given.
std::string FormatFromExtension(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".csv") return "csv";
  if (ext == ".senml") return "senml";
  if (ext == ".lp" || ext == ".influx") return "influx";
  return "jsonl";
}

// --format: the common formats (json is JSON lines, one estimate per line, so that a stream can be
// read as it comes), and the two formats of the telemetry world the estimates also go to.
const CommandFormats kFormats{"estimate", {"table", "json", "csv", "md", "influx", "senml"},
                              "json: JSON lines; influx: InfluxDB line protocol; senml: SenML"};

// The deprecated --output-format's names, as the one of --format they meant.
std::string FromOutputFormat(const std::string& name) {
  if (name == "jsonl") return "json";
  if (name == "csv" || name == "influx" || name == "senml") return name;
  throw std::invalid_argument("--output-format '" + name + "' is not one of: jsonl, csv, influx, senml");
}

// The table (and Markdown) of the estimates at the end of the input: the figures a person reads
// first; the streaming formats carry every field.
std::string EstimateTable(const std::vector<est::DeviceEstimate>& estimates, OutputFormat format) {
  std::vector<std::vector<std::string>> rows;
  for (const est::DeviceEstimate& e : estimates) {
    const est::telemetry_io::DisplayFields f = est::telemetry_io::ToDisplayUnits(e);
    const std::string flags = est::telemetry_io::FlagNames(e.flags, ' ');
    rows.push_back({e.device_id, est::telemetry_io::FormatIsoTime(e.time_s), fmt::format("{:.1f}", f.soc_pct),
                    fmt::format("{:.1f}", f.soc_sd_pct), fmt::format("{:.0f}", f.p10_days),
                    fmt::format("{:.0f}", f.p50_days), fmt::format("{:.0f}", f.p90_days),
                    fmt::format("{:.2f}", f.multiplier), flags.empty() ? "-" : flags});
  }
  return RenderTableAs(format,
                       {"device", "last record", "SOC %", "sd %", "life P10 d", "life P50 d", "life P90 d", "drain x",
                        "flags"},
                       rows, TextColumns{2, 8});
}

std::vector<std::uint8_t> ReadBinary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read snapshot " + path);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int RunEstimate(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget estimate --profile PROFILE [--input FILE|-] [options]\n\n"
      "Battery state of every device from telemetry: state of charge with its standard deviation, remaining\n"
      "life P10/P50/P90 under the device's expected load, and flags (draining fast with the likely cause,\n"
      "approaching brown-out, data quality). PROFILE (a device profile file or a bundled name, e.g.\n"
      "mast-monitor) gives the budget the primary-cell filter runs on. Malformed lines are reported with\n"
      "their line number on stderr and skipped. Formats: docs/estimation.md.\n\nOptions");
  std::string input = "-", input_format, format, output_format, output, emit = "end", snapshot_in, snapshot_out;
  double nrs_power_dBm = 32.0, brown_out_V = std::numeric_limits<double>::quiet_NaN();
  ProfileArguments profile_args;
  AddHelpOption(visible);
  visible.add_options()("input,i", po::value(&input)->default_value("-"), "telemetry file, or - for stdin")(
      "input-format", po::value(&input_format), "csv, jsonl, senml or influx (default: from the file extension, else jsonl)")(
      "output,o", po::value(&output), "write estimates here (default: stdout)")(
      "emit", po::value(&emit)->default_value("end"),
      "end: one estimate per device when the input ends; record: an estimate after every accepted record");
  AddFormatOption(visible, format, kFormats);
  visible.add_options()("output-format", po::value(&output_format),
                        "deprecated: jsonl, csv, influx or senml; use --format (jsonl is --format json)");
  AddSetOption(visible, profile_args.overrides, "override a profile field: PATH=VALUE (repeatable)");
  AddProfilesDirOption(visible, profile_args.profiles_dir);
  visible.add_options()("snapshot-in", po::value(&snapshot_in), "restore the estimator's state from this snapshot first")(
      "snapshot-out", po::value(&snapshot_out), "write the estimator's state here at the end")(
      "nrs-power-dBm", NumberValue(nrs_power_dBm, "--nrs-power-dBm", est::kNrsPowerRange_dBm),
      "NB-IoT reference-signal power per resource element, to turn signal strength into coupling loss")(
      "brown-out-V", NumberValue(brown_out_V, "--brown-out-V", est::kBrownOutRange_V, ShowDefault::kNo),
      "the device's brown-out voltage (default: the profile's)");
  if (const auto stop = ParseCommandLine("estimate", visible, args, profile_args)) return *stop;
  return GuardBadInput("estimate", [&] {
    if (emit != "end" && emit != "record") throw std::invalid_argument("--emit '" + emit + "' is not one of: end, record");
    // --output-format was the output option before every command took --format (docs/cli.md):
    // kept for the scripts that use it, with a notice, and never beside --format.
    const bool format_given = std::any_of(args.begin(), args.end(), [](const std::string& a) {
      return a == "--format" || a.rfind("--format=", 0) == 0 || a.rfind("-f", 0) == 0;
    });
    if (!output_format.empty()) {
      if (format_given) throw std::invalid_argument("--output-format is the deprecated name of --format: give only --format");
      std::cerr << "powerbudget estimate: --output-format is deprecated; use --format (jsonl is --format json)\n";
      format = FromOutputFormat(output_format);
    }
    const std::string& format_name = CheckFormat(format, kFormats);
    const bool tabular = format_name == "table" || format_name == "md";
    if (tabular && emit == "record")
      throw std::invalid_argument("--format " + format_name +
                                  " aligns every device at the end: with --emit record give --format json, csv, influx or "
                                  "senml");
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    est::EstimatorOptions options;
    options.nrs_power_dBm = nrs_power_dBm;
    options.brown_out_V = brown_out_V;
    est::FleetEstimator fleet(est::MakeFleetModel(profile, options));
    if (!snapshot_in.empty()) fleet.Restore(ReadBinary(snapshot_in));

    const est::telemetry_io::InputFormat in_format = est::telemetry_io::ParseInputFormat(input_format.empty() ? FormatFromExtension(input) : input_format);
    const est::telemetry_io::EstimateFormat out_format =
        tabular ? est::telemetry_io::EstimateFormat::kJsonl
                : est::telemetry_io::ParseEstimateFormat(format_name == "json" ? "jsonl" : format_name);
    std::ifstream file;
    std::size_t total_bytes = 0;
    if (input != "-") {
      file.open(input, std::ios::binary);
      if (!file) throw std::invalid_argument("cannot read " + input);
      // Regular files have a size for the progress bar; devices and pipes do not.
      std::error_code ec;
      if (std::filesystem::is_regular_file(input, ec)) total_bytes = static_cast<std::size_t>(std::filesystem::file_size(input, ec));
    }
    std::istream& in = input == "-" ? std::cin : file;
    std::ofstream out_file;
    if (!output.empty()) {
      out_file.open(output);
      if (!out_file) throw std::invalid_argument("cannot write " + output);
    }
    std::ostream& out = output.empty() ? std::cout : out_file;
    if (out_format == est::telemetry_io::EstimateFormat::kCsv) out << est::telemetry_io::CsvHeader();

    // The batched path (telemetry_stream.hpp): blocks of the input, records parsed in place and
    // ingested a batch at a time; the same estimates, counts and messages as line by line.
    est::telemetry_io::TelemetryReader reader(in_format);
    ProgressBar progress("estimate", total_bytes);
    est::telemetry_io::StreamHooks hooks;
    hooks.malformed = [](std::size_t line_number, std::string_view error) {
      std::cerr << "powerbudget estimate: line " << line_number << ": " << TerminalSafe(error) << "\n";
    };
    if (emit == "record")
      hooks.accepted = [&](const est::DeviceEstimate& e) { out << est::telemetry_io::FormatEstimate(out_format, e); };
    if (total_bytes > 0) hooks.progress = [&](std::size_t bytes) { progress.Update(bytes); };
    const est::telemetry_io::StreamTally tally = est::telemetry_io::IngestStream(in, reader, fleet, hooks);
    const std::size_t line_number = tally.lines, malformed = tally.malformed, accepted = tally.accepted,
                      rejected = tally.rejected;
    if (tabular) {
      std::vector<est::DeviceEstimate> estimates;
      fleet.ForEachEstimate([&](const est::DeviceEstimate& e) { estimates.push_back(e); });
      out << EstimateTable(estimates, format_name == "md" ? OutputFormat::kMarkdown : OutputFormat::kTable);
    } else if (emit == "end") {
      fleet.ForEachEstimate([&](const est::DeviceEstimate& e) { out << est::telemetry_io::FormatEstimate(out_format, e); });
    }
    out.flush();
    if (!snapshot_out.empty()) {
      const std::vector<std::uint8_t> blob = fleet.Snapshot();
      std::ofstream snap(snapshot_out, std::ios::binary);
      snap.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
      if (!snap) throw std::invalid_argument("cannot write snapshot " + snapshot_out);
    }
    for (const std::string& column : reader.ignored_columns())
      std::cerr << "powerbudget estimate: ignored unknown column '" << TerminalSafe(column) << "'\n";
    std::cerr << "powerbudget estimate: " << line_number << " lines, " << fleet.device_count() << " devices, "
              << accepted << " records accepted, " << rejected << " rejected, " << malformed
              << " malformed lines; by reason " << est::telemetry_io::CountsJson(fleet.counts()) << "\n";
    return kExitOk;
  });
}

}  // namespace pb::cli
