// powerbudget prove PROFILE --target 365d --confidence 0.99 [--devices N] [--seed S]
//                   [--format table|json|csv|md] [--report-dir DIR]
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>

#include "cli/budget_report.hpp"
#include "cli/commands.hpp"
#include "cli/customer_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "cli/svg_chart.hpp"
#include "cli/terminal_text.hpp"
#include "cli/timeline_report.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/proof.hpp"
#include "engine/lifetime/sampling.hpp"
#include "engine/profile_io/assumptions.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/profile_io/profile_json.hpp"
#include "engine/timeline/timeline.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// The report is a document: table is it as plain text for a terminal, md the same as Markdown
// (what --report-dir writes as report.md), json the stable form; csv has no natural form for a
// document, so it is the population the proof rests on, one device per row.
const CommandFormats kProveFormats{"prove", {"table", "json", "csv", "md"},
                                   "md: the Markdown report; csv: the population, one device per row"};

// "365d", "1y", "8760h" or a plain number of days, within engine::lifetime::kTargetRange_s.
double ParseDuration_s(const std::string& text) {
  std::string number = text;
  double unit_s = units::kSecondsPerDay;
  const char* unit = "days";
  if (number.ends_with('y')) {
    unit_s = units::kSecondsPerYear;
    unit = "years";
  } else if (number.ends_with('h')) {
    unit_s = units::kSecondsPerHour;
    unit = "hours";
  }
  if (number.ends_with('y') || number.ends_with('h') || number.ends_with('d')) number.pop_back();
  const engine::NumericRange range = engine::lifetime::kTargetRange_s.InUnit(unit_s, unit);
  try {
    return ParseNumber("--target", number, range) * unit_s;
  } catch (const engine::ProfileError&) {
    engine::FailRange("--target", "'" + text + "' (365d, 1y or 8760h)", range);  // as given, with its unit
  }
}

std::string DistributionText(const engine::Distribution& d) {
  switch (d.kind) {
    case engine::DistributionKind::kNormal:
      return fmt::format("normal(mean {:g}, sd {:g}{})", d.mean, d.sd,
                         d.min > -1e299 || d.max < 1e299 ? fmt::format(", within {:g}..{:g}", d.min, d.max) : "");
    case engine::DistributionKind::kUniform: return fmt::format("uniform({:g}..{:g})", d.min, d.max);
    case engine::DistributionKind::kTriangular: return fmt::format("triangular({:g}, mode {:g}, {:g})", d.min, d.mode, d.max);
    case engine::DistributionKind::kDiscrete: return fmt::format("discrete({} values)", d.values.size());
  }
  return "";
}

// ---- The report's text, as Markdown (md) or as plain text (table) ----

struct Writer {
  OutputFormat format;
  bool markdown() const { return format == OutputFormat::kMarkdown; }
  std::string Heading(int level, const std::string& text) const {
    if (markdown()) return std::string(static_cast<std::size_t>(level), '#') + " " + text + "\n\n";
    if (level == 1) return text + "\n" + std::string(text.size(), '=') + "\n\n";
    if (level == 2) return text + "\n" + std::string(text.size(), '-') + "\n\n";
    return text + ":\n\n";
  }
  std::string Strong(const std::string& text) const { return markdown() ? "**" + text + "**" : text; }
  std::string Code(const std::string& text) const { return markdown() ? "`" + text + "`" : text; }
  // A literal asterisk in Markdown.
  std::string Literal(std::string text) const {
    if (!markdown()) return text;
    for (std::size_t at = text.find('*'); at != std::string::npos; at = text.find('*', at + 2)) text.insert(at, "\\");
    return text;
  }
  std::string Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                    TextColumns text = {}) const {
    return RenderTableAs(format, header, rows, text);
  }
  std::string Bullet(const std::string& text) const { return (markdown() ? "- " : "  ") + text + "\n"; }
};

std::string CauseName(const engine::lifetime::DeviceLifetime& d) {
  if (d.no_service) return "no_service";
  return std::string(models::battery::EndOfLifeCauseName(d.cause));
}

