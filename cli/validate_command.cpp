// powerbudget validate [--format table|json|csv|md] [--case ID]...
#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/validation_report.hpp"
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
  AddHelpOption(visible);
  const CommandFormats kFormats{"validate", {"table", "json", "csv", "md"}, "md: docs/validation.md"};
  AddFormatOption(visible, format, kFormats);
  visible.add_options()("case", po::value(&only)->composing(), "run only this case id (repeatable)");
  AddProfilesDirOption(visible, profiles_dir);
  po::variables_map vm;
  if (const auto stop = ParseCommandLine("validate", visible, args, vm)) return *stop;
  return GuardBadInput("validate", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const std::vector<engine::validation::ReferenceCase> cases =
        engine::profile_io::LoadReferenceCases(ProfilesRoot(profiles_dir));
    std::vector<ValidationRow> rows;
    std::vector<engine::validation::CaseResult> results;
    for (const engine::validation::ReferenceCase& c : cases) {
      if (!only.empty() && std::find(only.begin(), only.end(), c.id) == only.end()) continue;
      rows.push_back({&c, engine::validation::EvaluateCase(c)});
      results.push_back(rows.back().result);
    }
    if (rows.empty()) throw std::invalid_argument("no case matched");
    const bool failed = engine::validation::RunFailed(results);
    switch (output) {
      case OutputFormat::kJson: std::cout << ValidationJson(rows, failed).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << ValidationCsv(rows); break;
      case OutputFormat::kMarkdown: std::cout << ValidationMarkdown(rows, failed); break;
      default: std::cout << ValidationTable(rows, failed); break;
    }
    return failed ? kExitVerdictFailed : kExitOk;
  });
}

}  // namespace pb::cli
