#include "cli/population_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <variant>

#include "cli/output_format.hpp"
#include "cli/terminal_text.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace {

bool IsCouplingLoss(const engine::lifetime::SensitivityRow& r) {
  return r.input == engine::UncertainInput::kCouplingLoss_dB;
}

std::string InputUnit(const engine::lifetime::SensitivityRow& r) { return IsCouplingLoss(r) ? " dB" : ""; }

// A derivative in the row's convention: an elasticity, or per cent per unit at a median of 0.
std::string DerivativeText(const engine::lifetime::SensitivityRow& r, double elasticity, double per_unit_frac) {
  return r.median == 0.0 ? fmt::format("{:+.3f}%/unit", 100.0 * per_unit_frac) : fmt::format("{:+.3f}", elasticity);
}

nlohmann::ordered_json DiscontinuityJson(const engine::lifetime::SensitivityRow& r) {
  const engine::lifetime::Discontinuity& d = r.discontinuity;
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  std::vector<std::string> what;
  for (const engine::lifetime::LifetimeStep& s : d.steps) {
    steps.push_back({{"what", s.what},
                     {"at", Rounded(s.at)},
                     {"lifetime_below_days", Rounded(Days(s.lifetime_below_s))},
                     {"lifetime_above_days", Rounded(Days(s.lifetime_above_s))},
                     {"step_frac", Rounded(s.step_frac)}});
    what.push_back(fmt::format("{} at {}{}", s.what, Number(s.at), InputUnit(r)));
  }
  const bool one_sided = d.crosses && !d.side.empty();
  nlohmann::ordered_json j;
  j["crosses"] = d.crosses;
  j["what"] = d.crosses ? nlohmann::ordered_json(fmt::format("{}", fmt::join(what, "; "))) : nlohmann::ordered_json();
  j["note"] = d.crosses ? nlohmann::ordered_json(DiscontinuityNote(r)) : nlohmann::ordered_json();
  j["steps"] = steps;
  j["one_sided"] = one_sided ? nlohmann::ordered_json(d.side) : nlohmann::ordered_json();
  j["one_sided_step"] = one_sided ? nlohmann::ordered_json(Rounded(d.one_sided_step)) : nlohmann::ordered_json();
  j["within"] = one_sided && !d.within.empty() ? nlohmann::ordered_json(d.within) : nlohmann::ordered_json();
  j["one_sided_elasticity"] = one_sided ? nlohmann::ordered_json(Rounded(d.one_sided_elasticity)) : nlohmann::ordered_json();
  j["one_sided_per_unit_frac"] =
      one_sided ? nlohmann::ordered_json(Rounded(d.one_sided_per_unit_frac)) : nlohmann::ordered_json();
  return j;
}

}  // namespace

std::string CoverageGroupLabel(int ce_level) {
  return ce_level == engine::lifetime::kNoServiceGroup ? "no service" : "CE" + std::to_string(ce_level);
}

std::string CoverageGroupRange(const engine::DeviceProfile& profile, int ce_level) {
  const auto* modelled = std::get_if<engine::ModelledDevice>(&profile.device);
  if (!modelled) return "";
  if (modelled->coverage.forced_ce_level)
    return *modelled->coverage.forced_ce_level == ce_level ? "every loss (level pinned by the profile)" : "none (pinned)";
  const models::radio::nbiot::NetworkParams& n = modelled->network;
  switch (ce_level) {
    case 0: return fmt::format("up to {:g} dB", n.ce0_max_coupling_loss_dB);
    case 1: return fmt::format("{:g} to {:g} dB", n.ce0_max_coupling_loss_dB, n.ce1_max_coupling_loss_dB);
    case 2: return fmt::format("{:g} to {:g} dB", n.ce1_max_coupling_loss_dB, n.max_coupling_loss_dB);
    default: return fmt::format("beyond {:g} dB", n.max_coupling_loss_dB);
  }
}

std::vector<std::string> CeMixHeader(double target_s) {
  return {"CE level", "coupling loss", "devices", "share", "P1 d", "P10 d", "P50 d",
          fmt::format("reaching {:.0f} d", Days(target_s))};
}

