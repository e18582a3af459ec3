#include "cli/trace_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace u = pb::units;

namespace {

constexpr const char* kSchema = "powerbudget/trace/1";


std::string GroupName(const engine::trace::TraceAnalysis& a, int group) {
  return group >= 0 ? a.groups[static_cast<std::size_t>(group)].name : std::string();
}

std::string Lines(const std::vector<engine::trace::TraceIssue>& issues) {
  std::string out = issues.size() == 1 ? "line " : "lines ";
  for (std::size_t k = 0; k < issues.size(); ++k) out.append(k ? ", " : "").append(std::to_string(issues[k].line));
  return out;
}

// A fit quantity in the unit people read it in.
struct Shown {
  std::string label;
  double scale;
};
Shown Display(const std::string& name) {
  if (name.ends_with("_current_A")) return {name.substr(0, name.size() - 2) + " uA", units::kMicroPerUnit};
  if (name.ends_with("_charge_C")) return {name.substr(0, name.size() - 2) + " mC", units::kMilliPerUnit};
  if (name.ends_with("_s")) return {name.substr(0, name.size() - 2) + " s", 1.0};
  return {name, 1.0};
}

std::optional<double> DeltaFrac(double model, double trace) {
  if (model == 0.0) return std::nullopt;
  return trace / model - 1.0;
}

double Microcoulombs(double coulombs) { return coulombs * units::kMicroPerUnit; }

nlohmann::ordered_json OverlayToJson(const engine::trace::Overlay& ov, const std::string& profile) {
  const double v = ov.battery_voltage_V;
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  for (const engine::trace::OverlayPhase& p : ov.phases) {
    auto measured = [&](double value) { return p.measured ? nlohmann::ordered_json(Rounded(value)) : nlohmann::ordered_json(); };
    phases.push_back({{"phase", p.phase},
                      {"activity", p.activity},
                      {"model_start_s", Rounded(p.model_start_s)},
                      {"trace_start_s", measured(p.measured_start_s)},
                      {"model_duration_s", Rounded(p.model_duration_s)},
                      {"trace_duration_s", measured(p.measured_duration_s)},
                      {"delta_duration_s", measured(p.measured_duration_s - p.model_duration_s)},
                      {"model_charge_uC", Rounded(Microcoulombs(p.model_charge_C))},
                      {"trace_charge_uC", measured(Microcoulombs(p.measured_charge_C))},
                      {"delta_charge_uC", measured(Microcoulombs(p.measured_charge_C - p.model_charge_C))},
                      {"model_energy_mJ", Rounded(units::to_mJ(p.model_charge_C * v))},
                      {"trace_energy_mJ", measured(units::to_mJ(p.measured_charge_C * v))},
                      {"end_found", p.fitted},
                      {"measured", p.measured}});
  }
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const engine::trace::OverlayGroup& g : ov.groups) {
    auto measured = [&](double value) { return g.measured ? nlohmann::ordered_json(Rounded(value)) : nlohmann::ordered_json(); };
    const std::optional<double> delta = DeltaFrac(g.model_charge_C, g.measured_charge_C);
    groups.push_back({{"activity", g.activity},
                      {"phases", g.phase_count},
                      {"model_duration_s", Rounded(g.model_duration_s)},
                      {"trace_duration_s", measured(g.measured_duration_s)},
                      {"delta_duration_s", measured(g.measured_duration_s - g.model_duration_s)},
                      {"model_charge_mC", Rounded(units::to_mC(g.model_charge_C))},
                      {"trace_charge_mC", measured(units::to_mC(g.measured_charge_C))},
                      {"delta_charge_frac", g.measured && delta ? nlohmann::ordered_json(Rounded(*delta)) : nlohmann::ordered_json()},
                      {"model_energy_mJ", Rounded(units::to_mJ(g.model_charge_C * v))},
                      {"trace_energy_mJ", measured(units::to_mJ(g.measured_charge_C * v))}});
  }
  return {{"device", ov.device},
          {"profile", profile},
          {"event", ov.event_index + 1},
          {"event_start_s", Rounded(ov.event_start_s)},
          {"aligned_start_s", Rounded(ov.aligned_start_s)},
          {"battery_voltage_V", Rounded(v)},
          {"model_floor_uA", Rounded(units::to_uA(ov.model_floor_A))},
          {"trace_floor_uA", Rounded(units::to_uA(ov.measured_floor_A))},
          {"groups", groups},
          {"phases", phases}};
}