// A cause as a reader says it: "charge exhausted", "brown-out", "no service", "alive at the horizon".
std::string CauseLabel(const std::string& cause) {
  if (cause == "brown_out") return "brown-out";
  if (cause == "charge_exhausted") return "charge exhausted";
  if (cause == "no_service") return "no service";
  if (cause == "none") return "alive at the horizon";
  return cause;
}

// The design point on the same cell without its pulse buffer: the buffer's leakage gone from the
// budget, the cell alone against the transmit pulse. What the buffer buys is the difference.
// The simulation runs on past the brown-out (no minimum voltage), so that the chart shows the
// bare cell's voltage over the whole life; the brown-out is where that curve first falls below
// the device's minimum.
struct WithoutBuffer {
  bool has_buffer = false;
  engine::lifetime::LifetimeResult life;
  std::optional<double> brown_out_days;  // the first step below the minimum, if any
};

WithoutBuffer SimulateWithoutBuffer(const engine::DeviceProfile& profile, const PopulationSettings& settings) {
  WithoutBuffer w;
  w.has_buffer = profile.battery_physics.pulse_buffer.model != models::battery::PulseBufferKind::kNone;
  if (!w.has_buffer) return w;
  engine::DeviceProfile bare = profile;
  bare.battery_physics.pulse_buffer = models::battery::PulseBufferParams{};
  bare.supply.min_operating_voltage_V = 0.0;
  engine::lifetime::LifetimeOptions options = LifetimeOptionsFrom(settings);
  options.record_series = true;
  w.life = engine::lifetime::SimulateLifetime(bare, options);
  for (const engine::lifetime::LifetimeSample& s : w.life.series)
    if (s.min_loaded_voltage_V < profile.supply.min_operating_voltage_V) {
      w.brown_out_days = s.time_days;
      break;
    }
  return w;
}

// The share of the devices whose charge ran out that ran out in the four months after the
// climate's coldest (the spring, wherever the site is); nullopt without seasons or such devices.
std::optional<double> SpringShare(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                                  const PopulationSettings& settings) {
  const auto& means = profile.climate.monthly_mean_degC;
  const auto [coldest, warmest] = std::minmax_element(means.begin(), means.end());
  if (*warmest - *coldest < 5.0) return std::nullopt;  // no season to speak of
  const auto first = static_cast<int>(coldest - means.begin());
  std::size_t exhausted = 0, in_spring = 0;
  for (const engine::lifetime::DeviceLifetime& d : p.population.outcomes) {
    if (d.no_service || d.cause != models::battery::EndOfLifeCause::kChargeExhausted) continue;
    ++exhausted;
    const int month = models::environment::MonthOfDay(models::environment::DayOfYear(d.lifetime_s, settings.start_month - 1));
    if (const int after = (month - first + 12) % 12; after >= 1 && after <= 4) ++in_spring;
  }
  if (exhausted == 0) return std::nullopt;
  return static_cast<double>(in_spring) / static_cast<double>(exhausted);
}

