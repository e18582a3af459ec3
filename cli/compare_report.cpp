#include "cli/compare_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "cli/customer_text.hpp"
#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace u = pb::units;
using engine::compare::CheckStatus;

namespace {

constexpr const char* kSchema = "powerbudget/compare/1";

std::string Percent(const std::optional<double>& frac) {
  if (!frac) return "new";
  return fmt::format("{:+.1f} %", *frac * 100.0);
}

std::string Change(double baseline, double candidate) {
  if (baseline == 0.0) return candidate == 0.0 ? "+0.0 %" : "new";
  return Percent(candidate / baseline - 1.0);
}

const char* StatusWord(CheckStatus s) {
  switch (s) {
    case CheckStatus::kFailed: return "FAIL";
    case CheckStatus::kSkipped: return "skip";
    default: return "PASS";
  }
}

const char* StatusJson(CheckStatus s) {
  switch (s) {
    case CheckStatus::kFailed: return "failed";
    case CheckStatus::kSkipped: return "skipped";
    default: return "passed";
  }
}

// For the table and the Markdown: file and device names from input, made terminal-safe. The
// Markdown report is handed on (a pull request, a customer), so it names files without the folder
// they lay in on the machine that ran the comparison (cli/customer_text.hpp).
std::string SideLabel(const CompareSide& s, bool for_report = false) {
  std::string label = fmt::format("{} ({}: {})", for_report ? ShownProfile(s.input) : s.input, InputKindName(s.kind),
                                  s.result.device_name);
  for (const std::string& o : s.overrides) label += " --set " + (for_report ? ShownOverride(o) : o);
  return TerminalSafe(label);
}

std::string Verdict(const engine::compare::Comparison& c) {
  if (c.checks.empty()) return "no thresholds given: nothing checked";
  return fmt::format("{} ({} failed, {} passed, {} skipped)", c.regression ? "REGRESSION" : "OK", c.failed, c.passed, c.skipped);
}

std::vector<std::vector<std::string>> ActivityRows(const engine::compare::Comparison& c) {
  std::vector<std::vector<std::string>> rows;
  for (const engine::compare::ActivityDelta& d : c.activities)
    rows.push_back({d.activity, d.in_baseline ? fmt::format("{:.4f}", d.baseline_J_per_day) : "-",
                    d.in_candidate ? fmt::format("{:.4f}", d.candidate_J_per_day) : "-", fmt::format("{:+.4f}", d.delta_J_per_day),
                    Percent(d.delta_frac)});
  rows.push_back({"total", fmt::format("{:.4f}", c.total.baseline_J_per_day), fmt::format("{:.4f}", c.total.candidate_J_per_day),
                  fmt::format("{:+.4f}", c.total.delta_J_per_day), Percent(c.total.delta_frac)});
  return rows;
}

nlohmann::ordered_json SideJson(const CompareSide& s) {
  const engine::BudgetResult& b = s.result;
  return {{"input", s.input},
          {"kind", InputKindName(s.kind)},
          {"overrides", s.overrides},
          {"device", b.device_name},
          {"lifetime_days", Rounded(Days(b.lifetime_s))},
          {"energy_J_per_day", Rounded(b.energy_J_per_day)},
          {"average_current_uA", Rounded(units::to_uA(b.average_current_A))},
          {"target_lifetime_days", Rounded(Days(b.target_lifetime_s))},
          {"meets_target", b.meets_target}};
}

nlohmann::ordered_json OptionalJson(const std::optional<double>& value, double scale) {
  return value ? nlohmann::ordered_json(Rounded(*value * scale)) : nlohmann::ordered_json();
}

// Control characters are not allowed in XML 1.0: they are written as TerminalSafe shows them.
std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char ch : TerminalSafe(text)) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

