#include "cli/validation_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "cli/customer_text.hpp"
#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "cli/terminal_text.hpp"

namespace pb::cli {
namespace {

std::string Ours(const engine::validation::CaseResult& r) { return r.ours ? Number(*r.ours) : "-"; }
std::string Error(const engine::validation::CaseResult& r) {
  return r.error_frac ? fmt::format("{:+.1f}%", *r.error_frac * 100.0) : "-";
}
std::string Tolerance(const engine::validation::ReferenceCase& c) {
  return c.tolerance_frac == 0.0 ? "exact" : fmt::format("±{:g}%", c.tolerance_frac * 100.0);
}

std::size_t Count(const std::vector<ValidationRow>& rows, engine::validation::CaseStatus status) {
  std::size_t n = 0;
  for (const ValidationRow& row : rows) n += row.result.status == status ? 1 : 0;
  return n;
}

std::vector<ValidationRow> WithRole(const std::vector<ValidationRow>& rows, std::string_view role) {
  std::vector<ValidationRow> out;
  for (const ValidationRow& row : rows)
    if (row.reference->role == role) out.push_back(row);
  return out;
}

std::string GroupSummary(const std::vector<ValidationRow>& rows) {
  using engine::validation::CaseStatus;
  return fmt::format("{} pass, {} fail, {} known gaps, {} gaps closed, {} not modelled yet", Count(rows, CaseStatus::kPass),
                     Count(rows, CaseStatus::kFail), Count(rows, CaseStatus::kKnownGap),
                     Count(rows, CaseStatus::kGapClosed), Count(rows, CaseStatus::kNotModelled));
}

// The independent cases carry the weight: they are reported first and apart.
std::string Summary(const std::vector<ValidationRow>& rows, bool failed) {
  const std::vector<ValidationRow> independent = WithRole(rows, "independent");
  const std::vector<ValidationRow> calibration = WithRole(rows, "calibration");
  return fmt::format("{} cases — independent {}: {}; calibration {}: {} — {}", rows.size(), independent.size(),
                     GroupSummary(independent), calibration.size(), GroupSummary(calibration), failed ? "FAILED" : "OK");
}

// Independent cases first, each group in file order.
std::vector<ValidationRow> Grouped(const std::vector<ValidationRow>& rows) {
  std::vector<ValidationRow> out = WithRole(rows, "independent");
  for (const ValidationRow& row : WithRole(rows, "calibration")) out.push_back(row);
  return out;
}

}  // namespace

nlohmann::ordered_json ValidationJson(const std::vector<ValidationRow>& rows, bool failed) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/validate/1");
  j["failed"] = failed;
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const ValidationRow& row : rows) {
    const engine::validation::ReferenceCase& c = *row.reference;
    cases.push_back({{"id", c.id},
                     {"title", c.title},
                     {"validates", c.validates},
                     {"role", c.role},
                     {"calibrates", c.calibrates},
                     {"source", c.source},
                     {"unit", c.unit},
                     {"published", Rounded(c.published)},
                     {"ours", row.result.ours ? nlohmann::ordered_json(Rounded(*row.result.ours)) : nullptr},
                     {"error_frac", row.result.error_frac ? nlohmann::ordered_json(Rounded(*row.result.error_frac)) : nullptr},
                     {"tolerance_frac", c.tolerance_frac},
                     {"status", engine::validation::CaseStatusName(row.result.status)},
                     {"known_gap", c.known_gap}});
  }
  j["cases"] = cases;
  return j;
}

std::string ValidationTable(const std::vector<ValidationRow>& rows, bool failed) {
  std::vector<std::vector<std::string>> table;
  for (const ValidationRow& row : Grouped(rows)) {
    const engine::validation::ReferenceCase& c = *row.reference;
    table.push_back({c.id, c.role, c.unit, Number(c.published), Ours(row.result), Error(row.result), Tolerance(c),
                     engine::validation::CaseStatusName(row.result.status)});
  }
  return RenderTable({"case", "role", "unit", "published", "ours", "error", "tolerance", "status"}, table) + "\n" +
         Summary(rows, failed) + "\n";
}

