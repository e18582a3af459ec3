// powerbudget cell SCENARIO [--set PATH=VALUE]... [--format table|json|csv|md]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/cell_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/cell/cell_analysis.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/cell_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunCell(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget cell SCENARIO [options]\n\n"
      "What one NB-IoT carrier carries: channel utilisation, random-access collision probability\n"
      "per CE level, the retries' energy and lifetime penalty per device, randomised versus\n"
      "synchronised reporting, and the capacity (the largest population within the scenario's\n"
      "limits). SCENARIO is a cell scenario file or the name of a bundled one in profiles/cells/\n"
      "(e.g. tr45820-capacity).\n\nOptions");
  ProfileArguments scenario_args;
  std::string format = "table";
  AddProfileOptions(visible, scenario_args, /*with_check=*/false);
  const CommandFormats kFormats{"cell", {"table", "json", "csv", "md"}, "csv: the load at each sweep factor"};
  AddFormatOption(visible, format, kFormats);
  if (const auto stop = ParseCommandLine("cell", visible, args, scenario_args, "SCENARIO")) return *stop;
  return GuardBadInput("cell", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const engine::profile_io::LoadOptions options = LoadOptionsOf(scenario_args);
    const auto path = engine::profile_io::ResolveScenarioPath(scenario_args.profile, options.profiles_root, "cells");
    const engine::cell::CellResult result = engine::cell::AnalyseCell(engine::profile_io::LoadCellScenario(path, options));
    switch (output) {
      case OutputFormat::kJson: std::cout << CellToJson(result, scenario_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << CellCsv(result); break;
      default: std::cout << CellTable(result, output); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
