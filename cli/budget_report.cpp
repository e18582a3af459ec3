#include "cli/budget_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "models/radio/nas_timers.hpp"
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

std::string StackTimerSection(const engine::StackTimerAnalysis& timers, OutputFormat format) {
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
  out += RenderTableAs(format, {"waiting message", "timer", "latency s", "timer s", "retx/exchange", "extra mJ", "advised s"},
                       rows);
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

const std::vector<std::string> kBreakdownHeader{"activity", "events/day", "s/event", "mJ/event", "J/day", "share", "avg uA"};

std::vector<std::vector<std::string>> BreakdownRows(const engine::BudgetResult& b) {
  std::vector<std::vector<std::string>> rows;
  for (const engine::ActivityBudget& a : b.breakdown) {
    rows.push_back({a.activity.str(), Number(a.events_per_day), fmt::format("{:.3f}", a.duration_s_per_event),
                    fmt::format("{:.3f}", units::to_mJ(a.energy_J_per_event)), fmt::format("{:.4f}", a.energy_J_per_day),
                    fmt::format("{:.1f}%", a.share_frac * 100.0), fmt::format("{:.3f}", Microamps(a.average_current_A))});
  }
  rows.push_back({"total", "", "", "", fmt::format("{:.4f}", b.energy_J_per_day), "100.0%",
                  fmt::format("{:.3f}", Microamps(b.average_current_A))});
  return rows;
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

std::string BudgetCsv(const engine::BudgetResult& b) {
  std::string out = "activity,events_per_day,duration_s_per_event,energy_mJ_per_event,energy_J_per_day,share_frac,average_current_uA\n";
  for (const engine::ActivityBudget& a : b.breakdown)
    out += fmt::format("{},{},{},{},{},{},{}\n", CsvEscape(a.activity.str()), Number(a.events_per_day),
                       Number(a.duration_s_per_event), Number(units::to_mJ(a.energy_J_per_event)), Number(a.energy_J_per_day),
                       Number(a.share_frac), Number(Microamps(a.average_current_A)));
  out += fmt::format("total,,,,{},1,{}\n", Number(b.energy_J_per_day), Number(Microamps(b.average_current_A)));
  return out;
}


// ---- simulate's report --------------------------------------------------------------------------

namespace {

constexpr const char* kLifetimeBasis = "battery_physics_in_climate";
// The Markdown report's energy bars: 2 % of the day's energy per column, narrow enough for a
// pull-request comment or a wiki page without wrapping.
constexpr int kMarkdownBarColumns = 50;
constexpr const char* kVerdictScope = "nominal_device";

bool AliveAtHorizon(const SimulateReport& r) { return r.lifetime.cause == models::battery::EndOfLifeCause::kNone; }

std::string CauseWords(models::battery::EndOfLifeCause cause) {
  switch (cause) {
    case models::battery::EndOfLifeCause::kChargeExhausted: return "charge exhausted";
    case models::battery::EndOfLifeCause::kBrownOut: return "brown-out under the transmit pulse on a cold night";
    case models::battery::EndOfLifeCause::kNone: return "none within the horizon";
  }
  return "";
}

std::string ClimateWords(const engine::DeviceProfile& p) {
  const models::environment::ClimateParams& c = p.climate;
  const bool constant = std::all_of(c.monthly_mean_degC.begin(), c.monthly_mean_degC.end(),
                                    [&](double t) { return t == c.monthly_mean_degC.front(); }) &&
                        std::all_of(c.daily_swing_degC.begin(), c.daily_swing_degC.end(), [](double s) { return s == 0.0; });
  // A profile without a climate gets the cell's rating temperature all year (profile loader).
  if (constant && c.monthly_mean_degC.front() == p.battery.reference_temperature_degC)
    return fmt::format("constant {:g} degC, the cell's rating temperature (the profile has no climate)",
                       c.monthly_mean_degC.front());
  return "climate: " + TerminalSafe(c.name);
}

std::string HeadlineLifetime(const SimulateReport& r) {
  if (AliveAtHorizon(r))
    return fmt::format("more than {} (alive at the simulation's horizon)", Lifetime(r.lifetime_options.horizon_s));
  return fmt::format("{}, end of life: {}", Lifetime(r.lifetime.lifetime_s), CauseWords(r.lifetime.cause));
}

// A shell word: as it is when it needs no quoting, else in single quotes.
std::string ShellWord(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "0123456789_-./=:,+@%[]") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string SetArguments(const std::vector<engine::SettingChange>& settings) {
  std::vector<std::string> words;
  for (const engine::SettingChange& c : settings) words.push_back("--set " + ShellWord(c.Assignment()));
  return fmt::format("{}", fmt::join(words, " "));
}

// Lifetimes of one saving in one unit: years when the shorter is two years or more, else days.
std::string BeforeAfter(double before_s, double after_s) {
  const double shorter_days = Days(std::min(before_s, after_s));
  if (shorter_days >= 2.0 * u::kDaysPerYear)
    return fmt::format("{:.2f} → {:.2f} years", Days(before_s) / u::kDaysPerYear, Days(after_s) / u::kDaysPerYear);
  return fmt::format("{:.0f} → {:.0f} days", Days(before_s), Days(after_s));
}

std::string SavingLine(const SimulateReport& r, const engine::Saving& s, bool md) {
  const bool alive = s.lifetime_after_s >= r.lifetime_options.horizon_s;
  const std::string set = md ? "`" + SetArguments(s.settings) + "`" : SetArguments(s.settings);
  return fmt::format("{}{} ({}): {}{}", s.owner == engine::ChangeOwner::kOperator ? "ask the operator: " : "",
                     TerminalSafe(s.description), set, BeforeAfter(s.lifetime_before_s, s.lifetime_after_s),
                     alive ? " (still alive at the horizon)" : "");
}

std::string Seconds(double s) { return fmt::format("{:g} s", s); }

// A requested NAS timer as the device's AT command writes it (TS 27.007 AT+CPSMS: the GPRS Timer 3
// or Timer 2 octet, AT+CEDRXS: the 4-bit eDRX value), so that the request can be checked
// against the firmware's; the value alone when it has no exact encoding.
std::string Requested(double seconds, const std::optional<models::radio::timers::EncodedTimer>& encoded,
                      const char* command) {
  if (!encoded) return Seconds(seconds);
  return fmt::format("{} ({} {})", Seconds(seconds), command, models::radio::timers::ToBitString(encoded->octet));
}

std::string RequestedEdrx(double seconds) {
  const std::optional<std::uint8_t> value = models::radio::timers::EncodeNbiotEdrxCycle(seconds);
  if (!value) return Seconds(seconds);
  return fmt::format("{} (AT+CEDRXS {})", Seconds(seconds), models::radio::timers::ToBitString(*value).substr(4));
}

std::string GrantWords(const engine::NasTimerSetting& t) {
  return t.granted_s ? Seconds(*t.granted_s) : std::string("as requested");
}

// The radio configuration as rows: setting, what the device requests, what the network
// configures or grants, what is in force.
std::vector<std::vector<std::string>> RadioRows(const engine::RadioConfiguration& c, const engine::RadioSummary& radio) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"coverage", "-", fmt::format("{:.1f} dB coupling loss{}", c.coupling_loss_dB,
                                               c.ce_level_forced ? ", CE level pinned" : ""),
                  fmt::format("CE level {}; NPUSCH {:.1f} dBm, NPRACH {:.1f} dBm", c.ce_level, radio.npusch_tx_power_dBm,
                              radio.nprach_tx_power_dBm)});
  rows.push_back({"release assistance (RAI)", c.rai_requested ? "sent" : "not sent",
                  c.rai_network_honours ? "honoured" : "not honoured",
                  c.rai_in_effect ? "released after the last packet" : "no: inactivity tail after each connection"});
  rows.push_back({"RRC inactivity timer", "-", Seconds(c.inactivity_timer_s),
                  c.rai_in_effect ? "not run (RAI)" : Seconds(c.inactivity_timer_s)});
  const std::string cdrx = c.cdrx ? fmt::format("{:g} s cycle, {:g} ms on", c.cdrx_cycle_s, units::to_ms(c.cdrx_on_duration_s))
                                  : std::string("off");
  rows.push_back({"C-DRX", "-", cdrx, c.rai_in_effect ? "no tail" : (c.cdrx ? "in the tail" : "off: the tail monitors the NPDCCH")});
  rows.push_back({"PSM", c.psm_requested ? "requested" : "not requested", "-", c.psm_requested ? "on" : "off"});
  namespace timers = models::radio::timers;
  rows.push_back({"T3412 ext (periodic TAU)",
                  Requested(c.t3412.requested_s, timers::EncodeGprsTimer3(c.t3412.requested_s), "AT+CPSMS"),
                  GrantWords(c.t3412),
                  c.t3412.in_force_s > 0.0 ? Seconds(c.t3412.in_force_s) : std::string("no periodic TAU")});
  if (c.psm_requested)
    rows.push_back({"T3324 (active time)",
                    Requested(c.t3324.requested_s, timers::EncodeGprsTimer2(c.t3324.requested_s), "AT+CPSMS"),
                    GrantWords(c.t3324), Seconds(c.t3324.in_force_s)});
  if (c.edrx_requested) {
    rows.push_back({"eDRX cycle", RequestedEdrx(c.edrx_cycle.requested_s), GrantWords(c.edrx_cycle),
                    Seconds(c.edrx_cycle.in_force_s)});
    rows.push_back({"paging time window", Seconds(c.ptw.requested_s), GrantWords(c.ptw), Seconds(c.ptw.in_force_s)});
  } else {
    rows.push_back({"eDRX", "not requested", "-", "off"});
  }
  rows.push_back({"paging cycle (idle DRX)", "-", Seconds(c.idle_drx_cycle_s), Seconds(c.idle_drx_cycle_s)});
  return rows;
}
const std::vector<std::string> kRadioHeader{"setting", "device requests", "network", "in force"};