std::string OverlayTable(const engine::trace::Overlay& ov, OutputFormat format) {
  std::string out = fmt::format(
      "\nModel ({}) on event {} at {:.4f} s, phase by phase (the model's cycle starts at {:.4f} s; floor: model "
      "{:.3f} uA, trace {:.3f} uA):\n",
      TerminalSafe(ov.device), ov.event_index + 1, ov.event_start_s, ov.aligned_start_s, units::to_uA(ov.model_floor_A),
      units::to_uA(ov.measured_floor_A));
  auto shown = [](bool measured, const std::string& text) { return measured ? text : std::string("-"); };
  std::vector<std::vector<std::string>> rows;
  for (const engine::trace::OverlayGroup& g : ov.groups) {
    const std::optional<double> delta = DeltaFrac(g.model_charge_C, g.measured_charge_C);
    rows.push_back({g.activity, std::to_string(g.phase_count), fmt::format("{:.4f}", g.model_duration_s),
                    shown(g.measured, fmt::format("{:.4f}", g.measured_duration_s)),
                    shown(g.measured, fmt::format("{:+.4f}", g.measured_duration_s - g.model_duration_s)),
                    fmt::format("{:.4f}", units::to_mC(g.model_charge_C)),
                    shown(g.measured, fmt::format("{:.4f}", units::to_mC(g.measured_charge_C))),
                    shown(g.measured && delta.has_value(), delta ? fmt::format("{:+.1f}%", *delta * 100.0) : "")});
  }
  out += RenderTableAs(format, {"activity", "phases", "model s", "trace s", "delta s", "model mC", "trace mC", "delta"}, rows);
  rows.clear();
  for (const engine::trace::OverlayPhase& p : ov.phases) {
    rows.push_back({p.phase, p.activity, fmt::format("{:.4f}", p.model_start_s), fmt::format("{:.4f}", p.model_duration_s),
                    shown(p.measured, fmt::format("{:.4f}", p.measured_duration_s)),
                    shown(p.measured, fmt::format("{:+.2f}", units::to_ms(p.measured_duration_s - p.model_duration_s))),
                    fmt::format("{:.2f}", Microcoulombs(p.model_charge_C)),
                    shown(p.measured, fmt::format("{:.2f}", Microcoulombs(p.measured_charge_C))),
                    shown(p.measured, fmt::format("{:+.2f}", Microcoulombs(p.measured_charge_C - p.model_charge_C))),
                    p.fitted ? "yes" : "model"});
  }
  out += "\nPhases (end: 'yes' found in the trace, 'model' the model's duration kept):\n";
  out += RenderTableAs(format, {"phase", "activity", "model start s", "model s", "trace s", "delta ms", "model uC", "trace uC",
                      "delta uC", "end"},
                     rows);
  return out;  // TraceTable makes the whole report Markdown
}

}  // namespace