// Why the lifetime histogram has several peaks: the CE levels, and (in a cold climate) the
// winter. Figures from this population.
std::string HistogramExplanation(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                                 const PopulationSettings& settings) {
  std::string text;
  if (!p.population.ce_mix.empty()) {
    std::vector<std::string> medians;
    for (const engine::lifetime::CoverageGroup& g : p.population.ce_mix)
      if (g.devices > 0 && g.percentiles_s.contains("P50"))
        medians.push_back(fmt::format("{} {:.0f} d", CoverageGroupLabel(g.ce_level), Days(g.percentiles_s.at("P50"))));
    text += fmt::format(
        "The lifetimes do not form one bell. The population is a mix of sub-populations, one per CE level: the level a "
        "device's coupling loss falls in fixes the repetitions of every connection, so each level has its own lifetime "
        "(median {}); the first chart stacks the devices by level.",
        fmt::join(medians, ", "));
  }
  // Only worth saying where the season stands out: 4 months of 12 would hold a third by chance.
  if (const std::optional<double> spring = SpringShare(profile, p, settings); spring && *spring < 0.2)
    text += fmt::format(
        "{}Within a level the lifetimes gather again, in clusters about a year apart: only {:.0f}% of the devices whose "
        "charge ran out did so in the four months after the coldest (a third would, were the season of no account). The "
        "cold puts part of the cell's charge out of reach, so lives end as the temperature falls, in autumn and winter; a "
        "cell that gets through the winter has that charge back as it warms and lives on into the next autumn. Which "
        "winter a device reaches depends on its inputs, chiefly how often it reports.",
        text.empty() ? "" : " ", 100.0 * *spring);
  std::map<std::string, std::size_t> causes;
  for (const engine::lifetime::DeviceLifetime& d : p.population.outcomes) ++causes[CauseName(d)];
  std::vector<std::string> listed;
  for (const auto& [cause, count] : causes)
    listed.push_back(fmt::format("{} {:.1f}%", CauseLabel(cause),
                                 100.0 * static_cast<double>(count) / static_cast<double>(p.population.devices)));
  text += fmt::format("{}The {} stacks the {} by why they end: {}.", text.empty() ? "" : " ",
                      p.population.ce_mix.empty() ? "chart" : "second chart",
                      p.population.ce_mix.empty() ? "devices" : "same devices", fmt::join(listed, ", "));
  return text;
}

// ---- The charts ----

struct Chart {
  std::string file;
  std::string alt;
  std::string svg;
};

// One colour per CE level and per end-of-life cause, the same in every report.
std::string CoverageColour(int ce_level) {
  switch (ce_level) {
    case 0: return "#4a7ab5";
    case 1: return "#e39b2d";
    case 2: return "#7d4f9e";
    default: return "#8c8c8c";
  }
}

std::string CauseColour(const std::string& cause) {
  if (cause == "charge_exhausted") return "#4a7ab5";
  if (cause == "brown_out") return "#c0504d";
  if (cause == "no_service") return "#8c8c8c";
  return "#3a9a5b";  // alive at the horizon
}

constexpr const char* kTargetColour = "#c0392b";

std::vector<ChartMarker> PopulationMarkers(const engine::lifetime::ProofResult& p) {
  std::vector<ChartMarker> markers{{Days(p.target_s), fmt::format("target {:.0f} d", Days(p.target_s)), kTargetColour, true}};
  for (const char* key : {"P1", "P10", "P50"})
    markers.push_back({Days(p.population.percentiles_s.at(key)),
                       fmt::format("{} {:.0f} d", key, Days(p.population.percentiles_s.at(key))), "#333", false});
  return markers;
}