nlohmann::ordered_json TimerJson(const engine::NasTimerSetting& t) {
  return {{"requested", Rounded(t.requested_s)},
          {"granted", t.granted_s ? nlohmann::ordered_json(Rounded(*t.granted_s)) : nlohmann::ordered_json(nullptr)},
          {"in_force", Rounded(t.in_force_s)}};
}

nlohmann::ordered_json RadioConfigurationJson(const engine::RadioConfiguration& c) {
  return {{"ce_level", c.ce_level},
          {"ce_level_forced", c.ce_level_forced},
          {"coupling_loss_dB", Rounded(c.coupling_loss_dB)},
          {"release_assistance",
           {{"requested", c.rai_requested}, {"network_honours", c.rai_network_honours}, {"in_effect", c.rai_in_effect}}},
          {"inactivity_timer_s", Rounded(c.inactivity_timer_s)},
          {"cdrx",
           {{"configured", c.cdrx},
            {"cycle_s", Rounded(c.cdrx_cycle_s)},
            {"on_duration_ms", Rounded(units::to_ms(c.cdrx_on_duration_s))}}},
          {"psm_requested", c.psm_requested},
          {"t3412_s", TimerJson(c.t3412)},
          {"t3324_s", c.psm_requested ? TimerJson(c.t3324) : nlohmann::ordered_json(nullptr)},
          {"edrx_requested", c.edrx_requested},
          {"edrx_cycle_s", c.edrx_requested ? TimerJson(c.edrx_cycle) : nlohmann::ordered_json(nullptr)},
          {"ptw_s", c.edrx_requested ? TimerJson(c.ptw) : nlohmann::ordered_json(nullptr)},
          {"idle_drx_cycle_s", Rounded(c.idle_drx_cycle_s)}};
}

