// powerbudget prove PROFILE --target 365d --confidence 0.99 [--devices N] [--seed S]
//                   [--format md|json|table] [--report-dir DIR]
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/budget_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "cli/svg_chart.hpp"
#include "cli/terminal_text.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/proof.hpp"
#include "engine/lifetime/sampling.hpp"
#include "engine/profile_io/assumptions.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/profile_io/profile_json.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

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

// A literal asterisk in Markdown.
std::string MarkdownEscaped(std::string text) {
  for (std::size_t at = text.find('*'); at != std::string::npos; at = text.find('*', at + 2)) text.insert(at, "\\");
  return text;
}

// One colour per CE level, the same in every report.
std::string CoverageColour(int ce_level) {
  switch (ce_level) {
    case 0: return "#4a7ab5";
    case 1: return "#e39b2d";
    case 2: return "#7d4f9e";
    default: return "#8c8c8c";
  }
}

struct Charts {
  std::string histogram, tornado, soc, voltage;
};

Charts MakeCharts(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p) {
  Charts c;
  if (p.population.ce_mix.empty()) {
    std::vector<double> days;
    for (double s : p.population.lifetimes_s) days.push_back(Days(s));
    c.histogram = HistogramSvg(days, Days(p.target_s), "Lifetime over the population", "lifetime, days", "target");
  } else {
    // Split by CE level: the levels' lifetimes differ by a step, and the early tail is mostly
    // the deepest level's.
    std::vector<HistogramGroup> groups;
    for (const engine::lifetime::CoverageGroup& g : p.population.ce_mix) {
      if (g.devices == 0) continue;
      groups.push_back({CoverageGroupLabel(g.ce_level), CoverageColour(g.ce_level), {}});
      groups.back().values.reserve(g.devices);
    }
    for (const engine::lifetime::DeviceLifetime& d : p.population.outcomes) {
      const std::string label = CoverageGroupLabel(d.no_service ? engine::lifetime::kNoServiceGroup : d.ce_level);
      for (HistogramGroup& g : groups)
        if (g.label == label) g.values.push_back(Days(d.lifetime_s));
    }
    c.histogram = StackedHistogramSvg(groups, Days(p.target_s), "Lifetime over the population, by CE level",
                                      "lifetime, days", fmt::format("target, {:.0f} days", Days(p.target_s)));
  }
  std::vector<TornadoBar> bars;
  for (const engine::lifetime::SensitivityRow& r : p.sensitivity.rows)
    bars.push_back({std::string(engine::UncertainInputName(r.input)), Days(r.low_lifetime_s), Days(r.high_lifetime_s)});
  c.tornado = TornadoSvg(bars, Days(p.sensitivity.nominal_lifetime_s), "Lifetime swing, P10 to P90 of each input",
                         "lifetime, days");
  std::vector<double> t, soc, v;
  for (const engine::lifetime::LifetimeSample& s : p.nominal.series) {
    t.push_back(s.time_days);
    soc.push_back(100.0 * s.soc_frac);
    v.push_back(s.min_loaded_voltage_V);
  }
  c.soc = LineSvg(t, soc, "State of charge of the design point", "days since installation", "SOC, %", 0.0, "");
  c.voltage = LineSvg(t, v, "Loaded voltage under the transmit pulse, coldest night of the month",
                      "days since installation", "volts", profile.supply.min_operating_voltage_V, "brown-out threshold");
  return c;
}

std::string Verdict(const engine::lifetime::ProofResult& p) {
  return fmt::format("{}: {:.2f}% of {} simulated devices reach {:.0f} days (95% CI {:.2f}% to {:.2f}%); required: {:.2f}%",
                     p.proven ? "PROVEN" : "NOT PROVEN", 100.0 * p.population.reaching_target.estimate,
                     p.population.devices, Days(p.target_s), 100.0 * p.population.reaching_target.low,
                     100.0 * p.population.reaching_target.high, 100.0 * p.required_fraction);
}