std::vector<Chart> MakeCharts(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                              const WithoutBuffer& bare) {
  std::vector<Chart> charts;
  // The design point's day, by activity; parts under 1 % together, so that the legend stays short.
  {
    std::vector<const engine::ActivityBudget*> sorted;
    for (const engine::ActivityBudget& a : p.budget.breakdown) sorted.push_back(&a);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->energy_J_per_day > b->energy_J_per_day; });
    std::vector<BarPart> parts;
    double rest_J = 0.0;
    std::size_t rest = 0;
    for (const engine::ActivityBudget* a : sorted) {
      if (a->share_frac >= 0.01) {
        parts.push_back({a->activity.str(), PaletteColour(parts.size()), a->energy_J_per_day});
      } else {
        rest_J += a->energy_J_per_day;
        ++rest;
      }
    }
    if (rest > 0) parts.push_back({fmt::format("{} others, each under 1%", rest), "#bbbbbb", rest_J});
    charts.push_back({"energy.svg", "energy per day by activity",
                      StackedBarSvg(parts, "Energy per day by activity (design point)", "energy from the battery, J/day",
                                    "J/day")});
  }
  // One report cycle, from the timeline engine (the same chart as `timeline --view report --svg`).
  if (std::holds_alternative<engine::ModelledDevice>(profile.device))
    charts.push_back({"cycle.svg", "current against time over one report cycle",
                      TimelineSvg(engine::timeline::BuildTimeline(profile, engine::timeline::View::kReport))});
  // The population: by CE level, and by end-of-life cause, with the percentiles and the target.
  const std::vector<ChartMarker> markers = PopulationMarkers(p);
  if (!p.population.ce_mix.empty()) {
    std::vector<HistogramGroup> groups;
    std::vector<int> levels;
    for (const engine::lifetime::CoverageGroup& g : p.population.ce_mix) {
      groups.push_back({CoverageGroupLabel(g.ce_level), CoverageColour(g.ce_level), {}});
      groups.back().values.reserve(g.devices);
      levels.push_back(g.ce_level);
    }
    for (const engine::lifetime::DeviceLifetime& d : p.population.outcomes) {
      const int level = d.no_service ? engine::lifetime::kNoServiceGroup : d.ce_level;
      const auto at = std::find(levels.begin(), levels.end(), level);
      if (at != levels.end()) groups[static_cast<std::size_t>(at - levels.begin())].values.push_back(Days(d.lifetime_s));
    }
    charts.push_back({"histogram.svg", "lifetime histogram by CE level",
                      StackedHistogramSvg(groups, markers, "Lifetime over the population, by CE level", "lifetime, days",
                                          "devices")});
  }
  {
    std::vector<HistogramGroup> groups;
    for (const char* cause : {"charge_exhausted", "brown_out", "no_service", "none"})
      groups.push_back({CauseLabel(cause), CauseColour(cause), {}});
    for (const engine::lifetime::DeviceLifetime& d : p.population.outcomes) {
      const std::string label = CauseLabel(CauseName(d));
      for (HistogramGroup& g : groups)
        if (g.label == label) g.values.push_back(Days(d.lifetime_s));
    }
    charts.push_back({"histogram-cause.svg", "lifetime histogram by end-of-life cause",
                      StackedHistogramSvg(groups, markers, "Lifetime over the population, by end-of-life cause",
                                          "lifetime, days", "devices")});
  }
  {
    std::vector<TornadoBar> bars;
    for (const engine::lifetime::SensitivityRow& r : p.sensitivity.rows)
      bars.push_back({std::string(engine::UncertainInputName(r.input)), Days(r.low_lifetime_s), Days(r.high_lifetime_s)});
    const double nominal = Days(p.sensitivity.nominal_lifetime_s);
    charts.push_back({"tornado.svg", "lifetime swing per input",
                      TornadoSvg(bars, nominal, fmt::format("nominal {:.0f} d", nominal),
                                 {{Days(p.target_s), fmt::format("target {:.0f} d", Days(p.target_s)), kTargetColour, true}},
                                 "Lifetime swing, each input from its P10 to its P90", "lifetime, days",
                                 "input at its P10 (low)", "input at its P90 (high)")});
  }
  // The design point over the years.
  LineSeries soc{"state of charge", "#4a7ab5", {}, {}}, temperature{"temperature (step mean)", "#c0504d", {}, {}},
      loaded{bare.has_buffer ? "with the pulse buffer (as designed)" : "the cell (no pulse buffer)", "#4a7ab5", {}, {}};
  for (const engine::lifetime::LifetimeSample& s : p.nominal.series) {
    const double years = s.time_days / units::kDaysPerYear;
    soc.x.push_back(years);
    soc.y.push_back(100.0 * s.soc_frac);
    temperature.x.push_back(years);
    temperature.y.push_back(s.temperature_degC);
    loaded.x.push_back(years);
    loaded.y.push_back(s.min_loaded_voltage_V);
  }
  charts.push_back({"soc.svg", "state of charge and temperature over the years",
                    TwoAxisLinesSvg(soc, 0.0, 100.0, temperature, "State of charge and temperature of the design point",
                                    "years since installation", "state of charge, %", "temperature, °C")});
  std::vector<LineSeries> voltages{loaded};
  if (bare.has_buffer) {
    LineSeries without{"the same cell without the buffer", "#e39b2d", {}, {}, true};
    for (const engine::lifetime::LifetimeSample& s : bare.life.series) {
      without.x.push_back(s.time_days / units::kDaysPerYear);
      without.y.push_back(s.min_loaded_voltage_V);
    }
    voltages.push_back(without);
  }
  charts.push_back({"voltage.svg", "loaded voltage under the transmit pulse",
                    LinesSvg(voltages,
                             {{profile.supply.min_operating_voltage_V,
                               fmt::format("brown-out {:.2f} V", profile.supply.min_operating_voltage_V), kTargetColour}},
                             "Voltage under the transmit pulse, coldest night of each month", "years since installation",
                             "loaded voltage, V")});
  return charts;
}