std::string VerdictLine(const SimulateReport& r) {
  return fmt::format("Target {:.0f} days: {} for the nominal device (one device with the profile's figures)",
                     Days(r.profile.target_lifetime_s), r.meets_target ? "MET" : "NOT MET");
}

std::string IdealLine(const SimulateReport& r) {
  return fmt::format("Lifetime on an ideal cell ({:.0f} mAh at {:.2f} V over the average power): {}",
                     r.budget.battery_capacity_C / u::kCoulombsPerMilliampereHour, r.budget.battery_voltage_V,
                     Lifetime(r.budget.lifetime_s));
}

std::string HeadlineLine(const SimulateReport& r) {
  return fmt::format("Lifetime with battery physics: {}", HeadlineLifetime(r));
}

// Where the headline comes from: the climate, and the margin against brown-out.
std::string HeadlineDetail(const SimulateReport& r) {
  std::string out = ClimateWords(r.profile);
  if (r.budget.pulse_power_W > 0.0)
    out += fmt::format("; lowest loaded voltage under the transmit pulse {:.3f} V (device minimum {:.2f} V)",
                       r.lifetime.min_loaded_voltage_V, r.profile.supply.min_operating_voltage_V);
  return out;
}

std::string SavingsIntro(const SimulateReport& r) {
  if (!r.radio) return "Savings: none computed (a measured device has no settings the model can vary)";
  if (r.savings.empty()) return "Savings: none of the candidate changes lengthens the lifetime (engine/advice.hpp)";
  return "Largest savings (each the whole model run again with the change; the lifetime as above):";
}

