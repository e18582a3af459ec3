#include "cli/budget_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace u = pb::units;

namespace {

constexpr const char* kSchema = "powerbudget/simulate/1";

double Microamps(double amperes) { return amperes / u::kAmperesPerMicroampere; }

std::string Lifetime(double seconds) {
  const double days = Days(seconds);
  if (days >= 2.0 * u::kDaysPerYear) return fmt::format("{:.2f} years ({:.0f} days)", days / u::kDaysPerYear, days);
  return fmt::format("{:.1f} days ({:.2f} years)", days, days / u::kDaysPerYear);
}

const char* TimerName(engine::StackTimer timer) {
  switch (timer) {
    case engine::StackTimer::kCoapAckTimeout: return "CoAP ACK_TIMEOUT";
    case engine::StackTimer::kDtlsClientRetransmission: return "DTLS (device)";
    case engine::StackTimer::kDtlsServerRetransmission: return "DTLS (server)";
  }
  return "";
}

nlohmann::ordered_json StackTimerFindingsJson(const engine::StackTimerAnalysis& timers) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const engine::StackTimerFinding& f : timers.findings) {
    const engine::TimedExchange& e = f.exchange;
    rows.push_back({{"timer", engine::StackTimerId(e.timer)},
                    {"exchange", e.exchange},
                    {"sent", e.sent},
                    {"answer", e.answer},
                    {"what", f.what},
                    {"latency_s", Rounded(e.latency_s)},
                    {"timer_s", Rounded(e.timer_s)},
                    {"expected_retransmissions_per_exchange", Rounded(e.expected_retransmissions)},
                    {"give_up_probability_frac", Rounded(e.give_up_probability_frac)},
                    {"extra_energy_mJ_per_exchange", Rounded(units::to_mJ(e.extra_energy_J))},
                    {"advised_timer_s", Rounded(f.advised_timer_s)},
                    {"advice", f.advice}});
  }
  return rows;
}

std::string StackTimerSection(const engine::StackTimerAnalysis& timers) {
  const engine::StackTimerSettings& s = timers.settings;
  std::vector<std::vector<std::string>> rows;
  bool coap = false, device = false, server = false, report = false;
  for (const engine::StackTimerFinding& f : timers.findings) {
    const engine::TimedExchange& e = f.exchange;
    rows.push_back({fmt::format("{}: {}", e.exchange, e.sent), TimerName(e.timer), fmt::format("{:.2f}", e.latency_s),
                    fmt::format("{:g}", e.timer_s), fmt::format("{:.2f}", e.expected_retransmissions),
                    fmt::format("{:.1f}", units::to_mJ(e.extra_energy_J)), fmt::format("{:g}", f.advised_timer_s)});
    coap |= e.timer == engine::StackTimer::kCoapAckTimeout;
    device |= e.timer == engine::StackTimer::kDtlsClientRetransmission;
    server |= e.timer == engine::StackTimer::kDtlsServerRetransmission;
    report |= e.timer == engine::StackTimer::kCoapAckTimeout && e.exchange == "report";
  }
  std::string out = fmt::format(
      "\nStack timers that expire before the answer arrives ({:.1f} dB; CoAP ACK_TIMEOUT {:g} s, DTLS initial "
      "timer {:g} s on the device, {:g} s on the server):\n\n",
      timers.coupling_loss_dB, s.coap_ack_timeout_s, s.dtls_client_initial_timer_s, s.dtls_server_initial_timer_s);
  out += RenderTable({"waiting message", "timer", "latency s", "timer s", "retx/exchange", "extra mJ", "advised s"}, rows);
  // The settings that avoid every finding: the largest advised value of each timer.
  const engine::StackTimerSettings advised = engine::AdvisedSettings(timers);
  std::vector<std::string> settings;
  if (coap) settings.push_back(fmt::format("CoAP ACK_TIMEOUT >= {:g} s", advised.coap_ack_timeout_s));
  if (device)
    settings.push_back(fmt::format("initial DTLS retransmission timer >= {:g} s on the device", advised.dtls_client_initial_timer_s));
  if (server)
    settings.push_back(fmt::format("initial DTLS retransmission timer >= {:g} s on the server", advised.dtls_server_initial_timer_s));
  out += fmt::format("Settings that avoid them: {}{}\n", fmt::join(settings, "; "),
                     report ? "; for the report, sending it non-confirmable (reporting.confirmable = false) also does" : "");
  return out;
}

}  // namespace

