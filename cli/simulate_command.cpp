// powerbudget simulate PROFILE [--set PATH=VALUE]... [--format table|json|csv|md] [--check]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/budget_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/advice.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/stack_timers.hpp"
#include "models/battery/physics.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

const CommandFormats kSimulateFormats{"simulate", {"table", "json", "csv", "md"}, "csv: the breakdown"};

// The nominal device's life with the battery's physics in its climate, as `powerbudget lifetime`
// computes it with its defaults (1-day steps, installed in January, a 30-year horizon): the figure
// simulate's verdict and every saving are measured in.
double LifetimeWithPhysics_s(const engine::DeviceProfile& profile, const engine::BudgetResult& budget,
                             const engine::lifetime::LifetimeOptions& options) {
  const models::battery::BatteryModel battery(profile.battery, profile.battery_physics);
  return engine::lifetime::SimulateLifetime(profile, budget, battery, options).lifetime_s;
}

}  // namespace

int RunSimulate(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget simulate PROFILE [options]\n\n"
      "Energy per activity per day, average current and power; the lifetime with the battery's\n"
      "physics in the device's climate (the verdict, for the nominal device) and on an ideal\n"
      "cell; the radio configuration behind the budget; the largest savings the model finds.\n"
      "PROFILE is a device profile file or the name of a bundled device (e.g. mast-monitor).\n"
      "For a population of devices: powerbudget prove PROFILE.\n\nOptions");
  ProfileArguments profile_args;
  std::string format = "table";
  AddProfileOptions(visible, profile_args);
  AddFormatOption(visible, format, kSimulateFormats);
  if (const auto stop = ParseCommandLine("simulate", visible, args, profile_args)) return *stop;
  return GuardBadInput("simulate", [&] {
    const OutputFormat output = ParseOutputFormat(format, kSimulateFormats);
    SimulateReport report;
    report.run = profile_args;
    report.profile = LoadProfile(profile_args);
    const engine::DeviceProfile& profile = report.profile;
    report.budget = engine::ComputeBudget(profile);
    report.lifetime_options.record_series = false;
    {
      const models::battery::BatteryModel battery(profile.battery, profile.battery_physics);
      report.lifetime = engine::lifetime::SimulateLifetime(profile, report.budget, battery, report.lifetime_options);
    }
    report.meets_target = report.lifetime.lifetime_s >= profile.target_lifetime_s;
    const int exit_code = profile_args.check && !report.meets_target ? kExitVerdictFailed : kExitOk;
    if (output == OutputFormat::kCsv) {  // the breakdown (docs/cli.md): no savings to compute
      std::cout << BudgetCsv(report.budget);
      return exit_code;
    }
    // The stack's retransmission timers against this device's link latency (RFC defaults: the
    // profile carries no stack timers).
    report.timers = engine::AnalyseStackTimers(profile);
    if (const auto* modelled = std::get_if<engine::ModelledDevice>(&profile.device)) {
      report.radio = engine::DescribeRadio(*modelled);
      const engine::lifetime::LifetimeOptions& options = report.lifetime_options;
      report.savings = engine::FindSavings(profile, [&options](const engine::DeviceProfile& p, const engine::BudgetResult& b) {
        return LifetimeWithPhysics_s(p, b, options);
      });
      if (report.savings.size() > kShownSavings) report.savings.resize(kShownSavings);
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << SimulateJson(report).dump(2) << "\n"; break;
      default: std::cout << SimulateText(report, output); break;
    }
    return exit_code;
  });
}

}  // namespace pb::cli
