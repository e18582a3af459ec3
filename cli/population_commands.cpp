// powerbudget montecarlo PROFILE --devices N --seed S ...
// powerbudget sensitivity PROFILE ...
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "engine/errors.hpp"

namespace pb::cli {
namespace po = boost::program_options;

void AddPopulationOptions(po::options_description& visible, PopulationSettings& s) {
  visible.add_options()("devices,n", po::value(&s.devices)->default_value(s.devices), "devices in the population")(
      "seed", po::value(&s.seed)->default_value(s.seed), "random seed (echoed in the output)")(
      "threads", po::value(&s.threads)->default_value(0), "worker threads (0: all cores)");
}

void AddLifetimeOptions(po::options_description& visible, PopulationSettings& s) {
  visible.add_options()("dt-days", po::value(&s.dt_days)->default_value(s.dt_days),
                        "lifetime-simulation time step in days (numerical; converges as it shrinks)")(
      "horizon-years", po::value(&s.horizon_years)->default_value(s.horizon_years),
      "longest lifetime simulated; longer-lived devices count as reaching it")(
      "start-month", po::value(&s.start_month)->default_value(s.start_month), "installation month, 1-12");
}

engine::lifetime::LifetimeOptions LifetimeOptionsFrom(int start_month, double dt_days, double horizon_years) {
  if (start_month < 1 || start_month > 12) throw std::invalid_argument("--start-month must be 1 to 12");
  if (!(dt_days > 0.0 && dt_days <= 31.0)) throw std::invalid_argument("--dt-days must be in (0, 31]");
  if (!(horizon_years > 0.0 && horizon_years <= 100.0)) throw std::invalid_argument("--horizon-years must be in (0, 100]");
  engine::lifetime::LifetimeOptions o;
  o.time_step_s = dt_days * units::kSecondsPerDay;
  o.horizon_s = horizon_years * units::kSecondsPerYear;
  o.start_month = start_month - 1;
  return o;
}

engine::lifetime::LifetimeOptions LifetimeOptionsFrom(const PopulationSettings& s) {
  engine::lifetime::LifetimeOptions o = LifetimeOptionsFrom(s.start_month, s.dt_days, s.horizon_years);
  o.record_series = false;
  return o;
}

engine::lifetime::MonteCarloResult RunPopulation(const engine::DeviceProfile& profile, const PopulationSettings& s) {
  if (profile.uncertainty.empty())
    throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs; add an \"uncertainty\" section "
                                               "(docs/profiles.md) to run a population");
  if (s.devices < 1 || s.devices > 10'000'000) throw std::invalid_argument("--devices must be 1 to 10,000,000");
  engine::lifetime::MonteCarloOptions options;
  options.devices = static_cast<std::size_t>(s.devices);
  options.seed = s.seed;
  options.threads = s.threads;
  options.lifetime = LifetimeOptionsFrom(s);
  ProgressBar bar("Monte Carlo", options.devices);
  options.progress = [&bar](std::size_t done, std::size_t) { bar.Update(done); };
  return engine::lifetime::RunMonteCarlo(profile, options);
}

engine::lifetime::PopulationModel MakePopulation(const engine::DeviceProfile& profile, const PopulationSettings& s) {
  return engine::lifetime::PopulationModel(profile, LifetimeOptionsFrom(s));
}

int RunMonteCarloCommand(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget montecarlo PROFILE [options]\n\n"
      "Simulates the lifetime of a population of devices whose inputs spread as the profile's\n"
      "\"uncertainty\" section declares (coupling loss, temperature, cell capacity, traffic, modem\n"
      "currents, FOTA rollbacks). Reports lifetime percentiles, the fraction reaching the target with\n"
      "its 95 % confidence interval, and the causes of early deaths. Seeded and reproducible.\n\nOptions");
  ProfileArguments profile_args;
  PopulationSettings settings;
  std::string format = "table";
  AddProfileOptions(visible, profile_args);
  AddFormatOption(visible, format, "table", "table, json or csv");
  AddPopulationOptions(visible, settings);
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("montecarlo", visible, args, profile_args)) return *stop;
  return GuardBadInput("montecarlo", [&] {
    const OutputFormat output = ParseOutputFormat(format, false);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    const engine::lifetime::MonteCarloResult mc = RunPopulation(profile, settings);
    switch (output) {
      case OutputFormat::kJson: std::cout << MonteCarloJson(profile, mc, settings, profile_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << MonteCarloCsv(profile, mc); break;
      default: std::cout << MonteCarloTable(profile, mc, settings); break;
    }
    return profile_args.check && mc.reaching_target.estimate < 1.0 ? kExitVerdictFailed : kExitOk;
  });
}

int RunSensitivityCommand(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget sensitivity PROFILE [options]\n\n"
      "One-at-a-time swings of each declared uncertain input from its P10 to its P90 (a tornado), and\n"
      "the elasticity of the lifetime to each at the median. The top drivers come first.\n\nOptions");
  ProfileArguments profile_args;
  PopulationSettings settings;
  std::string format = "table";
  AddProfileOptions(visible, profile_args);
  AddFormatOption(visible, format, "table", "table, json or csv");
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("sensitivity", visible, args, profile_args)) return *stop;
  return GuardBadInput("sensitivity", [&] {
    const OutputFormat output = ParseOutputFormat(format, false);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    if (profile.uncertainty.empty())
      throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs (docs/profiles.md)");
    const engine::lifetime::SensitivityResult s = engine::lifetime::AnalyseSensitivity(MakePopulation(profile, settings));
    switch (output) {
      case OutputFormat::kJson: std::cout << SensitivityJson(profile, s, profile_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << SensitivityCsv(s); break;
      default: std::cout << SensitivityTable(profile, s); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