nlohmann::ordered_json BudgetToJson(const engine::BudgetResult& b, const RunInfo& run,
                                    const engine::StackTimerAnalysis& timers) {
  nlohmann::ordered_json j = ReportHeader(kSchema, b.device_name, run);
  j["average_current_uA"] = Rounded(Microamps(b.average_current_A));
  j["average_power_uW"] = Rounded(units::to_uW(b.average_power_W));
  j["energy_J_per_day"] = Rounded(b.energy_J_per_day);
  j["lifetime_days"] = Rounded(Days(b.lifetime_s));
  j["lifetime_years"] = Rounded(Days(b.lifetime_s) / u::kDaysPerYear);
  j["target_lifetime_days"] = Rounded(Days(b.target_lifetime_s));
  j["meets_target"] = b.meets_target;
  j["battery"] = {{"nominal_voltage_V", Rounded(b.battery_voltage_V)},
                  {"capacity_mAh", Rounded(b.battery_capacity_C / u::kCoulombsPerMilliampereHour)},
                  {"model", "ideal"}};
  if (b.radio) {
    const engine::RadioSummary& r = *b.radio;
    j["radio"] = {{"ce_level", r.ce_level},
                  {"coupling_loss_dB", Rounded(r.coupling_loss_dB)},
                  {"npusch_tx_power_dBm", Rounded(r.npusch_tx_power_dBm)},
                  {"nprach_tx_power_dBm", Rounded(r.nprach_tx_power_dBm)},
                  {"psm", r.timers.psm},
                  {"t3412_s", Rounded(r.timers.t3412_s)},
                  {"t3324_s", Rounded(r.timers.t3324_s)},
                  {"edrx", r.timers.edrx},
                  {"edrx_cycle_s", Rounded(r.timers.edrx_cycle_s)},
                  {"ptw_s", Rounded(r.timers.ptw_s)},
                  {"idle_drx_cycle_s", Rounded(r.timers.idle_drx_cycle_s)},
                  {"report_connection_s", Rounded(r.report_connection_s)},
                  {"full_handshakes_per_day", Rounded(r.full_handshakes_per_day)},
                  {"resumed_handshakes_per_day", Rounded(r.resumed_handshakes_per_day)},
                  {"tau_per_day", Rounded(r.tau_per_day)}};
  } else {
    j["radio"] = nullptr;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const engine::ActivityBudget& a : b.breakdown) {
    rows.push_back({{"activity", a.activity},
                    {"events_per_day", Rounded(a.events_per_day)},
                    {"duration_s_per_event", Rounded(a.duration_s_per_event)},
                    {"energy_mJ_per_event", Rounded(units::to_mJ(a.energy_J_per_event))},
                    {"energy_J_per_day", Rounded(a.energy_J_per_day)},
                    {"share_frac", Rounded(a.share_frac)},
                    {"average_current_uA", Rounded(Microamps(a.average_current_A))}});
  }
  j["breakdown"] = rows;
  if (!timers.findings.empty()) j["stack_timer_findings"] = StackTimerFindingsJson(timers);
  return j;
}

std::string BudgetTable(const engine::BudgetResult& b, const engine::StackTimerAnalysis& timers) {
  std::vector<std::vector<std::string>> rows;
  for (const engine::ActivityBudget& a : b.breakdown) {
    rows.push_back({a.activity.str(), Number(a.events_per_day), fmt::format("{:.3f}", a.duration_s_per_event),
                    fmt::format("{:.3f}", units::to_mJ(a.energy_J_per_event)), fmt::format("{:.4f}", a.energy_J_per_day),
                    fmt::format("{:.1f}%", a.share_frac * 100.0), fmt::format("{:.3f}", Microamps(a.average_current_A))});
  }
  rows.push_back({"total", "", "", "", fmt::format("{:.4f}", b.energy_J_per_day), "100.0%",
                  fmt::format("{:.3f}", Microamps(b.average_current_A))});
  std::string out = fmt::format("{}\n\n", TerminalSafe(b.device_name));
  if (b.radio) {
    const engine::RadioSummary& r = *b.radio;
    out += fmt::format("Radio: CE level {} at {:.1f} dB coupling loss; NPUSCH {:.1f} dBm, NPRACH {:.1f} dBm\n",
                       r.ce_level, r.coupling_loss_dB, r.npusch_tx_power_dBm, r.nprach_tx_power_dBm);
    out += fmt::format("Timers: PSM {}, T3412 {:g} s, T3324 {:g} s, eDRX {}, paging cycle {:g} s\n",
                       r.timers.psm ? "on" : "off", r.timers.t3412_s, r.timers.t3324_s,
                       r.timers.edrx ? fmt::format("{:g} s (PTW {:g} s)", r.timers.edrx_cycle_s, r.timers.ptw_s)
                                     : std::string("off"),
                       r.timers.idle_drx_cycle_s);
    out += fmt::format("One report connection: {:.2f} s; handshakes per day: {:.3g} full, {:.3g} resumed\n\n",
                       r.report_connection_s, r.full_handshakes_per_day, r.resumed_handshakes_per_day);
  }
  out += RenderTable({"activity", "events/day", "s/event", "mJ/event", "J/day", "share", "avg uA"}, rows);
  out += fmt::format("\nAverage current {:.3f} uA, average power {:.3f} uW at {:.2f} V\n", Microamps(b.average_current_A),
                     units::to_uW(b.average_power_W), b.battery_voltage_V);
  out += fmt::format("Lifetime on an ideal {:.0f} mAh battery: {}\n", b.battery_capacity_C / u::kCoulombsPerMilliampereHour,
                     Lifetime(b.lifetime_s));
  out += fmt::format("Target {:.0f} days: {}\n", Days(b.target_lifetime_s), b.meets_target ? "MET" : "NOT MET");
  if (!timers.findings.empty()) out += StackTimerSection(timers);
  return out;
}

std::string BudgetCsv(const engine::BudgetResult& b) {
  std::string out = "activity,events_per_day,duration_s_per_event,energy_mJ_per_event,energy_J_per_day,share_frac,average_current_uA\n";
  for (const engine::ActivityBudget& a : b.breakdown)
    out += fmt::format("{},{},{},{},{},{},{}\n", CsvEscape(a.activity.str()), Number(a.events_per_day),
                       Number(a.duration_s_per_event), Number(units::to_mJ(a.energy_J_per_event)), Number(a.energy_J_per_day),
                       Number(a.share_frac), Number(Microamps(a.average_current_A)));
  out += fmt::format("total,,,,{},1,{}\n", Number(b.energy_J_per_day), Number(Microamps(b.average_current_A)));
  return out;
}

}  // namespace pb::cli
