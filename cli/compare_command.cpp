// powerbudget compare BASELINE CANDIDATE [options]: per-activity differences between two
// budgets and a regression verdict for CI (exit 1 when a threshold is crossed).
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/compare_inputs.hpp"
#include "cli/compare_report.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/trace_flag_ranges.hpp"
#include "engine/compare/compare.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunCompare(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget compare BASELINE CANDIDATE [options]\n\n"
      "Energy per activity of two budgets side by side, and a verdict against regression thresholds.\n"
      "BASELINE and CANDIDATE are each a device profile (file or bundled name), a saved result\n"
      "(simulate --format json) or a measured current trace (CSV; needs --battery and --supply-voltage).\n"
      "Exit codes: 0 within thresholds, 1 regression, 2 bad input.\n\nOptions");
  std::string format = "table", report, junit, profiles_dir, battery;
  std::vector<std::string> shared, baseline_set, candidate_set;
  double max_loss_pct = 0.0, max_increase_pct = 0.0, min_lifetime_days = 0.0, min_share_pct = 1.0;
  double supply_voltage_V = 0.0, hold_ms = 20.0, threshold_uA = 0.0, sample_rate_Hz = 0.0;
  AddHelpOption(visible);
  const CommandFormats kFormats{"compare", {"table", "json", "csv", "md"}, "md: a pull-request comment"};
  AddFormatOption(visible, format, kFormats);
  namespace cmp = engine::compare;
  constexpr double kPercent = 0.01;  // a fraction's per cent, for the ranges (values divide by 100, as before)
  visible.add_options()
      ("report", po::value(&report), "'md': a Markdown summary for a pull-request comment (same as --format md)")
      ("junit", po::value(&junit), "also write JUnit XML to this file, one testcase per check")
      ("max-lifetime-loss",
       NumberValue(max_loss_pct, "--max-lifetime-loss", cmp::kLifetimeLossRange_frac.InUnit(kPercent, "%"), ShowDefault::kNo),
       "fail when the lifetime drops by more than PCT %")
      ("max-energy-increase",
       NumberValue(max_increase_pct, "--max-energy-increase", cmp::kEnergyIncreaseRange_frac.InUnit(kPercent, "%"),
                   ShowDefault::kNo),
       "fail when the energy per day, in total or of any activity, grows by more than PCT %")
      ("min-lifetime",
       NumberValue(min_lifetime_days, "--min-lifetime", cmp::kMinLifetimeRange_s.InUnit(units::kSecondsPerDay, "days"),
                   ShowDefault::kNo),
       "fail when the candidate's lifetime is below DAYS")
      ("min-share", NumberValue(min_share_pct, "--min-share", cmp::kMinShareRange_frac.InUnit(kPercent, "%")),
       "per-activity energy checks skip activities below PCT % of the total on both sides");
  AddSetOption(visible, shared, "override a field of both profiles: PATH=VALUE (repeatable)");
  visible.add_options()
      ("set-baseline", po::value(&baseline_set)->composing(), "override a field of the baseline profile only")
      ("set-candidate", po::value(&candidate_set)->composing(), "override a field of the candidate profile only");
  AddProfilesDirOption(visible, profiles_dir);
  visible.add_options()
      ("battery", po::value(&battery), "traces: the battery (bundled name or file) that gives them a lifetime")
      ("supply-voltage", NumberValue(supply_voltage_V, "--supply-voltage", kSupplyVoltageFlagRange, ShowDefault::kNo),
       "traces: the voltage they were measured at, in V")
      ("hold-ms", NumberValue(hold_ms, "--hold-ms", kHoldFlagRange),
       "traces: an event ends after this long below the threshold")
      ("threshold-uA", NumberValue(threshold_uA, "--threshold-uA", kThresholdFlagRange, ShowDefault::kNo),
       "traces: event threshold above the floor (default automatic)")
      ("sample-rate", NumberValue(sample_rate_Hz, "--sample-rate", kSampleRateFlagRange, ShowDefault::kNo),
       "traces: nominal sample rate in Hz (default: from the data)");
  std::vector<std::string> inputs;
  po::options_description operands;
  operands.add_options()("input", po::value(&inputs));
  po::positional_options_description positional;
  positional.add("input", 2);
  po::variables_map vm;
  if (const auto stop = ParseCommandLine("compare", visible, args, vm, operands, positional)) return *stop;
  if (inputs.size() != 2) return UsageError("compare", "needs BASELINE and CANDIDATE", visible);
  return GuardBadInput("compare", [&] {
    if (vm.count("report") && report != "md") throw std::invalid_argument("--report '" + report + "' is not one of: md");
    const OutputFormat output = vm.count("report") ? OutputFormat::kMarkdown : ParseOutputFormat(format, kFormats);
    engine::compare::Thresholds thresholds;
    if (vm.count("max-lifetime-loss")) thresholds.max_lifetime_loss_frac = max_loss_pct / 100.0;
    if (vm.count("max-energy-increase")) thresholds.max_energy_increase_frac = max_increase_pct / 100.0;
    if (vm.count("min-lifetime")) thresholds.min_lifetime_s = min_lifetime_days * units::kSecondsPerDay;
    thresholds.min_share_frac = min_share_pct / 100.0;

    CompareInputOptions options;
    options.profiles_root = ProfilesRoot(profiles_dir);
    options.battery = battery;
    options.supply_voltage_V = supply_voltage_V;
    options.analysis.hold_s = units::ms(hold_ms);
    if (vm.count("threshold-uA")) options.analysis.threshold_A = units::uA(threshold_uA);
    if (vm.count("sample-rate")) options.reader.sample_rate_Hz = sample_rate_Hz;

    CompareInputOptions baseline_options = options, candidate_options = options;
    baseline_options.overrides = shared;
    baseline_options.overrides.insert(baseline_options.overrides.end(), baseline_set.begin(), baseline_set.end());
    candidate_options.overrides = shared;
    candidate_options.overrides.insert(candidate_options.overrides.end(), candidate_set.begin(), candidate_set.end());
    const CompareSide baseline = LoadCompareSide(inputs[0], baseline_options);
    const CompareSide candidate = LoadCompareSide(inputs[1], candidate_options);
    const engine::compare::Comparison comparison = engine::compare::Compare(baseline.result, candidate.result, thresholds);

    const CompareOutput out{&baseline, &candidate, &comparison};
    switch (output) {
      case OutputFormat::kJson: std::cout << CompareToJson(out).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << CompareCsv(out); break;
      case OutputFormat::kMarkdown: std::cout << CompareMarkdown(out); break;
      default: std::cout << CompareTable(out); break;
    }
    if (!junit.empty()) {
      std::ofstream file(junit, std::ios::binary);
      if (!(file << CompareJunit(out))) throw std::invalid_argument("cannot write --junit " + junit);
    }
    return comparison.regression ? kExitVerdictFailed : kExitOk;
  });
}

}  // namespace pb::cli
