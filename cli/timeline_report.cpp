#include "cli/timeline_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "cli/svg_chart.hpp"
#include "engine/budget.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace {

using engine::timeline::Timeline;

constexpr const char* kSchema = "powerbudget/timeline/1";

double Microcoulombs(double coulombs) { return coulombs * units::kMicroPerUnit; }

// Times to the microsecond: a day's times need more than 6 significant digits.
double Microseconds(double seconds) { return std::round(seconds * 1e6) / 1e6; }

std::string ViewTitle(const Timeline& t) {
  switch (t.view) {
    case engine::timeline::View::kReport: return "Report cycle";
    case engine::timeline::View::kDay: return "Day";
    case engine::timeline::View::kFota: return "Firmware update";
  }
  return "";
}

std::string Share(double share_frac) { return share_frac < 1.0 ? Number(share_frac) : ""; }

// Activities in the order they first draw current.
std::vector<std::string> Activities(const Timeline& t) {
  std::vector<std::string> ids;
  for (const auto& s : t.segments)
    for (const auto& p : s.parts)
      if (std::find(ids.begin(), ids.end(), p.activity) == ids.end()) ids.push_back(p.activity);
  return ids;
}

}  // namespace

nlohmann::ordered_json TimelineToJson(const Timeline& t, const RunInfo& run) {
  nlohmann::ordered_json j = ReportHeader(kSchema, t.device_name, run);
  const double charge_C = t.Charge_C();
  j["view"] = engine::timeline::ViewName(t.view);
  j["duration_s"] = Rounded(t.duration_s);
  j["battery_voltage_V"] = Rounded(t.battery_voltage_V);
  j["charge_mC"] = Rounded(units::to_mC(charge_C));
  j["energy_J"] = Rounded(t.Energy_J());
  j["average_current_uA"] = Rounded(t.duration_s > 0.0 ? units::to_uA(charge_C / t.duration_s) : 0.0);
  nlohmann::ordered_json activities = nlohmann::ordered_json::array();
  for (const std::string& id : Activities(t)) {
    const double energy_J = t.ActivityEnergy_J(id);
    activities.push_back({{"activity", id},
                          {"energy_J", Rounded(energy_J)},
                          {"charge_mC", Rounded(units::to_mC(energy_J / t.battery_voltage_V))}});
  }
  j["activities"] = activities;
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : t.events)
    events.push_back({{"label", e.label},
                      {"activity", e.activity},
                      {"start_s", Microseconds(e.start_s)},
                      {"duration_s", Rounded(e.duration_s)},
                      {"share_frac", Rounded(e.share_frac)}});
  j["events"] = events;
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const auto& s : t.segments) {
    nlohmann::ordered_json parts = nlohmann::ordered_json::object();
    for (const auto& p : s.parts) parts[p.activity] = Rounded(p.current_A);
    segments.push_back({{"start_s", Microseconds(s.start_s)},
                        {"duration_s", Rounded(s.duration_s)},
                        {"current_A", Rounded(s.current_A)},
                        {"phase", s.phase},
                        {"activity", s.activity},
                        {"modem_state", models::radio::ModemStateName(s.modem_state)},
                        {"share_frac", Rounded(s.share_frac)},
                        {"parts_A", parts}});
  }
  j["segments"] = segments;
  return j;
}