// The columns of the stacked bar: each activity's share of width, by largest remainder.
std::vector<int> Apportion(const std::vector<double>& shares, int width) {
  std::vector<int> columns(shares.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  int used = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double exact = shares[i] * width;
    columns[i] = static_cast<int>(exact);
    used += columns[i];
    remainders.push_back({exact - columns[i], i});
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; used < width && k < remainders.size(); ++k, ++used) ++columns[remainders[k].second];
  return columns;
}

// A Markdown table of text, every column left-aligned (RenderMarkdownTable right-aligns numbers).
std::string MarkdownTextTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  const auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const std::string& cell : cells) out += " " + TerminalSafe(cell) + " |";
    return out + "\n";
  };
  std::string out = line(header) + "|";
  for (std::size_t c = 0; c < header.size(); ++c) out += "---|";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string Repeat(const char* glyph, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += glyph;
  return out;
}

}  // namespace

std::string ProveCommand(const RunInfo& run) {
  std::string out = "powerbudget prove " + ShellWord(run.profile);
  for (const std::string& o : run.overrides) out += " --set " + ShellWord(o);
  return out;
}

std::string EnergyBars(const engine::BudgetResult& b, int width) {
  // The largest activities first; the shades of the stacked bar go to the first four, "·" to the rest.
  std::vector<const engine::ActivityBudget*> sorted;
  for (const engine::ActivityBudget& a : b.breakdown) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* x, const auto* y) { return x->share_frac > y->share_frac; });
  static constexpr const char* kShades[] = {"█", "▓", "▒", "░"};
  constexpr std::size_t kNamed = std::size(kShades);
  std::vector<double> shares;
  double rest = 0.0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i < kNamed) shares.push_back(sorted[i]->share_frac);
    else rest += sorted[i]->share_frac;
  }
  if (sorted.size() > kNamed) shares.push_back(rest);
  const std::vector<int> columns = Apportion(shares, width);
  std::string stacked, legend;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const char* glyph = i < kNamed ? kShades[i] : "·";
    stacked += Repeat(glyph, columns[i]);
    const std::string name = i < kNamed ? TerminalSafe(sorted[i]->activity.str()) : std::string("the rest");
    legend += fmt::format("{}{} {} {:.1f} %", i ? "   " : "", glyph, name, shares[i] * 100.0);
  }
  std::size_t label = 0;
  for (const auto* a : sorted) label = std::max(label, a->activity.str().size());
  std::string out = fmt::format("Energy per day by activity ({:.4g} J; one full block = {:g} %):\n\n", b.energy_J_per_day,
                                100.0 / width);
  out += stacked + "\n" + legend + "\n\n";
  // Eighth blocks for the part of a column: U+258F (1/8) … U+2589 (7/8).
  static constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  for (const auto* a : sorted) {
    const int eighths = static_cast<int>(std::lround(a->share_frac * width * 8.0));
    out += fmt::format("{:<{}} {}{} {:.1f} %\n", TerminalSafe(a->activity.str()), label, Repeat("█", eighths / 8),
                       kEighths[eighths % 8], a->share_frac * 100.0);
  }
  return out;
}