std::string Image(const Writer& w, bool charts, const std::string& file, const std::string& alt) {
  return w.markdown() && charts ? fmt::format("![{}]({})\n\n", alt, file) : "";
}

std::string Verdict(const engine::lifetime::ProofResult& p) {
  return fmt::format("{}: {:.2f}% of {} simulated devices reach {:.0f} days (95% CI {:.2f}% to {:.2f}%); required: {:.2f}%",
                     p.proven ? "PROVEN" : "NOT PROVEN", 100.0 * p.population.reaching_target.estimate,
                     p.population.devices, Days(p.target_s), 100.0 * p.population.reaching_target.low,
                     100.0 * p.population.reaching_target.high, 100.0 * p.required_fraction);
}

std::string BufferSentence(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                           const WithoutBuffer& bare) {
  if (!bare.has_buffer) return "";
  const std::string fate =
      bare.brown_out_days
          ? fmt::format("it would brown out {:.0f} days after installation, on a cold night's transmit pulse",
                        *bare.brown_out_days)
          : fmt::format("it would stay above the minimum and live {:.0f} days (the buffer's leakage no longer drawn)",
                        Days(bare.life.lifetime_s));
  return fmt::format(
      " Without its pulse buffer the same cell's lowest loaded voltage would be {:.3f} V against the {:.2f} V minimum "
      "(with it: {:.3f} V): {}.",
      bare.life.min_loaded_voltage_V, profile.supply.min_operating_voltage_V, p.nominal.min_loaded_voltage_V, fate);
}

