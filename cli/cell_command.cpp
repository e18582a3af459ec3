// powerbudget cell SCENARIO [--set PATH=VALUE]... [--format table|json|csv]
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/cell_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
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
  std::string format = "table";
  std::vector<std::string> overrides;
  std::string profiles_dir;
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value(&format)->default_value("table"), "output format: table, json or csv")
      ("set,s", po::value(&overrides)->composing(), "override a scenario field: PATH=VALUE (repeatable), "
       "e.g. --set population.coupling_loss.mean_dB=140")
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
    std::cerr << "powerbudget cell: " << e.what() << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  if (scenario.empty()) {
    std::cerr << "powerbudget cell: missing SCENARIO\n\n" << visible << "\n";
    return kExitBadInput;
  }
  try {
    const OutputFormat output = ParseOutputFormat(format, false);
    profile_io::LoadOptions options;
    options.profiles_root = profiles_dir.empty() ? profile_io::DefaultProfilesRoot() : std::filesystem::path(profiles_dir);
    options.overrides = overrides;
    const auto path = profile_io::ResolveScenarioPath(scenario, options.profiles_root, "cells");
    const engine::cell::CellResult result = engine::cell::AnalyseCell(profile_io::LoadCellScenario(path, options));
    switch (output) {
      case OutputFormat::kJson: std::cout << CellToJson(result, RunInfo{scenario, overrides}).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << CellCsv(result); break;
      default: std::cout << CellTable(result); break;
    }
    return kExitOk;
  } catch (const engine::ProfileError& e) {
    std::cerr << "powerbudget cell: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "powerbudget cell: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pb::cli
