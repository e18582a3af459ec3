// Monte Carlo and sensitivity results as table, JSON (powerbudget/montecarlo/1,
// powerbudget/sensitivity/1) and CSV; shared with the proof report.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/sensitivity.hpp"

namespace pb::cli {

struct PopulationSettings {
  int devices = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  double dt_days = 7.0;  // converged: the mast monitor lives 1322.0 d at 0.25 and 1 d, 1322.75 d at 7 d (docs/lifetime.md)
  double horizon_years = 30.0;
  int start_month = 1;
};

// The lifetime flags' ranges in their own units: the engine's (engine/lifetime/), stated there once.
inline constexpr engine::NumericRange kDtDaysRange =
    engine::lifetime::kTimeStepRange_s.InUnit(units::kSecondsPerDay, "days");
inline constexpr engine::NumericRange kHorizonYearsRange =
    engine::lifetime::kHorizonRange_s.InUnit(units::kSecondsPerYear, "years");
inline constexpr engine::NumericRange kStartMonthFlagRange = engine::lifetime::kStartMonthRange.InUnit(1.0, "", 1.0);

// --devices, --seed, --threads.
void AddPopulationOptions(boost::program_options::options_description& visible, PopulationSettings& settings);
// --dt-days, --horizon-years, --start-month.
void AddLifetimeOptions(boost::program_options::options_description& visible, PopulationSettings& settings);

// Lifetime-simulation options from --start-month (1-12), --dt-days and --horizon-years (their
// ranges checked when parsed); throws ProfileError naming --dt-days when the step is too small for
// the horizon (engine::lifetime::kMaxLifetimeSteps).
engine::lifetime::LifetimeOptions LifetimeOptionsFrom(int start_month, double dt_days, double horizon_years);
// The same from the settings, without the series (a population needs only the lifetimes).
engine::lifetime::LifetimeOptions LifetimeOptionsFrom(const PopulationSettings& settings);
// The Monte Carlo of the settings' population; throws ProfileError naming /uncertainty when the
// profile declares no uncertain inputs.
engine::lifetime::MonteCarloOptions MonteCarloOptionsFrom(const engine::DeviceProfile& profile,
                                                          const PopulationSettings& settings);
// Runs the population with a progress bar on an interactive stderr.
engine::lifetime::MonteCarloResult RunPopulation(const engine::DeviceProfile& profile, const PopulationSettings& settings);
engine::lifetime::PopulationModel MakePopulation(const engine::DeviceProfile& profile, const PopulationSettings& settings);

// The CE-level mix of a population (MonteCarloResult::ce_mix): "CE0".."CE2", "no service".
std::string CoverageGroupLabel(int ce_level);
// The coupling losses a group covers on the profile's network ("144 to 154 dB"), or that the
// profile pins every device to one level.
std::string CoverageGroupRange(const engine::DeviceProfile& profile, int ce_level);
// The mix as table rows: group, coupling loss, devices, share, P1/P10/P50 days, reaching the
// target; header to match. Empty for a measured device.
std::vector<std::string> CeMixHeader(double target_s);
std::vector<std::vector<std::string>> CeMixRows(const engine::DeviceProfile& profile,
                                                const engine::lifetime::MonteCarloResult& mc);
nlohmann::ordered_json CeMixJson(const engine::lifetime::MonteCarloResult& mc);

// A sensitivity row's elasticity as shown ("-4.248", "+0.331%/unit"), marked "*" when its
// difference crosses a step of the lifetime; its one-sided figure ("" unless it crosses); and
// the sentence that says what it crosses ("" unless it does).
std::string ElasticityText(const engine::lifetime::SensitivityRow& r);
std::string OneSidedText(const engine::lifetime::SensitivityRow& r);
std::string DiscontinuityNote(const engine::lifetime::SensitivityRow& r);

nlohmann::ordered_json MonteCarloJson(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc,
                                      const PopulationSettings& settings, const ProfileArguments& args);
std::string MonteCarloTable(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc,
                            const PopulationSettings& settings, OutputFormat format = OutputFormat::kTable);
std::string MonteCarloCsv(const engine::DeviceProfile& profile, const engine::lifetime::MonteCarloResult& mc);

nlohmann::ordered_json SensitivityJson(const engine::DeviceProfile& profile, const engine::lifetime::SensitivityResult& s,
                                       const ProfileArguments& args);
std::string SensitivityTable(const engine::DeviceProfile& profile, const engine::lifetime::SensitivityResult& s,
                             OutputFormat format = OutputFormat::kTable);
std::string SensitivityCsv(const engine::lifetime::SensitivityResult& s);

}  // namespace pb::cli
