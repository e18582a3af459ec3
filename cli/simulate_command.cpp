// powerbudget simulate PROFILE [--set PATH=VALUE]... [--format table|json|csv] [--check]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/budget_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunSimulate(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget simulate PROFILE [options]\n\n"
      "Energy per activity per day, average current and power, and the lifetime on an ideal\n"
      "battery. PROFILE is a device profile file or the name of a bundled device\n"
      "(e.g. mast-monitor).\n\nOptions");
  std::string format = "table";
  std::vector<std::string> overrides;
  std::string profiles_dir;
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value("table"), "output format: table, json or csv")
      ("set,s", po::value(&overrides)->composing(), "override a profile field: PATH=VALUE (repeatable), "
       "e.g. --set reporting.interval_s=900 --set modem=quectel-bc66")
      ("profiles-dir", po::value(&profiles_dir), "where bundled profiles are (default: $POWERBUDGET_PROFILES or the installed ones)")
      ("check", "exit with code 1 when the lifetime misses the profile's target");
  po::options_description all;
  std::string profile;
  all.add(visible).add_options()("profile", po::value(&profile));
  po::positional_options_description positional;
  positional.add("profile", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "powerbudget simulate: " << e.what() << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  if (profile.empty()) {
    std::cerr << "powerbudget simulate: missing PROFILE\n\n" << visible << "\n";
    return kExitBadInput;
  }
  try {
    const OutputFormat output = ParseOutputFormat(format, false);
    profile_io::LoadOptions options;
    options.profiles_root = profiles_dir.empty() ? profile_io::DefaultProfilesRoot() : std::filesystem::path(profiles_dir);
    options.overrides = overrides;
    const auto path = profile_io::ResolveDevicePath(profile, options.profiles_root);
    const engine::DeviceProfile device = profile_io::LoadDeviceProfile(path, options);
    const engine::BudgetResult budget = engine::ComputeBudget(device);
    switch (output) {
      case OutputFormat::kJson: std::cout << BudgetToJson(budget, RunInfo{profile, overrides}).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << BudgetCsv(budget); break;
      default: std::cout << BudgetTable(budget); break;
    }
    return vm.count("check") && !budget.meets_target ? kExitVerdictFailed : kExitOk;
  } catch (const engine::ProfileError& e) {
    std::cerr << "powerbudget simulate: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "powerbudget simulate: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pb::cli