nlohmann::ordered_json CompareToJson(const CompareOutput& o) {
  const engine::compare::Comparison& c = *o.comparison;
  nlohmann::ordered_json j = ReportHeader(kSchema);
  j["baseline"] = SideJson(*o.baseline);
  j["candidate"] = SideJson(*o.candidate);
  j["lifetime_change_frac"] = Rounded(c.lifetime_change_frac);
  j["energy_change_frac"] = OptionalJson(c.total.delta_frac, 1.0);
  j["thresholds"] = {{"max_lifetime_loss_pct", OptionalJson(c.thresholds.max_lifetime_loss_frac, 100.0)},
                     {"max_energy_increase_pct", OptionalJson(c.thresholds.max_energy_increase_frac, 100.0)},
                     {"min_lifetime_days", OptionalJson(c.thresholds.min_lifetime_s, 1.0 / u::kSecondsPerDay)},
                     {"min_share_pct", Rounded(c.thresholds.min_share_frac * 100.0)}};
  nlohmann::ordered_json activities = nlohmann::ordered_json::array();
  for (const engine::compare::ActivityDelta& d : c.activities)
    activities.push_back({{"activity", d.activity},
                          {"in_baseline", d.in_baseline},
                          {"in_candidate", d.in_candidate},
                          {"baseline_J_per_day", Rounded(d.baseline_J_per_day)},
                          {"candidate_J_per_day", Rounded(d.candidate_J_per_day)},
                          {"delta_J_per_day", Rounded(d.delta_J_per_day)},
                          {"delta_frac", OptionalJson(d.delta_frac, 1.0)},
                          {"baseline_mJ_per_event", Rounded(units::to_mJ(d.baseline_J_per_event))},
                          {"candidate_mJ_per_event", Rounded(units::to_mJ(d.candidate_J_per_event))},
                          {"baseline_events_per_day", Rounded(d.baseline_events_per_day)},
                          {"candidate_events_per_day", Rounded(d.candidate_events_per_day)},
                          {"baseline_share_frac", Rounded(d.baseline_share_frac)},
                          {"candidate_share_frac", Rounded(d.candidate_share_frac)}});
  j["activities"] = activities;
  j["total"] = {{"baseline_J_per_day", Rounded(c.total.baseline_J_per_day)},
                {"candidate_J_per_day", Rounded(c.total.candidate_J_per_day)},
                {"delta_J_per_day", Rounded(c.total.delta_J_per_day)},
                {"delta_frac", OptionalJson(c.total.delta_frac, 1.0)}};
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const engine::compare::Check& k : c.checks) {
    const bool days = k.id == "min_lifetime";
    const double scale = days ? 1.0 / u::kSecondsPerDay : 1.0;
    checks.push_back({{"id", k.id},
                      {"status", StatusJson(k.status)},
                      {"value", std::isfinite(k.value) ? nlohmann::ordered_json(Rounded(k.value * scale)) : nlohmann::ordered_json()},
                      {"limit", Rounded(k.limit * scale)},
                      {"unit", days ? "days" : "frac"},
                      {"description", k.description}});
  }
  j["checks"] = checks;
  j["regression"] = c.regression;
  j["failed"] = c.failed;
  j["passed"] = c.passed;
  j["skipped"] = c.skipped;
  return j;
}

std::string CompareTable(const CompareOutput& o) {
  const engine::compare::Comparison& c = *o.comparison;
  std::string out = fmt::format("Baseline:  {}\nCandidate: {}\n\n", SideLabel(*o.baseline), SideLabel(*o.candidate));
  out += RenderTable({"activity", "baseline J/day", "candidate J/day", "delta J/day", "delta"}, ActivityRows(c));
  out += fmt::format("\nLifetime {:.1f} -> {:.1f} days ({}); average current {:.3f} -> {:.3f} uA\n", Days(c.baseline_lifetime_s),
                     Days(c.candidate_lifetime_s), Percent(c.lifetime_change_frac), units::to_uA(c.baseline_average_current_A),
                     units::to_uA(c.candidate_average_current_A));
  if (!c.checks.empty()) {
    out += "\nChecks:\n";
    for (const engine::compare::Check& k : c.checks) out += fmt::format("  {}  {}\n", StatusWord(k.status), TerminalSafe(k.description));
  }
  out += fmt::format("\nVerdict: {}\n", Verdict(c));
  return out;
}