std::string Markdown(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                     const std::vector<engine::profile_io::SourcedFigure>& assumptions, const PopulationSettings& settings,
                     const ProfileArguments& args, bool with_charts) {
  std::string md = fmt::format("# Lifetime proof: {}\n\n**{}**\n\n", TerminalSafe(profile.name), Verdict(p));
  md += fmt::format(
      "- Target: {:.0f} days; climate: {}; installation month {}\n- Population: {} devices, seed {}, lifetime time "
      "step {:g} d, horizon {:g} years\n- Profile: `{}`{}\n- powerbudget {}\n\n",
      Days(p.target_s), TerminalSafe(profile.climate.name), settings.start_month, p.population.devices, p.population.seed,
      settings.dt_days, settings.horizon_years, TerminalSafe(args.profile),
      args.overrides.empty() ? ""
                             : TerminalSafe(fmt::format(" with `--set {}`", fmt::join(args.overrides, "` `--set "))),
      PB_VERSION);
  md += "## The design point's budget\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const engine::ActivityBudget& a : p.budget.breakdown)
    rows.push_back({a.activity.str(), Number(a.events_per_day), fmt::format("{:.3f}", units::to_mJ(a.energy_J_per_event)),
                    fmt::format("{:.4f}", a.energy_J_per_day), fmt::format("{:.1f}%", 100.0 * a.share_frac),
                    fmt::format("{:.3f}", units::to_uA(a.average_current_A))});
  md += RenderMarkdownTable({"activity", "events/day", "mJ/event", "J/day", "share", "avg uA"}, rows);
  md += fmt::format("\nAverage current {:.2f} uA at {:.2f} V; on an ideal cell {:.0f} days.\n\n",
                    units::to_uA(p.budget.average_current_A), p.budget.battery_voltage_V, Days(p.budget.lifetime_s));
  md += fmt::format("## The design point over time\n\nWith the battery's physics in the climate: **{:.0f} days** "
                    "({:.2f} years), end of life by **{}**; lowest loaded voltage under the transmit pulse {:.3f} V "
                    "against the device's {:.2f} V minimum.\n\n",
                    Days(p.nominal.lifetime_s), p.nominal.lifetime_s / units::kSecondsPerYear,
                    models::battery::EndOfLifeCauseName(p.nominal.cause), p.nominal.min_loaded_voltage_V,
                    profile.supply.min_operating_voltage_V);
  if (with_charts) md += "![state of charge](soc.svg)\n\n![loaded voltage](voltage.svg)\n\n";
  md += "## The population (Monte Carlo)\n\n";
  rows.clear();
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"})
    rows.push_back({key, fmt::format("{:.0f}", Days(p.population.percentiles_s.at(key))),
                    fmt::format("{:.2f}", p.population.percentiles_s.at(key) / units::kSecondsPerYear)});
  md += RenderMarkdownTable({"percentile", "lifetime, days", "years"}, rows);
  md += fmt::format("\nReaching {:.0f} days: {:.2f}% (95% Wilson interval {:.2f}% to {:.2f}%).", Days(p.target_s),
                    100.0 * p.population.reaching_target.estimate, 100.0 * p.population.reaching_target.low,
                    100.0 * p.population.reaching_target.high);
  if (!p.population.early_deaths_by_cause.empty()) {
    std::vector<std::string> causes;
    for (const auto& [cause, count] : p.population.early_deaths_by_cause) causes.push_back(fmt::format("{} {}", cause, count));
    md += fmt::format(" Early deaths by cause: {}.", fmt::join(causes, ", "));
  }
  md += fmt::format("\n\nMargin: the P1 device lives {:+.1f}% against the target.\n\n", 100.0 * p.margin_frac);
  if (!p.population.ce_mix.empty()) {
    md += "### By CE level\n\nEach device is served at the coverage-enhancement level its coupling loss falls in; the "
          "level sets the repetitions of every connection, so the lifetime steps from one level to the next.\n\n";
    md += RenderMarkdownTable(CeMixHeader(p.target_s), CeMixRows(profile, p.population));
    md += "\n";
  }
  if (with_charts)
    md += p.population.ce_mix.empty() ? "![lifetime histogram](histogram.svg)\n\n"
                                      : "![lifetime histogram by CE level](histogram.svg)\n\n";
  md += "## The worst-case corner\n\nEvery uncertain input at the end of its P1-P99 range that shortens life:\n\n";
  rows.clear();
  for (std::size_t i = 0; i < profile.uncertainty.size(); ++i)
    rows.push_back({std::string(engine::UncertainInputName(profile.uncertainty[i].input)), Number(p.worst_case_inputs[i])});
  md += RenderMarkdownTable({"input", "value"}, rows);
  md += fmt::format("\nLifetime {:.0f} days, end of life by {}. (Reported, not the verdict: it is a far tail.)\n\n",
                    Days(p.worst_case.lifetime_s),
                    p.worst_case.no_service ? "no service" : std::string(models::battery::EndOfLifeCauseName(p.worst_case.cause)));
  md += fmt::format("## What the result is sensitive to\n\nNominal (every input at its median): {:.0f} days.\n\n",
                    Days(p.sensitivity.nominal_lifetime_s));
  rows.clear();
  std::string notes;
  for (const engine::lifetime::SensitivityRow& r : p.sensitivity.rows) {
    rows.push_back({std::string(engine::UncertainInputName(r.input)), Number(r.low_value), Number(r.high_value),
                    fmt::format("{:.0f}", Days(r.low_lifetime_s)), fmt::format("{:.0f}", Days(r.high_lifetime_s)),
                    fmt::format("{:.0f}", Days(r.swing_s)), MarkdownEscaped(ElasticityText(r)), OneSidedText(r)});
    if (r.discontinuity.crosses)
      notes += fmt::format("- `{}`: {}.\n", engine::UncertainInputName(r.input), DiscontinuityNote(r));
  }
  md += RenderMarkdownTable({"input", "P10", "P90", "life@P10 d", "life@P90 d", "swing d", "elasticity", "one-sided"}, rows);
  if (!notes.empty())
    md += "\nAn elasticity is a derivative at the median; those marked \\* are taken across a step of the lifetime, "
          "so the one-sided figure, taken on the side free of steps, is the one to use:\n\n" + notes;
  if (with_charts) md += "\n![tornado](tornado.svg)\n";
  md += "\n## Uncertain inputs\n\n";
  rows.clear();
  for (const engine::UncertainParameter& u : profile.uncertainty)
    rows.push_back({std::string(engine::UncertainInputName(u.input)), DistributionText(u.distribution), u.source});
  md += RenderMarkdownTable({"input", "distribution", "source"}, rows);
  md += "\n## Assumptions: every figure with its source\n\n";
  rows.clear();
  for (const engine::profile_io::SourcedFigure& f : assumptions) {
    std::string value = f.value, source = f.source;
    std::replace(value.begin(), value.end(), '|', '/');
    std::replace(source.begin(), source.end(), '|', '/');
    rows.push_back({"`" + f.pointer + "`", "`" + value + "`", source});
  }
  md += RenderMarkdownTable({"field", "value", "source"}, rows);
  return md;
}