nlohmann::ordered_json TraceToJson(const TraceOutput& o) {
  const engine::trace::TraceQuality& q = o.report->quality;
  const engine::trace::TraceAnalysis& a = o.report->analysis;
  nlohmann::ordered_json j = ReportHeader(kSchema);
  j["input"] = q.source;
  j["format"] = engine::trace::FormatName(q.columns.format);
  j["columns"] = {{"time", q.columns.time_header},
                  {"current", q.columns.current_header},
                  {"digital_channels", q.columns.digital_channels}};
  nlohmann::ordered_json bad = nlohmann::ordered_json::array();
  for (const engine::trace::TraceIssue& i : q.first_bad_samples) bad.push_back({{"line", i.line}, {"reason", i.what}});
  nlohmann::ordered_json gaps = nlohmann::ordered_json::array();
  for (const engine::trace::TraceIssue& i : q.first_gaps) gaps.push_back({{"line", i.line}, {"reason", i.what}});
  j["quality"] = {{"lines", q.lines},
                  {"rows", q.rows},
                  {"samples", q.samples},
                  {"first_time_s", Rounded(q.first_time_s)},
                  {"last_time_s", Rounded(q.last_time_s)},
                  {"nominal_step_s", Rounded(q.nominal_step_s)},
                  {"sample_rate_Hz", q.nominal_step_s > 0.0 ? Rounded(1.0 / q.nominal_step_s) : 0.0},
                  {"gap_count", q.gap_count},
                  {"gap_time_s", Rounded(q.gap_time_s)},
                  {"first_gaps", gaps},
                  {"bad_sample_count", q.bad_sample_count},
                  {"first_bad_samples", bad}};
  j["analysis"] = {{"segmented_by", a.segmented_by},
                   {"hold_s", Rounded(o.options->hold_s)},
                   {"measured_time_s", Rounded(a.measured_time_s)},
                   {"total_charge_mC", Rounded(units::to_mC(a.total_charge_C))},
                   {"average_current_uA", Rounded(units::to_uA(a.average_current_A))},
                   {"floor_uA", Rounded(units::to_uA(a.floor_A))},
                   {"floor_min_uA", Rounded(units::to_uA(a.floor_min_A))},
                   {"floor_max_uA", Rounded(units::to_uA(a.floor_max_A))},
                   {"noise_uA", Rounded(units::to_uA(a.noise_A))},
                   {"threshold_uA", Rounded(units::to_uA(a.threshold_A))},
                   {"idle_current_uA", Rounded(units::to_uA(a.idle_current_A))},
                   {"idle_time_s", Rounded(a.idle_time_s)},
                   {"event_count", a.event_count},
                   {"events_truncated", a.events_truncated}};
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const engine::trace::EventGroup& g : a.groups)
    groups.push_back({{"name", g.name},
                      {"count", g.count},
                      {"mean_charge_mC", Rounded(units::to_mC(g.mean_charge_C))},
                      {"charge_spread_frac", Rounded(g.charge_spread_frac)},
                      {"mean_duration_s", Rounded(g.mean_duration_s)},
                      {"mean_peak_mA", Rounded(units::to_mA(g.mean_peak_A))},
                      {"median_interval_s", Rounded(g.median_interval_s)},
                      {"regular", g.regular},
                      {"period_s", Rounded(g.period_s)},
                      {"average_current_uA", Rounded(units::to_uA(g.charge_C_per_s))}});
  j["groups"] = groups;
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < a.events.size() && k < o.events_listed; ++k) {
    const engine::trace::TraceEvent& e = a.events[k];
    events.push_back({{"start_s", Rounded(e.start_s)},
                      {"duration_s", Rounded(e.duration_s)},
                      {"charge_mC", Rounded(units::to_mC(e.charge_C))},
                      {"excess_charge_mC", Rounded(units::to_mC(e.excess_charge_C))},
                      {"peak_mA", Rounded(units::to_mA(e.peak_A))},
                      {"floor_uA", Rounded(units::to_uA(e.floor_A))},
                      {"last_high_s", e.last_high_s ? nlohmann::ordered_json(Rounded(*e.last_high_s)) : nlohmann::ordered_json()},
                      {"incomplete", e.incomplete},
                      {"group", e.group >= 0 ? nlohmann::ordered_json(GroupName(a, e.group)) : nlohmann::ordered_json()}});
  }
  j["events_listed"] = events.size();
  j["events"] = events;
  if (o.measured) {
    const engine::BudgetResult& m = *o.measured;
    j["measured_profile"] = {{"battery", o.battery},
                             {"supply_voltage_V", Rounded(o.supply_voltage_V)},
                             {"average_current_uA", Rounded(units::to_uA(m.average_current_A))},
                             {"energy_J_per_day", Rounded(m.energy_J_per_day)},
                             {"lifetime_days", Rounded(Days(m.lifetime_s))},
                             {"lifetime_years", Rounded(m.lifetime_s / u::kSecondsPerYear)}};
  } else {
    j["measured_profile"] = nullptr;
  }
  if (o.fit) {
    nlohmann::ordered_json quantities = nlohmann::ordered_json::array();
    for (const engine::trace::FitQuantity& f : o.fit->quantities) {
      const std::optional<double> delta = DeltaFrac(f.model, f.trace);
      quantities.push_back({{"name", f.name},
                            {"model", Rounded(f.model)},
                            {"trace", f.measured ? nlohmann::ordered_json(Rounded(f.trace)) : nlohmann::ordered_json()},
                            {"delta_frac", f.measured && delta ? nlohmann::ordered_json(Rounded(*delta)) : nlohmann::ordered_json()}});
    }
    nlohmann::ordered_json fit_events = nlohmann::ordered_json::array();
    for (const engine::trace::EventVersusModel& e : o.fit->events)
      fit_events.push_back({{"start_s", Rounded(e.start_s)},
                            {"trace_charge_mC", Rounded(units::to_mC(e.trace_charge_C))},
                            {"model_charge_mC", Rounded(units::to_mC(e.model_charge_C))},
                            {"trace_duration_s", Rounded(e.trace_duration_s)},
                            {"model_duration_s", Rounded(e.model_duration_s)}});
    j["fit"] = {{"device", o.fit->device},
                {"report_group", o.fit->report_group.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(o.fit->report_group)},
                {"quantities", quantities},
                {"events", fit_events}};
  } else {
    j["fit"] = nullptr;
  }
  j["overlay"] = o.overlay ? OverlayToJson(*o.overlay, o.overlay_profile) : nlohmann::ordered_json();
  return j;
}

