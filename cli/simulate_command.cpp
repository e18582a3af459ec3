// powerbudget simulate PROFILE [--set PATH=VALUE]... [--format table|json|csv] [--check]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/budget_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/stack_timers.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunSimulate(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget simulate PROFILE [options]\n\n"
      "Energy per activity per day, average current and power, and the lifetime on an ideal\n"
      "battery. PROFILE is a device profile file or the name of a bundled device\n"
      "(e.g. mast-monitor).\n\nOptions");
  ProfileArguments profile_args;
  std::string format = "table";
  AddProfileOptions(visible, profile_args);
  AddFormatOption(visible, format, "table", "table, json or csv");
  if (const auto stop = ParseCommandLine("simulate", visible, args, profile_args)) return *stop;
  return GuardBadInput("simulate", [&] {
    const OutputFormat output = ParseOutputFormat(format, false);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    const engine::BudgetResult budget = engine::ComputeBudget(profile);
    // The stack's retransmission timers against this device's link latency (RFC defaults: the
    // profile carries no stack timers).
    const engine::StackTimerAnalysis timers = engine::AnalyseStackTimers(profile);
    switch (output) {
      case OutputFormat::kJson:
        std::cout << BudgetToJson(budget, profile_args, timers).dump(2) << "\n";
        break;
      case OutputFormat::kCsv: std::cout << BudgetCsv(budget); break;
      default: std::cout << BudgetTable(budget, timers); break;
    }
    return profile_args.check && !budget.meets_target ? kExitVerdictFailed : kExitOk;
  });
}

}  // namespace pb::cli