std::string TimelineTable(const Timeline& t, bool markdown) {
  const double charge_C = t.Charge_C();
  const std::string device = TerminalSafe(t.device_name);
  std::string out = markdown ? fmt::format("## {}\n\n", device) : fmt::format("{}\n\n", device);
  out += fmt::format("{}: {:.3f} s, {:.3f} mC and {:.3f} J from the battery at {:.2f} V (average {:.3f} uA)\n",
                     ViewTitle(t), t.duration_s, units::to_mC(charge_C), t.Energy_J(), t.battery_voltage_V,
                     t.duration_s > 0.0 ? units::to_uA(charge_C / t.duration_s) : 0.0);
  out += "A share below 1: an event the budget counts as that share of one, every phase shortened to it.\n\n";

  const std::vector<std::string> event_header{"start_s", "duration_s", "share", "activity", "event"};
  std::vector<std::vector<std::string>> event_rows;
  for (const auto& e : t.events)
    event_rows.push_back({fmt::format("{:.6f}", e.start_s), fmt::format("{:.6f}", e.duration_s), Share(e.share_frac),
                          e.activity, e.label});
  const std::vector<std::string> header{"start_s", "duration_s", "current_mA", "charge_uC", "energy_mJ", "share",
                                        "activity", "phase"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : t.segments) {
    const double segment_charge_C = s.current_A * s.duration_s;
    rows.push_back({fmt::format("{:.6f}", s.start_s), fmt::format("{:.6f}", s.duration_s),
                    fmt::format("{:.4f}", units::to_mA(s.current_A)), fmt::format("{:.3f}", Microcoulombs(segment_charge_C)),
                    fmt::format("{:.4f}", units::to_mJ(segment_charge_C * t.battery_voltage_V)), Share(s.share_frac),
                    s.activity, s.phase});
  }
  if (markdown) {
    out += "### Events\n\n" + RenderMarkdownTable(event_header, event_rows) + "\n### Phases\n\n" +
           RenderMarkdownTable(header, rows);
  } else {
    // Times and figures right-aligned, the names (from the activity column on) left-aligned.
    out += "Events\n" + RenderTable(event_header, event_rows, TextColumns{0, 3}) + "\nPhases\n" +
           RenderTable(header, rows, TextColumns{0, 6});
  }
  return out;
}

std::string TimelineCsv(const Timeline& t) {
  std::string out = "time_s,current_A,activity,phase,modem_state,share_frac\n";
  for (const auto& s : t.segments) {
    const std::string labels = fmt::format("{},{},{},{}", CsvEscape(s.activity), CsvEscape(s.phase),
                                           models::radio::ModemStateName(s.modem_state), Number(s.share_frac));
    out += fmt::format("{:.6f},{},{}\n", s.start_s, Number(s.current_A), labels);
    out += fmt::format("{:.6f},{},{}\n", s.start_s + s.duration_s, Number(s.current_A), labels);
  }
  return out;
}

std::string TimelineSvg(const Timeline& t) {
  // The report cycle's connection is seconds of an hour: the plot stops a little after the last
  // event and says where the cycle ends.
  double end_s = t.duration_s;
  if (t.view == engine::timeline::View::kReport && !t.events.empty()) {
    double last_s = 0.0;
    for (const auto& e : t.events) last_s = std::max(last_s, e.start_s + e.duration_s);
    for (const auto& s : t.segments)
      if (s.start_s >= last_s && s.activity != engine::activity::kPsmFloor) last_s = s.start_s + s.duration_s;
    end_s = std::min(t.duration_s, last_s * 1.05);
  }
  std::vector<double> edges{0.0};
  std::vector<double> values_mA;
  for (const auto& s : t.segments) {
    if (s.start_s >= end_s) break;
    edges.push_back(std::min(end_s, s.start_s + s.duration_s));
    values_mA.push_back(units::to_mA(s.current_A));
  }
  // The rarer events (handshakes, registrations, TAUs, firmware updates) get their labels first.
  std::vector<SvgSpan> spans, common;
  for (const auto& e : t.events) {
    if (e.start_s >= end_s) continue;
    const bool every_report = e.activity == engine::activity::kReport || e.activity == engine::activity::kInactivityTail;
    (every_report ? common : spans)
        .push_back({e.start_s, e.start_s + e.duration_s,
                    e.share_frac < 1.0 ? fmt::format("{} x{}", e.label, Number(e.share_frac)) : e.label});
  }
  spans.insert(spans.end(), common.begin(), common.end());
  std::string title = fmt::format("{}: current from the battery", ViewTitle(t));
  if (end_s < t.duration_s) title += fmt::format(" (PSM on to {:g} s)", t.duration_s);
  return StepSvg(edges, values_mA, spans, title, "time, s", "current, mA (log)");
}

}  // namespace pb::cli