std::string TraceTable(const TraceOutput& o, OutputFormat format) {
  const engine::trace::TraceQuality& q = o.report->quality;
  const engine::trace::TraceAnalysis& a = o.report->analysis;
  // The file name and the column headers come from the input.
  std::string out = fmt::format("Trace {} ({}: '{}', '{}'{})\n", TerminalSafe(q.source),
                                engine::trace::FormatName(q.columns.format), TerminalSafe(q.columns.time_header),
                                TerminalSafe(q.columns.current_header),
                                q.columns.digital_channels ? fmt::format(", {} digital channels", q.columns.digital_channels)
                                                           : std::string());
  out += fmt::format("Samples {} over {:.6g} s measured, nominal {:g} S/s\n", q.samples, a.measured_time_s,
                     q.nominal_step_s > 0.0 ? Rounded(1.0 / q.nominal_step_s) : 0.0);
  out += fmt::format("Gaps: {}{}\n", q.gap_count,
                     q.gap_count ? fmt::format(" ({:.6g} s missing; first at {})", q.gap_time_s, Lines(q.first_gaps))
                                 : std::string());
  out += fmt::format("Bad samples: {}{}\n", q.bad_sample_count,
                     q.bad_sample_count ? fmt::format(" (dropped, not averaged over; first at {}: {})", Lines(q.first_bad_samples),
                                                      TerminalSafe(q.first_bad_samples.front().what))
                                        : std::string());
  out += fmt::format("Floor {:.3f} uA (range {:.3f} to {:.3f} uA, noise {:.3f} uA); event threshold floor + {:.3f} uA\n",
                     units::to_uA(a.floor_A), units::to_uA(a.floor_min_A), units::to_uA(a.floor_max_A), units::to_uA(a.noise_A), units::to_uA(a.threshold_A));
  out += fmt::format("Average current {:.3f} uA, charge {:.4f} mC; idle current {:.3f} uA over {:.3f} s\n",
                     units::to_uA(a.average_current_A), units::to_mC(a.total_charge_C), units::to_uA(a.idle_current_A), a.idle_time_s);
  out += fmt::format("Events: {} (segmented by {}, hold {:g} ms){}\n\n", a.event_count, a.segmented_by, units::to_ms(o.options->hold_s),
                     a.events_truncated ? "; list truncated" : "");

  std::vector<std::vector<std::string>> rows;
  for (const engine::trace::EventGroup& g : a.groups)
    rows.push_back({g.name, std::to_string(g.count), fmt::format("{:.4f}", units::to_mC(g.mean_charge_C)),
                    fmt::format("{:.1f}%", g.charge_spread_frac * 100.0), fmt::format("{:.4f}", g.mean_duration_s),
                    fmt::format("{:.2f}", units::to_mA(g.mean_peak_A)), fmt::format("{:.4g}", g.median_interval_s),
                    g.regular ? "yes" : "no", fmt::format("{:.4g}", g.period_s), fmt::format("{:.3f}", units::to_uA(g.charge_C_per_s))});
  out += RenderTableAs(format, {"group", "events", "mC/event", "spread", "s/event", "peak mA", "interval s", "regular", "period s", "avg uA"},
                     rows);

  if (o.events_listed > 0 && !a.events.empty()) {
    rows.clear();
    for (std::size_t k = 0; k < a.events.size() && k < o.events_listed; ++k) {
      const engine::trace::TraceEvent& e = a.events[k];
      rows.push_back({std::to_string(k + 1), fmt::format("{:.4f}", e.start_s), fmt::format("{:.4f}", e.duration_s),
                      fmt::format("{:.4f}", units::to_mC(e.charge_C)), fmt::format("{:.2f}", units::to_mA(e.peak_A)),
                      e.incomplete ? "(incomplete)" : GroupName(a, e.group)});
    }
    out += fmt::format("\nEvents (first {} of {}):\n", rows.size(), a.event_count);
    out += RenderTableAs(format, {"#", "start s", "duration s", "charge mC", "peak mA", "group"}, rows);
  }

  if (o.measured) {
    const engine::BudgetResult& m = *o.measured;
    out += fmt::format("\nAs a measured-events profile on {} at {:g} V: average {:.3f} uA, lifetime {:.1f} days ({:.2f} years)\n",
                       TerminalSafe(o.battery), o.supply_voltage_V, units::to_uA(m.average_current_A), Days(m.lifetime_s),
                       m.lifetime_s / u::kSecondsPerYear);
  }
  if (o.fit) {
    out += fmt::format("\nModel ({}) against the trace{}:\n", TerminalSafe(o.fit->device),
                       o.fit->report_group.empty() ? std::string(" (no group repeats at the reporting interval)")
                                                   : " (report cycle: group " + o.fit->report_group + ")");
    rows.clear();
    for (const engine::trace::FitQuantity& f : o.fit->quantities) {
      const Shown s = Display(f.name);
      const std::optional<double> delta = DeltaFrac(f.model, f.trace);
      rows.push_back({s.label, fmt::format("{:.4f}", f.model * s.scale), f.measured ? fmt::format("{:.4f}", f.trace * s.scale) : "-",
                      f.measured && delta ? fmt::format("{:+.1f}%", *delta * 100.0) : "-"});
    }
    out += RenderTableAs(format, {"quantity", "model", "trace", "delta"}, rows);
    if (!o.fit->events.empty()) {
      rows.clear();
      for (std::size_t k = 0; k < o.fit->events.size() && k < o.events_listed; ++k) {
        const engine::trace::EventVersusModel& e = o.fit->events[k];
        const std::optional<double> delta = DeltaFrac(e.model_charge_C, e.trace_charge_C);
        rows.push_back({fmt::format("{:.4f}", e.start_s), fmt::format("{:.4f}", units::to_mC(e.trace_charge_C)),
                        fmt::format("{:.4f}", units::to_mC(e.model_charge_C)), delta ? fmt::format("{:+.1f}%", *delta * 100.0) : "-",
                        fmt::format("{:.4f}", e.trace_duration_s), fmt::format("{:.4f}", e.model_duration_s)});
      }
      out += "\nReport cycles, trace against model:\n";
      out += RenderTableAs(format, {"start s", "trace mC", "model mC", "delta", "trace s", "model s"}, rows);
    }
  }
  if (o.overlay) out += OverlayTable(*o.overlay, format);
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

std::string TraceCsv(const TraceOutput& o) {
  const engine::trace::TraceAnalysis& a = o.report->analysis;
  std::string out = "event,start_s,duration_s,charge_mC,excess_charge_mC,peak_mA,floor_uA,last_high_s,incomplete,group\n";
  for (std::size_t k = 0; k < a.events.size() && k < o.events_listed; ++k) {
    const engine::trace::TraceEvent& e = a.events[k];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", k + 1, Number(e.start_s), Number(e.duration_s), Number(units::to_mC(e.charge_C)),
                       Number(units::to_mC(e.excess_charge_C)), Number(units::to_mA(e.peak_A)), Number(units::to_uA(e.floor_A)),
                       e.last_high_s ? Number(*e.last_high_s) : std::string(), e.incomplete ? "true" : "false",
                       CsvEscape(GroupName(a, e.group)));
  }
  return out;
}

}  // namespace pb::cli
