// powerbudget trace FILE [options]: analyse a measured current trace (PPK2, Otii or plain CSV),
// optionally emit it as a measured-events profile, fit it against a modelled profile, and overlay
// a modelled profile's report cycle on one measured report, phase by phase.
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/measured_profile.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/trace_flag_ranges.hpp"
#include "cli/trace_report.hpp"
#include "engine/budget.hpp"
#include "engine/timeline/timeline.hpp"
#include "engine/trace/overlay.hpp"
#include "engine/trace/trace_fit.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

int ParseMarker(const std::string& text) {
  std::string digits = text;
  if (!digits.empty() && (digits[0] == 'D' || digits[0] == 'd')) digits.erase(0, 1);
  if (digits.size() != 1 || digits[0] < '0' || digits[0] > '7')
    throw std::invalid_argument("--marker '" + text + "' is not a digital channel D0 to D7");
  return digits[0] - '0';
}

// Events listed, and the event to overlay: no more than the analysis keeps.
constexpr engine::NumericRange kEventsListedRange{0.0, engine::trace::kMaxEventsKept, false, false, true, ""};
constexpr engine::NumericRange kEventNumberRange{1.0, engine::trace::kMaxEventsKept, false, false, true, ""};

}  // namespace

int RunTrace(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget trace FILE [options]\n\n"
      "Analyse a current trace measured on a bench: PPK2 CSV (Timestamp(ms),Current(uA)[,D0-D7]), Otii CSV\n"
      "(Timestamp (s),Main Current (A)) or a plain time/current CSV with units in the header names\n"
      "(time_s,current_uA). FILE '-' reads standard input. The trace is streamed in constant memory.\n"
      "Gaps and bad samples are reported, not averaged over. Events are found above the floor (or from a\n"
      "digital marker channel), grouped, and given a period.\n\nOptions");
  std::string format = "table";
  std::string marker, emit_profile, battery, name;
  ProfileArguments fit_args;  // --profile, its --set and --profiles-dir
  double sample_rate_Hz = 0.0, threshold_uA = 0.0, hold_ms = 20.0, floor_window_s = 30.0, high_mA = 40.0;
  double negative_limit_uA = 5.0, supply_voltage_V = 0.0, target_days = 365.0;
  std::size_t events_listed = 100;
  std::string overlay;
  std::size_t overlay_event = 0;
  AddHelpOption(visible);
  const CommandFormats kFormats{"trace", {"table", "json", "csv", "md"}, "csv: the events"};
  AddFormatOption(visible, format, kFormats);
  namespace tr = engine::trace;
  visible.add_options()
      ("sample-rate", NumberValue(sample_rate_Hz, "--sample-rate", kSampleRateFlagRange, ShowDefault::kNo),
       "nominal sample rate in Hz (default: from the first time steps); a step over 1.5x the nominal one is a gap")
      ("threshold-uA", NumberValue(threshold_uA, "--threshold-uA", kThresholdFlagRange, ShowDefault::kNo),
       "event threshold above the floor in uA (default: 8x the floor noise, at least 1 uA)")
      ("hold-ms", NumberValue(hold_ms, "--hold-ms", kHoldFlagRange),
       "an event ends after the current stays below the threshold this long")
      ("floor-window-s", NumberValue(floor_window_s, "--floor-window-s", tr::kFloorWindowRange_s),
       "the floor is the lowest 64-sample mean over this window, 1 to 86400 s")
      ("marker", po::value(&marker), "segment on a digital channel instead (D0 to D7; high = event)")
      ("high-threshold-mA",
       NumberValue(high_mA, "--high-threshold-mA", tr::kHighCurrentRange_A.InUnit(units::kAmperesPerMilliampere, "mA")),
       "within an event, the last sample above this ends the report and starts the RRC inactivity tail (--profile)")
      ("negative-limit-uA",
       NumberValue(negative_limit_uA, "--negative-limit-uA",
                   tr::kNegativeLimitRange_A.InUnit(units::kAmperesPerMicroampere, "uA")),
       "currents below minus this are bad samples")
      ("strict", "a bad sample or a gap is an error (exit 2) instead of a reported issue")
      ("events", NumberValue(events_listed, "--events", kEventsListedRange), "events listed in the output")
      ("battery", po::value(&battery), "battery (bundled name or file) for the measured-events profile and its lifetime")
      ("supply-voltage", NumberValue(supply_voltage_V, "--supply-voltage", kSupplyVoltageFlagRange, ShowDefault::kNo),
       "voltage the trace was measured at, in V")
      ("emit-profile", po::value(&emit_profile), "write the measured-events device profile to this file "
       "(needs --battery and --supply-voltage); `powerbudget simulate FILE` reads it")
      ("name", po::value(&name), "device name in the emitted profile (default: 'Measured: FILE')")
      ("target-days", NumberValue(target_days, "--target-days", engine::kTargetLifetimeRange_days),
       "target lifetime in the emitted profile, in days")
      ("profile", po::value(&fit_args.profile), "a modelled device profile the device ran during the trace: fit the floor, "
       "the report charge and the inactivity tail, and compare each report cycle with the model");
  visible.add_options()
      ("overlay", po::value(&overlay), "a modelled device profile: align its report cycle (powerbudget timeline) with "
       "one measured report event and compare each phase's duration and charge")
      ("event", NumberValue(overlay_event, "--event", kEventNumberRange, ShowDefault::kNo),
       "the event to overlay, numbered as listed (default: the complete event "
       "whose charge is nearest the model's report)");
  AddSetOption(visible, fit_args.overrides, "override a field of --profile and --overlay: PATH=VALUE (repeatable)");
  AddProfilesDirOption(visible, fit_args.profiles_dir);
  std::string file;
  po::variables_map vm;
  if (const auto stop = ParseCommandLine("trace", visible, args, vm, "file", file, "FILE")) return *stop;
  return GuardBadInput("trace", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    engine::trace::ReaderOptions reader;
    if (vm.count("sample-rate")) reader.sample_rate_Hz = sample_rate_Hz;
    reader.negative_limit_A = units::uA(negative_limit_uA);
    reader.strict = vm.count("strict") > 0;
    engine::trace::AnalysisOptions analysis;
    if (vm.count("threshold-uA")) analysis.threshold_A = units::uA(threshold_uA);
    analysis.hold_s = units::ms(hold_ms);
    analysis.floor_window_s = floor_window_s;
    analysis.high_current_A = units::mA(high_mA);
    if (vm.count("marker")) analysis.marker_channel = ParseMarker(marker);
    const bool wants_profile = vm.count("battery") || vm.count("supply-voltage") || vm.count("emit-profile");
    if (wants_profile && (!vm.count("battery") || !vm.count("supply-voltage")))
      throw std::invalid_argument("a measured-events profile needs both --battery NAME and --supply-voltage V");
    if (!fit_args.overrides.empty() && fit_args.profile.empty() && overlay.empty())
      throw std::invalid_argument("--set applies to --profile and --overlay; give one of them");
    if (vm.count("event") && overlay.empty()) throw std::invalid_argument("--event applies to --overlay; give --overlay PROFILE");
    // The overlay reads the capture twice: the analysis finds the event, then its samples are read.
    if (!overlay.empty() && file == "-") throw std::invalid_argument("--overlay needs a capture file, not standard input");

    const std::filesystem::path root = ProfilesRoot(fit_args.profiles_dir);
    const engine::trace::TraceReport report = engine::trace::AnalyzeTraceFile(file, reader, analysis);

    TraceOutput out;
    out.report = &report;
    out.options = &analysis;
    out.events_listed = events_listed;
    if (wants_profile) {
      MeasuredProfileOptions m;
      m.name = name.empty() ? "Measured: " + file : name;
      m.battery = battery;
      m.supply_voltage_V = supply_voltage_V;
      m.target_lifetime_days = target_days;
      const nlohmann::ordered_json json = MeasuredProfileJson(report, m, root);
      out.measured = engine::ComputeBudget(LoadMeasuredProfile(json, root));
      out.battery = battery;
      out.supply_voltage_V = supply_voltage_V;
      if (!emit_profile.empty()) {
        std::ofstream emitted(emit_profile, std::ios::binary);
        if (!(emitted << json.dump(2) << "\n")) throw std::invalid_argument("cannot write --emit-profile " + emit_profile);
      }
    }
    if (!fit_args.profile.empty()) {
      const engine::DeviceProfile device = LoadProfile(fit_args);
      out.fit = engine::trace::FitToProfile(device, engine::ComputeBudget(device), report.analysis, events_listed);
    }
    if (!overlay.empty()) {
      ProfileArguments overlay_args = fit_args;
      overlay_args.profile = overlay;
      const engine::timeline::Timeline cycle =
          engine::timeline::BuildTimeline(LoadProfile(overlay_args), engine::timeline::View::kReport);
      engine::trace::OverlayOptions options;
      if (vm.count("event") && !report.analysis.events.empty()) {
        const std::size_t events = report.analysis.events.size();
        if (overlay_event < 1 || overlay_event > events)
          throw std::invalid_argument("--event " + std::to_string(overlay_event) + ": the capture lists " +
                                      std::to_string(events) + " events (1 to " + std::to_string(events) + ")");
        options.event = overlay_event - 1;
      }
      const std::size_t event = engine::trace::ChooseOverlayEvent(cycle, report.analysis, options, file);
      const auto [from_s, to_s] = engine::trace::OverlayWindow_s(cycle, report.analysis, event);
      engine::trace::SampleWindow window(from_s, to_s);
      engine::trace::ReadTraceFile(file, window, reader);
      out.overlay = engine::trace::AlignOverlay(cycle, report.analysis, event, window, options);
      out.overlay_profile = overlay;
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << TraceToJson(out).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << TraceCsv(out); break;
      default: std::cout << TraceTable(out, output); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