nlohmann::ordered_json SimulateJson(const SimulateReport& r) {
  nlohmann::ordered_json j = BudgetToJson(r.budget, r.run, {});
  // The ideal cell's figures under their own names, beside the fields that have always held them.
  j["ideal_lifetime_days"] = Rounded(Days(r.budget.lifetime_s));
  j["ideal_lifetime_years"] = Rounded(Days(r.budget.lifetime_s) / u::kDaysPerYear);
  j["lifetime_with_physics"] = {{"lifetime_days", Rounded(Days(r.lifetime.lifetime_s))},
                                {"lifetime_years", Rounded(Days(r.lifetime.lifetime_s) / u::kDaysPerYear)},
                                {"end_of_life_cause", models::battery::EndOfLifeCauseName(r.lifetime.cause)},
                                {"climate", r.profile.climate.name},
                                {"min_loaded_voltage_V", Rounded(r.lifetime.min_loaded_voltage_V)},
                                {"min_operating_voltage_V", Rounded(r.profile.supply.min_operating_voltage_V)},
                                {"time_step_days", Rounded(Days(r.lifetime_options.time_step_s))},
                                {"horizon_days", Rounded(Days(r.lifetime_options.horizon_s))}};
  j["verdict"] = {{"meets_target", r.meets_target},
                  {"lifetime", kLifetimeBasis},
                  {"scope", kVerdictScope},
                  {"population_command", ProveCommand(r.run)}};
  j["radio_configuration"] = r.radio ? RadioConfigurationJson(*r.radio) : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json savings = nlohmann::ordered_json::array();
  for (const engine::Saving& s : r.savings) {
    nlohmann::ordered_json set = nlohmann::ordered_json::array();
    for (const engine::SettingChange& c : s.settings) set.push_back(c.Assignment());
    savings.push_back({{"id", s.id},
                       {"description", s.description},
                       {"owner", engine::ChangeOwnerName(s.owner)},
                       {"set", set},
                       {"lifetime_before_days", Rounded(Days(s.lifetime_before_s))},
                       {"lifetime_after_days", Rounded(Days(s.lifetime_after_s))},
                       {"lifetime_gain_days", Rounded(Days(s.Gain_s()))},
                       {"energy_J_per_day_before", Rounded(s.energy_J_per_day_before)},
                       {"energy_J_per_day_after", Rounded(s.energy_J_per_day_after)}});
  }
  j["savings"] = savings;
  if (!r.timers.findings.empty()) j["stack_timer_findings"] = StackTimerFindingsJson(r.timers);
  return j;
}

std::string SimulateText(const SimulateReport& r, OutputFormat format) {
  const bool md = format == OutputFormat::kMarkdown;
  const engine::BudgetResult& b = r.budget;
  std::string out;
  // Prose lines: in Markdown, a hard line break between the lines of one paragraph.
  const auto lines = [md](const std::vector<std::string>& text) {
    return fmt::format("{}\n", fmt::join(text, md ? "  \n" : "\n"));
  };
  out += md ? fmt::format("# {}\n\n", TerminalSafe(b.device_name)) : fmt::format("{}\n\n", TerminalSafe(b.device_name));
  out += lines({md ? "**" + HeadlineLine(r) + "**" : HeadlineLine(r), (md ? "" : "  ") + HeadlineDetail(r), IdealLine(r),
                md ? "**" + VerdictLine(r) + "**" : VerdictLine(r),
                fmt::format("For a population of devices (spread coverage, climate, cells): {}",
                            md ? "`" + ProveCommand(r.run) + "`" : ProveCommand(r.run))});
  if (r.radio && b.radio) {
    out += md ? "\n## Radio configuration\n\n" : "\nRadio configuration:\n\n";
    const std::vector<std::vector<std::string>> rows = RadioRows(*r.radio, *b.radio);
    out += md ? MarkdownTextTable(kRadioHeader, rows) : RenderTable(kRadioHeader, rows, TextColumns{4});
    out += "\n" + lines({fmt::format("One report connection: {:.2f} s; handshakes per day: {:.3g} full, {:.3g} resumed",
                                     b.radio->report_connection_s, b.radio->full_handshakes_per_day,
                                     b.radio->resumed_handshakes_per_day)});
  }
  out += md ? "\n## Energy per day\n\n" : "\n";
  out += RenderTableAs(format, kBreakdownHeader, BreakdownRows(b));
  out += "\n" + lines({fmt::format("Average current {:.3f} uA, average power {:.3f} uW at {:.2f} V",
                                   Microamps(b.average_current_A), units::to_uW(b.average_power_W), b.battery_voltage_V)});
  if (md) out += "\n```text\n" + EnergyBars(b, kMarkdownBarColumns) + "```\n";
  out += md ? "\n## Savings\n\n" : "\n";
  out += SavingsIntro(r) + "\n";
  if (!r.savings.empty()) {
    out += "\n";
    for (std::size_t i = 0; i < r.savings.size(); ++i) {
      out += fmt::format("{}{}. {}\n", md ? "" : "  ", i + 1, SavingLine(r, r.savings[i], md));
    }
  }
  if (!r.timers.findings.empty()) {
    if (md) out += "\n## Stack timers\n" + MarkdownReport(StackTimerSection(r.timers, format));
    else out += StackTimerSection(r.timers, format);
  }
  return out;
}

}  // namespace pb::cli
