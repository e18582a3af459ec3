// powerbudget campaign SCENARIO [--set PATH=VALUE]... [--format table|json|csv]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/campaign_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/progress_bar.hpp"
#include "engine/campaign/campaign_run.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/cell_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunCampaign(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget campaign SCENARIO [options]\n\n"
      "A firmware-update campaign over a fleet in many cells: when 50 %, 95 % and 100 % of the\n"
      "devices are updated, the cells' downlink load, failures and rollbacks, and what the update\n"
      "costs each device (joules and days of battery life, by CE level); full versus delta image\n"
      "and unicast versus SC-PTM multicast side by side. Seeded and deterministic (the seed is in\n"
      "the output). SCENARIO is a campaign file or the name of a bundled one in profiles/campaigns/\n"
      "(e.g. mast-monitor-quarterly).\n\nOptions");
  std::string format = "table";
  std::vector<std::string> overrides;
  std::string profiles_dir;
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value("table"), "output format: table, json or csv")
      ("set,s", po::value(&overrides)->composing(), "override a scenario field: PATH=VALUE (repeatable), "
       "e.g. --set seed=7 --set fleet.devices=100000")
      ("profiles-dir", po::value(&profiles_dir), "where bundled profiles are (default: $POWERBUDGET_PROFILES or the installed ones)");
  po::options_description all;
  std::string scenario;
  all.add(visible).add_options()("scenario", po::value(&scenario));
  po::positional_options_description positional;
  positional.add("scenario", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "powerbudget campaign: " << e.what() << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  if (scenario.empty()) {
    std::cerr << "powerbudget campaign: missing SCENARIO\n\n" << visible << "\n";
    return kExitBadInput;
  }
  try {
    const OutputFormat output = ParseOutputFormat(format, false);
    profile_io::LoadOptions options;
    options.profiles_root = profiles_dir.empty() ? profile_io::DefaultProfilesRoot() : std::filesystem::path(profiles_dir);
    options.overrides = overrides;
    const auto path = profile_io::ResolveScenarioPath(scenario, options.profiles_root, "campaigns");
    const engine::campaign::CampaignScenario loaded = profile_io::LoadCampaignScenario(path, options);
    engine::campaign::CampaignResult result;
    {
      ProgressBar bar("Campaign", static_cast<std::size_t>(loaded.cells) * loaded.variants.size());
      result = engine::campaign::RunCampaign(loaded, [&bar](std::size_t done, std::size_t) { bar.Update(done); });
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << CampaignToJson(result, RunInfo{scenario, overrides}).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << CampaignCsv(result); break;
      default: std::cout << CampaignTable(result); break;
    }
    return kExitOk;
  } catch (const engine::ProfileError& e) {
    std::cerr << "powerbudget campaign: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "powerbudget campaign: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pb::cli