std::string ValidationCsv(const std::vector<ValidationRow>& rows) {
  std::string out = "id,validates,role,unit,published,ours,error_frac,tolerance_frac,status\n";
  for (const ValidationRow& row : Grouped(rows)) {
    const engine::validation::ReferenceCase& c = *row.reference;
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", CsvEscape(c.id), CsvEscape(c.validates), c.role, CsvEscape(c.unit),
                       Number(c.published), row.result.ours ? Number(*row.result.ours) : "",
                       row.result.error_frac ? Number(*row.result.error_frac) : "", Number(c.tolerance_frac),
                       engine::validation::CaseStatusName(row.result.status));
  }
  return out;
}

std::string ValidationMarkdown(const std::vector<ValidationRow>& rows, bool failed) {
  std::string out =
      "# Validation against published results\n\n"
      "<!-- Generated by `powerbudget validate --format md`; do not edit by hand: edit the reference cases. -->\n\n"
      "Each case is a published figure, its source, a tolerance with its reason, and a bundled reference\n"
      "scenario that makes powerbudget compute the same figure from its models. `powerbudget\n"
      "validate` runs them all in CI and exits 1 if a case is out of tolerance. A case we cannot yet\n"
      "reproduce stays in the table as a **known gap** with the reason — never removed to make the table\n"
      "green; if a known gap starts to pass, the run fails until the note is removed.\n\n"
      "Every case is either **independent** (the published figure set no profile value: agreement is a\n"
      "prediction) or **calibration** (a profile value was set from it, named under \"Calibrates\": agreement\n"
      "shows the fit and the computation path, not a prediction). The independent cases carry the weight\n"
      "and come first.\n\n";
  std::vector<std::vector<std::string>> table;
  for (const ValidationRow& row : Grouped(rows)) {
    const engine::validation::ReferenceCase& c = *row.reference;
    std::string anchor = c.id;  // Markdown renderers lower-case heading anchors
    std::transform(anchor.begin(), anchor.end(), anchor.begin(), [](unsigned char ch) { return std::tolower(ch); });
    std::erase(anchor, '.');
    table.push_back({"[" + c.id + "](#" + anchor + ")", c.role, CustomerText(c.validates), Number(c.published) + " " + c.unit,
                     row.result.ours ? Number(*row.result.ours) + " " + c.unit : "-", Error(row.result), Tolerance(c),
                     engine::validation::CaseStatusName(row.result.status)});
  }
  out += RenderMarkdownTable({"case", "role", "validates", "published", "ours", "error", "tolerance", "status"}, table);
  out += fmt::format("\n{}\n", Summary(rows, failed));
  for (const ValidationRow& row : Grouped(rows)) {
    const engine::validation::ReferenceCase& c = *row.reference;
    // The case's texts come from its file (--profiles-dir may name any); a customer may read this
    // report, so citations of the project's working files say what they are (cli/customer_text.hpp).
    const auto text = [](const std::string& s) { return TerminalSafe(CustomerText(s)); };
    out += fmt::format("\n## {}\n\n**{}**\n\n", text(c.id), text(c.title));
    out += fmt::format("- Role: {}\n", text(c.role));
    if (!c.calibrates.empty()) out += "- Calibrates: " + text(c.calibrates) + "\n";
    out += fmt::format("- Validates: {}\n- Source: {}\n- Published: {} {}; ours: {}; error {}; tolerance {} — {}\n",
                       text(c.validates), text(c.source), Number(c.published), text(c.unit),
                       row.result.ours ? Number(*row.result.ours) + " " + text(c.unit) : "not computed", Error(row.result),
                       Tolerance(c), text(c.tolerance_reason));
    if (!c.assumptions.empty()) out += "- Our assumptions: " + text(c.assumptions) + "\n";
    if (!c.explanation.empty()) out += "- Remaining difference: " + text(c.explanation) + "\n";
    if (!c.known_gap.empty()) out += "- **Known gap:** " + text(c.known_gap) + "\n";
  }
  return out;
}

}  // namespace pb::cli
