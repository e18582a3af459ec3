// powerbudget validate [--format table|json|csv|md] [--case ID]...
#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/validation_report.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/reference_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

int RunValidate(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget validate [options]\n\n"
      "Runs every reference case of profiles/reference/ (a published figure with its source and\n"
      "tolerance) and prints published vs ours vs relative error vs tolerance. Exit code 1 when a case\n"
      "is out of tolerance (or a known gap has closed), 0 otherwise.\n\nOptions");
  std::string format = "table";
  std::string profiles_dir;
  std::vector<std::string> only;
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value(&format)->default_value("table"), "output format: table, json, csv or md")(
      "case", po::value(&only)->composing(), "run only this case id (repeatable)")(
      "profiles-dir", po::value(&profiles_dir), "where bundled profiles are");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(visible).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "powerbudget validate: " << e.what() << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  try {
    const OutputFormat output = ParseOutputFormat(format, true);
    const auto root = profiles_dir.empty() ? engine::profile_io::DefaultProfilesRoot() : std::filesystem::path(profiles_dir);
    const std::vector<engine::validation::ReferenceCase> cases = engine::profile_io::LoadReferenceCases(root);
    std::vector<ValidationRow> rows;
    std::vector<engine::validation::CaseResult> results;
    for (const engine::validation::ReferenceCase& c : cases) {
      if (!only.empty() && std::find(only.begin(), only.end(), c.id) == only.end()) continue;
      rows.push_back({&c, engine::validation::EvaluateCase(c)});
      results.push_back(rows.back().result);
    }
    if (rows.empty()) {
      std::cerr << "powerbudget validate: no case matched\n";
      return kExitBadInput;
    }
    const bool failed = engine::validation::RunFailed(results);
    switch (output) {
      case OutputFormat::kJson: std::cout << ValidationJson(rows, failed).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << ValidationCsv(rows); break;
      case OutputFormat::kMarkdown: std::cout << ValidationMarkdown(rows, failed); break;
      default: std::cout << ValidationTable(rows, failed); break;
    }
    return failed ? kExitVerdictFailed : kExitOk;
  } catch (const engine::ProfileError& e) {
    std::cerr << "powerbudget validate: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "powerbudget validate: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pb::cli