std::string Report(OutputFormat format, const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                   const std::vector<engine::profile_io::SourcedFigure>& assumptions, const PopulationSettings& settings,
                   const ProfileArguments& shown, const WithoutBuffer& bare, bool charts) {
  const Writer w{format};
  std::string out = w.Heading(1, "Lifetime proof: " + TerminalSafe(profile.name)) + w.Strong(Verdict(p)) + "\n\n";
  out += w.Bullet(fmt::format("Target: {:.0f} days; climate: {}; installation month {}", Days(p.target_s),
                              TerminalSafe(profile.climate.name), settings.start_month));
  out += w.Bullet(fmt::format("Population: {} devices, seed {}, lifetime time step {:g} d, horizon {:g} years",
                              p.population.devices, p.population.seed, settings.dt_days, settings.horizon_years));
  out += w.Bullet(fmt::format(
      "Profile: {}{}", w.Code(TerminalSafe(shown.profile)),
      shown.overrides.empty()
          ? ""
          : TerminalSafe(fmt::format(" with {}{}{}", w.markdown() ? "`--set " : "--set ",
                                     fmt::join(shown.overrides, w.markdown() ? "` `--set " : " --set "), w.markdown() ? "`" : ""))));
  out += w.Bullet(fmt::format("powerbudget {}", PB_VERSION)) + "\n";

  out += w.Heading(2, "The design point's budget");
  std::vector<std::vector<std::string>> rows;
  for (const engine::ActivityBudget& a : p.budget.breakdown)
    rows.push_back({a.activity.str(), Number(a.events_per_day), fmt::format("{:.3f}", units::to_mJ(a.energy_J_per_event)),
                    fmt::format("{:.4f}", a.energy_J_per_day), fmt::format("{:.1f}%", 100.0 * a.share_frac),
                    fmt::format("{:.3f}", units::to_uA(a.average_current_A))});
  out += w.Table({"activity", "events/day", "mJ/event", "J/day", "share", "avg uA"}, rows);
  out += fmt::format("\nAverage current {:.2f} uA at {:.2f} V; on an ideal cell {:.0f} days.\n\n",
                     units::to_uA(p.budget.average_current_A), p.budget.battery_voltage_V, Days(p.budget.lifetime_s));
  out += Image(w, charts, "energy.svg", "energy per day by activity");
  if (charts && std::holds_alternative<engine::ModelledDevice>(profile.device) && w.markdown())
    out += "One report cycle, phase by phase: the current from the battery against time (logarithmic), the events "
           "shaded and named.\n\n" +
           Image(w, charts, "cycle.svg", "current against time over one report cycle");

  out += w.Heading(2, "The design point over time");
  out += fmt::format("With the battery's physics in the climate: {} ({:.2f} years), end of life by {}; lowest loaded "
                     "voltage under the transmit pulse {:.3f} V against the device's {:.2f} V minimum.{}\n\n",
                     w.Strong(fmt::format("{:.0f} days", Days(p.nominal.lifetime_s))),
                     p.nominal.lifetime_s / units::kSecondsPerYear,
                     w.Strong(std::string(models::battery::EndOfLifeCauseName(p.nominal.cause))),
                     p.nominal.min_loaded_voltage_V, profile.supply.min_operating_voltage_V, BufferSentence(profile, p, bare));
  out += Image(w, charts, "soc.svg", "state of charge and temperature over the years");
  out += Image(w, charts, "voltage.svg", "loaded voltage under the transmit pulse");

  out += w.Heading(2, "The population (Monte Carlo)");
  rows.clear();
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"})
    rows.push_back({key, fmt::format("{:.0f}", Days(p.population.percentiles_s.at(key))),
                    fmt::format("{:.2f}", p.population.percentiles_s.at(key) / units::kSecondsPerYear)});
  out += w.Table({"percentile", "lifetime, days", "years"}, rows);
  out += fmt::format("\nReaching {:.0f} days: {:.2f}% (95% Wilson interval {:.2f}% to {:.2f}%).", Days(p.target_s),
                     100.0 * p.population.reaching_target.estimate, 100.0 * p.population.reaching_target.low,
                     100.0 * p.population.reaching_target.high);
  if (!p.population.early_deaths_by_cause.empty()) {
    std::vector<std::string> causes;
    for (const auto& [cause, count] : p.population.early_deaths_by_cause) causes.push_back(fmt::format("{} {}", cause, count));
    out += fmt::format(" Early deaths by cause: {}.", fmt::join(causes, ", "));
  }
  out += fmt::format("\n\nMargin: the P1 device lives {:+.1f}% against the target.\n\n", 100.0 * p.margin_frac);
  if (!p.population.ce_mix.empty()) {
    out += w.Heading(3, "By CE level");
    out += "Each device is served at the coverage-enhancement level its coupling loss falls in; the level sets the "
           "repetitions of every connection, so the lifetime steps from one level to the next.\n\n";
    out += w.Table(CeMixHeader(p.target_s), CeMixRows(profile, p.population), TextColumns{2});
    out += "\n";
  }
  if (charts && w.markdown()) {
    out += w.Heading(3, "The lifetime histogram");
    out += HistogramExplanation(profile, p, settings) + " The lines mark the target and the population's P1, P10 and "
           "P50.\n\n";
    if (!p.population.ce_mix.empty()) out += Image(w, charts, "histogram.svg", "lifetime histogram by CE level");
    out += Image(w, charts, "histogram-cause.svg", "lifetime histogram by end-of-life cause");
  }

  out += w.Heading(2, "The worst-case corner");
  out += "Every uncertain input at the end of its P1-P99 range that shortens life:\n\n";
  rows.clear();
  for (std::size_t i = 0; i < profile.uncertainty.size(); ++i)
    rows.push_back({std::string(engine::UncertainInputName(profile.uncertainty[i].input)), Number(p.worst_case_inputs[i])});
  out += w.Table({"input", "value"}, rows);
  out += fmt::format("\nLifetime {:.0f} days, end of life by {}. (Reported, not the verdict: it is a far tail.)\n\n",
                     Days(p.worst_case.lifetime_s), p.worst_case.no_service ? "no service" : CauseName(p.worst_case));

  out += w.Heading(2, "What the result is sensitive to");
  out += fmt::format("Nominal (every input at its median): {:.0f} days.\n\n", Days(p.sensitivity.nominal_lifetime_s));
  rows.clear();
  std::string notes;
  for (const engine::lifetime::SensitivityRow& r : p.sensitivity.rows) {
    rows.push_back({std::string(engine::UncertainInputName(r.input)), Number(r.low_value), Number(r.high_value),
                    fmt::format("{:.0f}", Days(r.low_lifetime_s)), fmt::format("{:.0f}", Days(r.high_lifetime_s)),
                    fmt::format("{:.0f}", Days(r.swing_s)), w.Literal(ElasticityText(r)), OneSidedText(r)});
    if (r.discontinuity.crosses)
      notes += w.Bullet(fmt::format("{}: {}.", w.Code(std::string(engine::UncertainInputName(r.input))), DiscontinuityNote(r)));
  }
  out += w.Table({"input", "P10", "P90", "life@P10 d", "life@P90 d", "swing d", "elasticity", "one-sided"}, rows);
  if (!notes.empty())
    out += fmt::format("\nAn elasticity is a derivative at the median; those marked {} are taken across a step of the "
                       "lifetime, so the one-sided figure, taken on the side free of steps, is the one to use:\n\n",
                       w.markdown() ? "\\*" : "*") +
           notes;
  if (charts && w.markdown())
    out += "\nEach bar runs from the nominal lifetime to the lifetime with one input at its P10 (blue) or its P90 "
           "(orange), the others at their medians.\n\n" +
           Image(w, charts, "tornado.svg", "lifetime swing per input");
  else
    out += "\n";

  out += w.Heading(2, "Uncertain inputs");
  rows.clear();
  for (const engine::UncertainParameter& u : profile.uncertainty)
    rows.push_back({std::string(engine::UncertainInputName(u.input)), DistributionText(u.distribution), CustomerText(u.source)});
  out += w.Table({"input", "distribution", "source"}, rows, TextColumns{3});
  out += "\n" + w.Heading(2, "Assumptions: every figure with its source");
  rows.clear();
  for (const engine::profile_io::SourcedFigure& f : assumptions) {
    std::string value = f.value, source = CustomerText(f.source);
    std::replace(value.begin(), value.end(), '|', '/');
    std::replace(source.begin(), source.end(), '|', '/');
    rows.push_back({w.Code(f.pointer), w.Code(value), source});
  }
  out += w.Table({"field", "value", "source"}, rows, TextColumns{3});
  return out;
}