nlohmann::ordered_json Json(const engine::DeviceProfile& profile, const engine::lifetime::ProofResult& p,
                            const std::vector<engine::profile_io::SourcedFigure>& assumptions, const PopulationSettings& settings,
                            const ProfileArguments& args) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/prove/1", profile.name, args);
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
  j["population"] = MonteCarloJson(profile, p.population, settings, args);
  j["margin_frac"] = Rounded(p.margin_frac);
  nlohmann::ordered_json worst = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < profile.uncertainty.size(); ++i)
    worst[std::string(engine::UncertainInputName(profile.uncertainty[i].input))] = Rounded(p.worst_case_inputs[i]);
  j["worst_case"] = {{"inputs", worst},
                     {"lifetime_days", Rounded(Days(p.worst_case.lifetime_s))},
                     {"end_of_life_cause",
                      p.worst_case.no_service ? "no_service" : std::string(models::battery::EndOfLifeCauseName(p.worst_case.cause))}};
  j["sensitivity"] = SensitivityJson(profile, p.sensitivity, args);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const engine::profile_io::SourcedFigure& f : assumptions)
    list.push_back({{"field", f.pointer}, {"value", f.value}, {"source", f.source}});
  j["assumptions"] = list;
  return j;
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::invalid_argument("cannot write " + path.string());
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
  std::string format = "md", target = "", report_dir;
  double confidence = 0.99;
  AddProfileOptions(visible, profile_args);
  visible.add_options()("target", po::value(&target), "lifetime to prove: 365d, 1y, 8760h (default: the profile's)")(
      "confidence", NumberValue(confidence, "--confidence", engine::lifetime::kRequiredFractionRange),
      "fraction of devices that must reach the target, more than 0 and less than 1");
  AddFormatOption(visible, format, "md", "md, json or table");
  visible.add_options()("report-dir", po::value(&report_dir), "write report.md, report.json and the SVG charts here");
  AddPopulationOptions(visible, settings);
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("prove", visible, args, profile_args)) return *stop;
  return GuardBadInput("prove", [&] {
    if (format == "table") format = "md";  // the report is a document; its table form is Markdown
    const OutputFormat output = ParseOutputFormat(format, true);
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

    const bool charts = !report_dir.empty();
    const std::string md = Markdown(profile, proof, assumptions, settings, profile_args, charts);
    const nlohmann::ordered_json json = Json(profile, proof, assumptions, settings, profile_args);
    if (charts) {
      fs::create_directories(report_dir);
      WriteFile(fs::path(report_dir) / "report.md", md);
      WriteFile(fs::path(report_dir) / "report.json", json.dump(2) + "\n");
      const Charts c = MakeCharts(profile, proof);
      WriteFile(fs::path(report_dir) / "histogram.svg", c.histogram);
      WriteFile(fs::path(report_dir) / "tornado.svg", c.tornado);
      WriteFile(fs::path(report_dir) / "soc.svg", c.soc);
      WriteFile(fs::path(report_dir) / "voltage.svg", c.voltage);
    }
    if (output == OutputFormat::kJson)
      std::cout << json.dump(2) << "\n";
    else if (output == OutputFormat::kCsv)
      std::cout << MonteCarloCsv(profile, proof.population);
    else
      std::cout << md;
    return proof.proven ? kExitOk : kExitVerdictFailed;
  });
}

}  // namespace pb::cli