std::vector<std::vector<std::string>> CeMixRows(const engine::DeviceProfile& profile,
                                                const engine::lifetime::MonteCarloResult& mc) {
  std::vector<std::vector<std::string>> rows;
  for (const engine::lifetime::CoverageGroup& g : mc.ce_mix) {
    auto percentile = [&](const char* key) {
      const auto it = g.percentiles_s.find(key);
      return it == g.percentiles_s.end() ? std::string("-") : fmt::format("{:.0f}", Days(it->second));
    };
    rows.push_back({CoverageGroupLabel(g.ce_level), CoverageGroupRange(profile, g.ce_level), std::to_string(g.devices),
                    fmt::format("{:.2f}%", 100.0 * g.fraction), percentile("P1"), percentile("P10"), percentile("P50"),
                    g.devices ? fmt::format("{:.2f}%", 100.0 * g.reaching_target.estimate) : std::string("-")});
  }
  return rows;
}

nlohmann::ordered_json CeMixJson(const engine::lifetime::MonteCarloResult& mc) {
  nlohmann::ordered_json mix = nlohmann::ordered_json::array();
  for (const engine::lifetime::CoverageGroup& g : mc.ce_mix) {
    nlohmann::ordered_json j;
    j["group"] = engine::lifetime::CoverageGroupName(g.ce_level);
    j["ce_level"] = g.ce_level == engine::lifetime::kNoServiceGroup ? nlohmann::ordered_json() : nlohmann::ordered_json(g.ce_level);
    j["devices"] = g.devices;
    j["fraction"] = Rounded(g.fraction);
    if (g.devices) {
      nlohmann::ordered_json p;
      for (const char* key : {"P1", "P10", "P50"}) p[std::string(key) + "_days"] = Rounded(Days(g.percentiles_s.at(key)));
      j["lifetime_percentiles"] = p;
      j["reaching_target"] = {{"fraction", Rounded(g.reaching_target.estimate)},
                              {"ci_low", Rounded(g.reaching_target.low)},
                              {"ci_high", Rounded(g.reaching_target.high)}};
    } else {
      j["lifetime_percentiles"] = nullptr;
      j["reaching_target"] = nullptr;
    }
    mix.push_back(j);
  }
  return mix;
}

std::string ElasticityText(const engine::lifetime::SensitivityRow& r) {
  return DerivativeText(r, r.elasticity, r.per_unit_frac) + (r.discontinuity.crosses ? " *" : "");
}

std::string OneSidedText(const engine::lifetime::SensitivityRow& r) {
  const engine::lifetime::Discontinuity& d = r.discontinuity;
  if (!d.crosses) return "";
  if (d.side.empty()) return "-";
  return DerivativeText(r, d.one_sided_elasticity, d.one_sided_per_unit_frac) +
         (d.within.empty() ? "" : " in " + d.within);
}

std::string DiscontinuityNote(const engine::lifetime::SensitivityRow& r) {
  const engine::lifetime::Discontinuity& d = r.discontinuity;
  if (!d.crosses) return "";
  const std::string unit = InputUnit(r);
  const double x0 = r.median, h = r.difference_step;
  std::vector<std::string> steps;
  for (const engine::lifetime::LifetimeStep& s : d.steps)
    steps.push_back(fmt::format("{} at {}{}, where the lifetime steps by {:+.1f}% ({:.0f} to {:.0f} days)", s.what,
                                Number(s.at), unit, 100.0 * s.step_frac, Days(s.lifetime_below_s),
                                Days(s.lifetime_above_s)));
  std::string note = fmt::format("the central difference over {} to {}{} crosses {}", Number(x0 - h), Number(x0 + h), unit,
                                 fmt::join(steps, ", and "));
  const std::string figure = r.median == 0.0 ? "relative change per unit" : "elasticity";
  const std::string within = d.within.empty() ? "" : "inside " + d.within + ", ";
  if (d.side == "below")
    note += fmt::format("; {}on the low side alone ({} to {}{}) the {} is {}", within, Number(x0 - h), Number(x0), unit,
                        figure, DerivativeText(r, d.one_sided_elasticity, d.one_sided_per_unit_frac));
  else if (d.side == "above")
    note += fmt::format("; {}on the high side alone ({} to {}{}) the {} is {}", within, Number(x0), Number(x0 + h), unit,
                        figure, DerivativeText(r, d.one_sided_elasticity, d.one_sided_per_unit_frac));
  else if (d.side == "narrower")
    note += fmt::format("; {}over {} to {}{}, short of the steps, the {} is {}", within, Number(x0 - d.one_sided_step),
                        Number(x0 + d.one_sided_step), unit, figure,
                        DerivativeText(r, d.one_sided_elasticity, d.one_sided_per_unit_frac));
  else
    note += "; the steps lie too close on both sides for a figure free of them";
  return note;
}