nlohmann::ordered_json Json(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                            const std::vector<engine::profile_io::SourcedFigure>& assumptions, const PopulationSettings& settings,
                            const ProfileArguments& shown) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/prove/1", profile.name, shown);
  j["proven"] = p.proven;
  j["verdict"] = Verdict(p);
  j["target_days"] = Rounded(Days(p.target_s));
  j["required_fraction"] = p.required_fraction;
  j["climate"] = profile.climate.name;
  j["design_point"] = {{"average_current_uA", Rounded(units::to_uA(p.budget.average_current_A))},
                       {"ideal_lifetime_days", Rounded(Days(p.budget.lifetime_s))},
                       {"lifetime_days", Rounded(Days(p.nominal.lifetime_s))},
                       {"end_of_life_cause", models::battery::EndOfLifeCauseName(p.nominal.cause)},
                       {"min_loaded_voltage_V", Rounded(p.nominal.min_loaded_voltage_V)}};
  j["population"] = MonteCarloJson(profile, p.population, settings, shown);
  j["margin_frac"] = Rounded(p.margin_frac);
  nlohmann::ordered_json worst = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < profile.uncertainty.size(); ++i)
    worst[std::string(engine::UncertainInputName(profile.uncertainty[i].input))] = Rounded(p.worst_case_inputs[i]);
  j["worst_case"] = {{"inputs", worst},
                     {"lifetime_days", Rounded(Days(p.worst_case.lifetime_s))},
                     {"end_of_life_cause", CauseName(p.worst_case)}};
  j["sensitivity"] = SensitivityJson(profile, p.sensitivity, shown);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const engine::profile_io::SourcedFigure& f : assumptions)
    list.push_back({{"field", f.pointer}, {"value", f.value}, {"source", CustomerText(f.source)}});
  j["assumptions"] = list;
  return j;
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::invalid_argument("cannot write " + path.filename().string());
  out << text;
}

}  // namespace

