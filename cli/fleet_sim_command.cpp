// powerbudget fleet-sim PROFILE --devices N --days D --seed S [--output FILE] [--truth FILE]
//   Realistic telemetry of a fleet from the profile's budget, with the ground truth beside it.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/random.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;
namespace est = pb::engine::estimation;

namespace {

void WriteTruth(std::ostream& out, const std::vector<engine::fleet_sim::DeviceTruth>& truth, std::uint64_t seed) {
  out << "# powerbudget fleet-sim ground truth, seed " << seed << "\n"
      << "device,install_time,end_of_life_time,life_days,capacity_mAh,drain_multiplier,coupling_loss_dB,fault,"
         "fault_time,battery_swap_time,bad_data_device,soc_at_window_end_pct\n";
  const auto time = [](double t) { return t > 0.0 ? est::telemetry_io::FormatIsoTime(t) : std::string(); };
  for (const engine::fleet_sim::DeviceTruth& t : truth)
    out << fmt::format("{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{},{:.6g}\n", t.device_id, time(t.install_time_s),
                       time(t.end_of_life_s), (t.end_of_life_s - t.install_time_s) / units::kSecondsPerDay,
                       t.capacity_C / units::kCoulombsPerMilliampereHour, t.drain_multiplier, t.coupling_loss_dB,
                       engine::fleet_sim::FaultName(t.fault), time(t.fault_time_s), time(t.battery_swap_time_s),
                       t.bad_data_device ? 1 : 0, t.soc_at_window_end_frac * 100.0);
}

// --format is the run's summary (the telemetry has --telemetry-format): what was written, the
// seed to reproduce it, and how many devices the truth gives a fault, a swap or bad data.
const CommandFormats kFormats{"fleet-sim", {"table", "json", "csv", "md"}, "the run summary (telemetry: --telemetry-format)"};

struct RunSummary {
  std::uint64_t devices = 0, records = 0, seed = 0, faulty = 0, battery_swaps = 0, bad_data_devices = 0;
  double days = 0.0;
  std::string telemetry, telemetry_format, truth;
};

std::string SummaryText(const RunSummary& s, OutputFormat format) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"devices", std::to_string(s.devices)},
      {"days", Number(s.days)},
      {"seed", std::to_string(s.seed)},
      {"records", std::to_string(s.records)},
      {"telemetry", s.telemetry.empty() ? "-" : s.telemetry},
      {"telemetry_format", s.telemetry_format},
      {"truth", s.truth.empty() ? "-" : s.truth},
      {"faulty_devices", std::to_string(s.faulty)},
      {"battery_swaps", std::to_string(s.battery_swaps)},
      {"bad_data_devices", std::to_string(s.bad_data_devices)},
  };
  if (format == OutputFormat::kJson) {
    nlohmann::ordered_json j;
    j["schema"] = "powerbudget/fleet-sim/1";  // docs/json-output.md
    j["devices"] = s.devices;
    j["days"] = Rounded(s.days);
    j["seed"] = s.seed;
    j["records"] = s.records;
    j["telemetry"] = s.telemetry.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.telemetry);
    j["telemetry_format"] = s.telemetry_format;
    j["truth"] = s.truth.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.truth);
    j["faulty_devices"] = s.faulty;
    j["battery_swaps"] = s.battery_swaps;
    j["bad_data_devices"] = s.bad_data_devices;
    return j.dump(2) + "\n";
  }
  if (format == OutputFormat::kCsv) {
    std::string out = "quantity,value\n";
    for (const auto& [k, v] : rows) out += k + "," + CsvEscape(v) + "\n";
    return out;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& [k, v] : rows) table.push_back({k, v});
  return RenderTableAs(format, {"fleet-sim", "value"}, table, TextColumns{2});
}

}  // namespace