nlohmann::ordered_json MonteCarloJson(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc,
                                      const PopulationSettings& settings, const ProfileArguments& args) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/montecarlo/1", profile.name, args);
  j["climate"] = profile.climate.name;
  j["devices"] = mc.devices;
  j["seed"] = mc.seed;
  j["time_step_days"] = Rounded(settings.dt_days);
  j["horizon_years"] = Rounded(settings.horizon_years);
  j["target_lifetime_days"] = Rounded(Days(mc.target_s));
  nlohmann::ordered_json p;
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"}) p[std::string(key) + "_days"] = Rounded(Days(mc.percentiles_s.at(key)));
  j["lifetime_percentiles"] = p;
  j["reaching_target"] = {{"fraction", Rounded(mc.reaching_target.estimate)},
                          {"ci_low", Rounded(mc.reaching_target.low)},
                          {"ci_high", Rounded(mc.reaching_target.high)},
                          {"confidence", mc.reaching_target.confidence},
                          {"method", "Wilson score interval"}};
  nlohmann::ordered_json causes = nlohmann::ordered_json::object();
  for (const auto& [cause, count] : mc.early_deaths_by_cause) causes[cause] = count;
  j["early_deaths_by_cause"] = causes;
  j["ce_level_mix"] = CeMixJson(mc);
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const engine::UncertainParameter& u : profile.uncertainty) inputs.push_back(engine::UncertainInputName(u.input));
  j["uncertain_inputs"] = inputs;
  return j;
}

std::string MonteCarloTable(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc,
                            const PopulationSettings& settings, OutputFormat format) {
  std::string out = fmt::format("{}\nClimate: {}; {} devices, seed {}, time step {:g} d\n\n", TerminalSafe(profile.name),
                                TerminalSafe(profile.climate.name), mc.devices, mc.seed, settings.dt_days);
  std::vector<std::vector<std::string>> rows;
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"}) {
    const double s = mc.percentiles_s.at(key);
    rows.push_back({key, fmt::format("{:.1f}", Days(s)), fmt::format("{:.2f}", s / units::kSecondsPerYear)});
  }
  out += RenderTableAs(format, {"percentile", "lifetime days", "years"}, rows);
  out += fmt::format("\nReaching the {:.0f}-day target: {:.2f}% (95% CI {:.2f}% to {:.2f}%)\n", Days(mc.target_s),
                     100.0 * mc.reaching_target.estimate, 100.0 * mc.reaching_target.low, 100.0 * mc.reaching_target.high);
  if (!mc.early_deaths_by_cause.empty()) {
    out += "Early deaths by cause:";
    for (const auto& [cause, count] : mc.early_deaths_by_cause) out += fmt::format(" {} {}", cause, count);
    out += "\n";
  }
  if (!mc.ce_mix.empty()) out += "\nBy CE level (the level a device's coupling loss falls in):\n\n" +
                                 RenderTableAs(format, CeMixHeader(mc.target_s), CeMixRows(profile, mc));
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