int RunProve(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget prove PROFILE --target 365d --confidence 0.99 [options]\n\n"
      "The proof report for a customer: assumptions (every input with its source), the budget, the\n"
      "design point's life with battery physics in its climate, the worst-case corner, the Monte Carlo\n"
      "population, the margin, the top sensitivities and the verdict. PROVEN when the lower end of the\n"
      "95 % confidence interval of the fraction of devices reaching the target is at least\n"
      "--confidence. Exit 0 proven, 1 not proven, 2 bad input.\n\nOptions");
  ProfileArguments profile_args;
  PopulationSettings settings;
  std::string format, target, report_dir;
  double confidence = 0.99;
  AddProfileOptions(visible, profile_args);
  visible.add_options()("target", po::value(&target), "lifetime to prove: 365d, 1y, 8760h (default: the profile's)")(
      "confidence", NumberValue(confidence, "--confidence", engine::lifetime::kRequiredFractionRange),
      "fraction of devices that must reach the target, more than 0 and less than 1");
  AddFormatOption(visible, format, kProveFormats);
  visible.add_options()("report-dir", po::value(&report_dir),
                        "write report.md, report.json and the SVG charts the report shows here");
  AddPopulationOptions(visible, settings);
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("prove", visible, args, profile_args)) return *stop;
  return GuardBadInput("prove", [&] {
    const OutputFormat output = ParseOutputFormat(format, kProveFormats);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    if (profile.uncertainty.empty())
      throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs (docs/profiles.md)");
    const engine::profile_io::LoadOptions load = LoadOptionsOf(profile_args);
    const auto assumptions = engine::profile_io::CollectSourcedFigures(
        engine::profile_io::ComposeDeviceJson(engine::profile_io::ResolveDevicePath(profile_args.profile, load.profiles_root), load));

    engine::lifetime::ProofOptions options;
    options.target_s = target.empty() ? profile.target_lifetime_s : ParseDuration_s(target);
    options.required_fraction = confidence;
    options.population.devices = static_cast<std::size_t>(settings.devices);
    options.population.seed = settings.seed;
    options.population.threads = settings.threads;
    options.population.lifetime = LifetimeOptionsFrom(settings);
    ProgressBar bar("Proof", options.population.devices);
    options.population.progress = [&bar](std::size_t done, std::size_t) { bar.Update(done); };
    const engine::lifetime::ProofResult proof = engine::lifetime::Prove(profile, options);

    const ProfileArguments shown = ShownArguments(profile_args);
    const bool charts = !report_dir.empty();
    const WithoutBuffer bare = SimulateWithoutBuffer(profile, settings);
    const nlohmann::ordered_json json = Json(profile, proof, assumptions, settings, shown);
    if (charts) {
      fs::create_directories(report_dir);
      WriteFile(fs::path(report_dir) / "report.md",
                Report(OutputFormat::kMarkdown, profile, proof, assumptions, settings, shown, bare, true));
      WriteFile(fs::path(report_dir) / "report.json", json.dump(2) + "\n");
      for (const Chart& c : MakeCharts(profile, proof, bare)) WriteFile(fs::path(report_dir) / c.file, c.svg);
    }
    switch (output) {
      case OutputFormat::kJson: std::cout << json.dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << MonteCarloCsv(profile, proof.population); break;
      case OutputFormat::kMarkdown:
      case OutputFormat::kTable:
        std::cout << Report(output, profile, proof, assumptions, settings, shown, bare, charts && output == OutputFormat::kMarkdown);
        break;
    }
    return proof.proven ? kExitOk : kExitVerdictFailed;
  });
}

}  // namespace pb::cli
