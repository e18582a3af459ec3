// powerbudget campaign SCENARIO [--set PATH=VALUE]... [--format table|json|csv|md]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/campaign_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
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
  ProfileArguments scenario_args;
  std::string format = "table";
  AddProfileOptions(visible, scenario_args, /*with_check=*/false);
  const CommandFormats kFormats{"campaign", {"table", "json", "csv", "md"}, "csv: one row per variant"};
  AddFormatOption(visible, format, kFormats);
  if (const auto stop = ParseCommandLine("campaign", visible, args, scenario_args, "SCENARIO")) return *stop;
  return GuardBadInput("campaign", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const engine::profile_io::LoadOptions options = LoadOptionsOf(scenario_args);
    const auto path = engine::profile_io::ResolveScenarioPath(scenario_args.profile, options.profiles_root, "campaigns");
    const engine::campaign::CampaignScenario loaded = engine::profile_io::LoadCampaignScenario(path, options);
    engine::campaign::CampaignResult result;
    {
      ProgressBar bar("Campaign", static_cast<std::size_t>(loaded.cells) * loaded.variants.size());
      result = engine::campaign::RunCampaign(loaded, [&bar](std::size_t done, std::size_t) { bar.Update(done); });
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << CampaignToJson(result, scenario_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << CampaignCsv(result); break;
      default: std::cout << CampaignTable(result, output); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