std::string MonteCarloCsv(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc) {
  std::string out = "device,lifetime_days,end_of_life_cause";
  for (const engine::UncertainParameter& u : profile.uncertainty) out += "," + std::string(engine::UncertainInputName(u.input));
  out += ",ce_level\n";
  for (std::size_t i = 0; i < mc.outcomes.size(); ++i) {
    const engine::lifetime::DeviceLifetime& d = mc.outcomes[i];
    out += fmt::format("{},{},{}", i, Number(Days(d.lifetime_s)),
                       d.no_service ? "no_service" : std::string(models::battery::EndOfLifeCauseName(d.cause)));
    for (double v : mc.inputs[i]) out += "," + Number(v);
    // Empty when there is no link: no service, or a measured device.
    out += d.ce_level >= 0 ? fmt::format(",{}\n", d.ce_level) : ",\n";
  }
  return out;
}

nlohmann::ordered_json SensitivityJson(const engine::DeviceProfile& profile, const engine::lifetime::SensitivityResult& s,
                                       const ProfileArguments& args) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/sensitivity/1", profile.name, args);
  j["nominal_lifetime_days"] = Rounded(Days(s.nominal_lifetime_s));
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const engine::lifetime::SensitivityRow& r : s.rows)
    rows.push_back({{"input", engine::UncertainInputName(r.input)},
                    {"p10_value", Rounded(r.low_value)},
                    {"p90_value", Rounded(r.high_value)},
                    {"lifetime_at_p10_days", Rounded(Days(r.low_lifetime_s))},
                    {"lifetime_at_p90_days", Rounded(Days(r.high_lifetime_s))},
                    {"swing_days", Rounded(Days(r.swing_s))},
                    {"elasticity", Rounded(r.elasticity)},
                    {"per_unit_frac", Rounded(r.per_unit_frac)},
                    {"median", Rounded(r.median)},
                    {"difference_step", Rounded(r.difference_step)},
                    {"discontinuity", DiscontinuityJson(r)}});
  j["drivers"] = rows;
  return j;
}

std::string SensitivityTable(const engine::DeviceProfile& profile, const engine::lifetime::SensitivityResult& s, OutputFormat format) {
  std::string out = fmt::format("{}\nNominal lifetime (every input at its median): {:.1f} days\n\n", TerminalSafe(profile.name),
                                Days(s.nominal_lifetime_s));
  std::vector<std::vector<std::string>> rows;
  std::string notes;
  for (const engine::lifetime::SensitivityRow& r : s.rows) {
    rows.push_back({std::string(engine::UncertainInputName(r.input)), Number(r.low_value), Number(r.high_value),
                    fmt::format("{:.1f}", Days(r.low_lifetime_s)), fmt::format("{:.1f}", Days(r.high_lifetime_s)),
                    fmt::format("{:.1f}", Days(r.swing_s)), ElasticityText(r), OneSidedText(r)});
    if (r.discontinuity.crosses) notes += fmt::format("* {}: {}.\n", engine::UncertainInputName(r.input), DiscontinuityNote(r));
  }
  out += RenderTableAs(format, {"input", "P10", "P90", "life@P10 d", "life@P90 d", "swing d", "elasticity", "one-sided"}, rows);
  if (!notes.empty()) out += "\nElasticities marked * are taken across a step of the lifetime:\n" + notes;
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

std::string SensitivityCsv(const engine::lifetime::SensitivityResult& s) {
  std::string out =
      "input,p10_value,p90_value,lifetime_at_p10_days,lifetime_at_p90_days,swing_days,elasticity,per_unit_frac,"
      "crosses_discontinuity,one_sided_elasticity,one_sided_per_unit_frac,discontinuity_note\n";
  for (const engine::lifetime::SensitivityRow& r : s.rows) {
    const engine::lifetime::Discontinuity& d = r.discontinuity;
    const bool one_sided = d.crosses && !d.side.empty();
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", engine::UncertainInputName(r.input), Number(r.low_value),
                       Number(r.high_value), Number(Days(r.low_lifetime_s)), Number(Days(r.high_lifetime_s)),
                       Number(Days(r.swing_s)), Number(r.elasticity), Number(r.per_unit_frac), d.crosses ? "true" : "false",
                       one_sided ? Number(d.one_sided_elasticity) : "", one_sided ? Number(d.one_sided_per_unit_frac) : "",
                       CsvEscape(DiscontinuityNote(r)));
  }
  return out;
}

}  // namespace pb::cli
