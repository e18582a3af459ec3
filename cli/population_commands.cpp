// powerbudget montecarlo PROFILE --devices N --seed S ...
// powerbudget sensitivity PROFILE ...
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "engine/errors.hpp"
#include "engine/random.hpp"

namespace pb::cli {
namespace po = boost::program_options;

void AddPopulationOptions(po::options_description& visible, PopulationSettings& s) {
  visible.add_options()("devices,n", NumberValue(s.devices, "--devices", engine::lifetime::kDevicesRange),
                        "devices in the population")(
      "seed", NumberValue(s.seed, "--seed", engine::kSeedRange), "random seed (echoed in the output)")(
      "threads", NumberValue(s.threads, "--threads", engine::lifetime::kThreadsRange),
      "worker threads, 0 to 1024 (0: one per hardware thread)");
}

void AddLifetimeOptions(po::options_description& visible, PopulationSettings& s) {
  visible.add_options()("dt-days", NumberValue(s.dt_days, "--dt-days", kDtDaysRange),
                        "lifetime-simulation time step in days (numerical; converges as it shrinks)")(
      "horizon-years", NumberValue(s.horizon_years, "--horizon-years", kHorizonYearsRange),
      "longest lifetime simulated; longer-lived devices count as reaching it")(
      "start-month", NumberValue(s.start_month, "--start-month", kStartMonthFlagRange), "installation month, 1-12");
}

engine::lifetime::LifetimeOptions LifetimeOptionsFrom(int start_month, double dt_days, double horizon_years) {
  engine::lifetime::LifetimeOptions o;
  o.time_step_s = dt_days * units::kSecondsPerDay;
  o.horizon_s = horizon_years * units::kSecondsPerYear;
  o.start_month = start_month - 1;
  // Up front, in the flag's unit: a tiny step would otherwise run for days.
  engine::lifetime::RequireStepLimit(o.time_step_s, o.horizon_s, "--dt-days", units::kSecondsPerDay, "days");
  return o;
}

engine::lifetime::LifetimeOptions LifetimeOptionsFrom(const PopulationSettings& s) {
  engine::lifetime::LifetimeOptions o = LifetimeOptionsFrom(s.start_month, s.dt_days, s.horizon_years);
  o.record_series = false;
  return o;
}

engine::lifetime::MonteCarloOptions MonteCarloOptionsFrom(const engine::DeviceProfile& profile, const PopulationSettings& s) {
  if (profile.uncertainty.empty())
    throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs; add an \"uncertainty\" section "
                                               "(docs/profiles.md) to run a population");
  engine::lifetime::MonteCarloOptions options;
  options.devices = static_cast<std::size_t>(s.devices);
  options.seed = s.seed;
  options.threads = s.threads;
  options.lifetime = LifetimeOptionsFrom(s);
  return options;
}

engine::lifetime::MonteCarloResult RunPopulation(const engine::DeviceProfile& profile, const PopulationSettings& s) {
  engine::lifetime::MonteCarloOptions options = MonteCarloOptionsFrom(profile, s);
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
  const CommandFormats kFormats{"montecarlo", {"table", "json", "csv", "md"}, "csv: every device"};
  AddFormatOption(visible, format, kFormats);
  AddPopulationOptions(visible, settings);
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("montecarlo", visible, args, profile_args)) return *stop;
  return GuardBadInput("montecarlo", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    const engine::lifetime::MonteCarloResult mc = RunPopulation(profile, settings);
    switch (output) {
      case OutputFormat::kJson: std::cout << MonteCarloJson(profile, mc, settings, profile_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << MonteCarloCsv(profile, mc); break;
      default: std::cout << MonteCarloTable(profile, mc, settings, output); break;
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
  const CommandFormats kFormats{"sensitivity", {"table", "json", "csv", "md"}};
  AddFormatOption(visible, format, kFormats);
  AddLifetimeOptions(visible, settings);
  if (const auto stop = ParseCommandLine("sensitivity", visible, args, profile_args)) return *stop;
  return GuardBadInput("sensitivity", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    if (profile.uncertainty.empty())
      throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs (docs/profiles.md)");
    const engine::lifetime::SensitivityResult s = engine::lifetime::AnalyseSensitivity(MakePopulation(profile, settings));
    switch (output) {
      case OutputFormat::kJson: std::cout << SensitivityJson(profile, s, profile_args).dump(2) << "\n"; break;
      case OutputFormat::kCsv: std::cout << SensitivityCsv(s); break;
      default: std::cout << SensitivityTable(profile, s, output); break;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
