#include "cli/population_report.hpp"

#include <fmt/format.h>

#include "cli/output_format.hpp"
#include "models/units.hpp"

namespace pb::cli {

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
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const engine::UncertainParameter& u : profile.uncertainty) inputs.push_back(engine::UncertainInputName(u.input));
  j["uncertain_inputs"] = inputs;
  return j;
}

std::string MonteCarloTable(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc,
                            const PopulationSettings& settings) {
  std::string out = fmt::format("{}\nClimate: {}; {} devices, seed {}, time step {:g} d\n\n", profile.name,
                                profile.climate.name, mc.devices, mc.seed, settings.dt_days);
  std::vector<std::vector<std::string>> rows;
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"}) {
    const double s = mc.percentiles_s.at(key);
    rows.push_back({key, fmt::format("{:.1f}", Days(s)), fmt::format("{:.2f}", s / units::kSecondsPerYear)});
  }
  out += RenderTable({"percentile", "lifetime days", "years"}, rows);
  out += fmt::format("\nReaching the {:.0f}-day target: {:.2f}% (95% CI {:.2f}% to {:.2f}%)\n", Days(mc.target_s),
                     100.0 * mc.reaching_target.estimate, 100.0 * mc.reaching_target.low, 100.0 * mc.reaching_target.high);
  if (!mc.early_deaths_by_cause.empty()) {
    out += "Early deaths by cause:";
    for (const auto& [cause, count] : mc.early_deaths_by_cause) out += fmt::format(" {} {}", cause, count);
    out += "\n";
  }
  return out;
}

std::string MonteCarloCsv(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc) {
  std::string out = "device,lifetime_days,end_of_life_cause";
  for (const engine::UncertainParameter& u : profile.uncertainty) out += "," + std::string(engine::UncertainInputName(u.input));
  out += "\n";
  for (std::size_t i = 0; i < mc.outcomes.size(); ++i) {
    const engine::lifetime::DeviceLifetime& d = mc.outcomes[i];
    out += fmt::format("{},{},{}", i, Number(Days(d.lifetime_s)),
                       d.no_service ? "no_service" : std::string(models::battery::EndOfLifeCauseName(d.cause)));
    for (double v : mc.inputs[i]) out += "," + Number(v);
    out += "\n";
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
                    {"per_unit_frac", Rounded(r.per_unit_frac)}});
  j["drivers"] = rows;
  return j;
}

std::string SensitivityTable(const engine::DeviceProfile& profile, const engine::lifetime::SensitivityResult& s) {
  std::string out = fmt::format("{}\nNominal lifetime (every input at its median): {:.1f} days\n\n", profile.name,
                                Days(s.nominal_lifetime_s));
  std::vector<std::vector<std::string>> rows;
  for (const engine::lifetime::SensitivityRow& r : s.rows)
    rows.push_back({std::string(engine::UncertainInputName(r.input)), Number(r.low_value), Number(r.high_value),
                    fmt::format("{:.1f}", Days(r.low_lifetime_s)), fmt::format("{:.1f}", Days(r.high_lifetime_s)),
                    fmt::format("{:.1f}", Days(r.swing_s)),
                    r.per_unit_frac != 0.0 ? fmt::format("{:+.3f}%/unit", 100.0 * r.per_unit_frac)
                                           : fmt::format("{:+.3f}", r.elasticity)});
  return out + RenderTable({"input", "P10", "P90", "life@P10 d", "life@P90 d", "swing d", "elasticity"}, rows);
}

std::string SensitivityCsv(const engine::lifetime::SensitivityResult& s) {
  std::string out = "input,p10_value,p90_value,lifetime_at_p10_days,lifetime_at_p90_days,swing_days,elasticity,per_unit_frac\n";
  for (const engine::lifetime::SensitivityRow& r : s.rows)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", engine::UncertainInputName(r.input), Number(r.low_value),
                       Number(r.high_value), Number(Days(r.low_lifetime_s)), Number(Days(r.high_lifetime_s)),
                       Number(Days(r.swing_s)), Number(r.elasticity), Number(r.per_unit_frac));
  return out;
}

}  // namespace pb::cli