int RunFleetSim(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget fleet-sim PROFILE --devices N --days D --seed S [options]\n\n"
      "Telemetry of a fleet of primary-cell devices simulated from PROFILE's budget: coverage spread,\n"
      "climate, gauge noise and quantisation, missing, duplicated and late reports, garbage fields and a\n"
      "few faulty devices; and the ground truth (end of life, faults) in a second file. The truth model is\n"
      "in engine/fleet_sim/fleet_sim.hpp.\n\nOptions");
  engine::fleet_sim::FleetSimOptions options;
  std::string output, truth_path, telemetry_format = "csv", format;
  bool clean = false;
  ProfileArguments profile_args;
  AddHelpOption(visible);
  options.devices = 100;
  options.days = 30.0;
  namespace sim = engine::fleet_sim;
  visible.add_options()("devices,n", NumberValue(options.devices, "--devices", sim::kFleetDevicesRange), "number of devices")(
      "days,d", NumberValue(options.days, "--days", sim::kFleetDaysRange), "length of the telemetry window")(
      "seed", NumberValue(options.seed, "--seed", engine::kSeedRange), "random seed (the same seed gives the same fleet)")(
      "output,o", po::value(&output), "telemetry file (default: stdout)")(
      "telemetry-format", po::value(&telemetry_format)->default_value("csv"), "telemetry format: csv, jsonl, senml or influx")(
      "truth", po::value(&truth_path), "ground-truth CSV (default: OUTPUT with .truth.csv; none for stdout)")(
      "faulty-fraction", NumberValue(options.faulty_fraction, "--faulty-fraction", sim::kFractionRange),
      "fraction of devices that develop a fault, 0 to 1")(
      "nrs-power-dBm", NumberValue(options.nrs_power_dBm, "--nrs-power-dBm", est::kNrsPowerRange_dBm),
      "reference-signal power (as for estimate)")(
      "clean", po::bool_switch(&clean), "no bad data (missing, duplicated, late, garbage records)");
  AddFormatOption(visible, format, kFormats);
  AddSetOption(visible, profile_args.overrides, "override a profile field: PATH=VALUE (repeatable)");
  AddProfilesDirOption(visible, profile_args.profiles_dir);
  if (const auto stop = ParseCommandLine("fleet-sim", visible, args, profile_args)) return *stop;
  return GuardBadInput("fleet-sim", [&] {
    options.bad_data = !clean;
    const OutputFormat summary_format = ParseOutputFormat(format, kFormats);
    const est::telemetry_io::InputFormat out_format = est::telemetry_io::ParseInputFormat(telemetry_format);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    engine::fleet_sim::FleetSimulator sim(profile, options);

    std::ofstream file;
    if (!output.empty()) {
      file.open(output);
      if (!file) throw std::invalid_argument("cannot write " + output);
      if (truth_path.empty()) truth_path = std::filesystem::path(output).replace_extension(".truth.csv").string();
    }
    std::ostream& out = output.empty() ? std::cout : file;
    if (out_format == est::telemetry_io::InputFormat::kCsv) out << est::telemetry_io::TelemetryCsvHeader();
    ProgressBar progress("fleet-sim", 1000);
    // Formatted on the simulator's worker threads, written here in the records' order.
    const std::size_t records = sim.RunFormatted(
        [out_format](const est::TelemetryRecord& r, const engine::fleet_sim::RecordTruth&, std::string& text) {
          engine::estimation::telemetry_io::AppendTelemetry(out_format, r, text);
        },
        [&](std::string_view text) { out.write(text.data(), static_cast<std::streamsize>(text.size())); },
        [&](double fraction) { progress.Update(static_cast<std::size_t>(fraction * 1000.0)); });
    out.flush();
    if (!truth_path.empty()) {
      std::ofstream truth(truth_path);
      if (!truth) throw std::invalid_argument("cannot write " + truth_path);
      WriteTruth(truth, sim.truth(), options.seed);
    } else {
      std::cerr << "powerbudget fleet-sim: telemetry on stdout; give --truth FILE for the ground truth\n";
    }
    RunSummary summary;
    summary.devices = options.devices;
    summary.days = options.days;
    summary.seed = options.seed;
    summary.records = records;
    summary.telemetry = output;
    summary.telemetry_format = telemetry_format;
    summary.truth = truth_path;
    for (const engine::fleet_sim::DeviceTruth& t : sim.truth()) {
      summary.faulty += t.fault != engine::fleet_sim::FaultKind::kNone ? 1 : 0;
      summary.battery_swaps += t.battery_swap_time_s > 0.0 ? 1 : 0;
      summary.bad_data_devices += t.bad_data_device ? 1 : 0;
    }
    // The summary goes to stdout unless the telemetry does: then to stderr, so that the stream
    // stays telemetry only.
    (output.empty() ? std::cerr : std::cout) << SummaryText(summary, summary_format);
    return kExitOk;
  });
}

}  // namespace pb::cli