std::string CompareMarkdown(const CompareOutput& o) {
  const engine::compare::Comparison& c = *o.comparison;
  const engine::BudgetResult& b = o.baseline->result;
  const engine::BudgetResult& k = o.candidate->result;
  std::string out = fmt::format("### Power budget: {}\n\n",
                                c.checks.empty() ? "comparison (no thresholds)"
                                : c.regression   ? "❌ regression"
                                                 : "✅ no regression");
  out += fmt::format("Baseline `{}` → candidate `{}`\n\n", SideLabel(*o.baseline, true), SideLabel(*o.candidate, true));
  out += RenderMarkdownTable(
      {"", "baseline", "candidate", "change"},
      {{"lifetime (days)", fmt::format("{:.1f}", Days(b.lifetime_s)), fmt::format("{:.1f}", Days(k.lifetime_s)),
        Percent(c.lifetime_change_frac)},
       {"average current (uA)", fmt::format("{:.3f}", units::to_uA(b.average_current_A)), fmt::format("{:.3f}", units::to_uA(k.average_current_A)),
        Change(b.average_current_A, k.average_current_A)},
       {"energy per day (J)", fmt::format("{:.4f}", b.energy_J_per_day), fmt::format("{:.4f}", k.energy_J_per_day),
        Percent(c.total.delta_frac)}});
  if (!c.checks.empty()) {
    out += fmt::format("\n**Checks:** {} failed, {} passed, {} skipped\n\n", c.failed, c.passed, c.skipped);
    std::vector<std::vector<std::string>> rows;
    for (const engine::compare::Check& check : c.checks)
      if (check.status != CheckStatus::kSkipped)
        rows.push_back({check.status == CheckStatus::kFailed ? "❌ fail" : "✅ pass", "`" + check.id + "`", check.description});
    out += RenderMarkdownTable({"result", "check", "detail"}, rows);
  }
  out += "\n<details><summary>Energy per activity</summary>\n\n";
  out += RenderMarkdownTable({"activity", "baseline J/day", "candidate J/day", "delta J/day", "delta"}, ActivityRows(c));
  out += "\n</details>\n";
  return out;
}

std::string CompareCsv(const CompareOutput& o) {
  const engine::compare::Comparison& c = *o.comparison;
  std::string out = "activity,baseline_J_per_day,candidate_J_per_day,delta_J_per_day,delta_frac\n";
  auto row = [&](const engine::compare::ActivityDelta& d) {
    out += fmt::format("{},{},{},{},{}\n", CsvEscape(d.activity), Number(d.baseline_J_per_day), Number(d.candidate_J_per_day),
                       Number(d.delta_J_per_day), d.delta_frac ? Number(*d.delta_frac) : std::string());
  };
  for (const engine::compare::ActivityDelta& d : c.activities) row(d);
  row(c.total);
  return out;
}

std::string CompareJunit(const CompareOutput& o) {
  const engine::compare::Comparison& c = *o.comparison;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string counts = fmt::format("tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\"", c.checks.size(), c.failed, c.skipped);
  out += fmt::format("<testsuites name=\"powerbudget compare\" {}>\n", counts);
  out += fmt::format("  <testsuite name=\"{}\" {}>\n",
                     XmlEscape("power budget: " + o.baseline->input + " -> " + o.candidate->input), counts);
  for (const engine::compare::Check& k : c.checks) {
    out += fmt::format("    <testcase classname=\"powerbudget.compare\" name=\"{}\" time=\"0\">", XmlEscape(k.id));
    if (k.status == CheckStatus::kFailed)
      out += fmt::format("\n      <failure type=\"regression\" message=\"{0}\">{0}</failure>\n    ", XmlEscape(k.description));
    else if (k.status == CheckStatus::kSkipped)
      out += fmt::format("\n      <skipped message=\"{}\"/>\n    ", XmlEscape(k.description));
    else
      out += fmt::format("\n      <system-out>{}</system-out>\n    ", XmlEscape(k.description));
    out += "</testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace pb::cli
