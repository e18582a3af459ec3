// powerbudget lifetime PROFILE [--set PATH=VALUE]... [--start-month M] [--temperature-offset K]
//                      [--dt-days D] [--series FILE] [--format table|json|csv|md]
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/terminal_text.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

std::string SeriesCsv(const engine::lifetime::LifetimeResult& r) {
  std::string out = "time_days,soc_frac,open_circuit_voltage_V,min_loaded_voltage_V,temperature_degC,energy_J\n";
  for (const engine::lifetime::LifetimeSample& s : r.series)
    out += fmt::format("{},{},{},{},{},{}\n", Number(s.time_days), Number(s.soc_frac), Number(s.open_circuit_voltage_V),
                       Number(s.min_loaded_voltage_V), Number(s.temperature_degC), Number(s.energy_J));
  return out;
}

nlohmann::ordered_json LifetimeJson(const engine::DeviceProfile& p, const engine::lifetime::LifetimeResult& r,
                                    bool meets_target, const engine::lifetime::LifetimeOptions& o,
                                    const ProfileArguments& args) {
  nlohmann::ordered_json j = ReportHeader("powerbudget/lifetime/1", p.name, args);
  j["climate"] = p.climate.name;
  j["start_month"] = o.start_month + 1;
  j["temperature_offset_degC"] = Rounded(o.temperature_offset_degC);
  j["time_step_days"] = Rounded(Days(o.time_step_s));
  j["lifetime_days"] = Rounded(Days(r.lifetime_s));
  j["lifetime_years"] = Rounded(r.lifetime_s / units::kSecondsPerYear);
  j["end_of_life_cause"] = models::battery::EndOfLifeCauseName(r.cause);
  j["target_lifetime_days"] = Rounded(Days(p.target_lifetime_s));
  j["meets_target"] = meets_target;
  j["min_loaded_voltage_V"] = Rounded(r.min_loaded_voltage_V);
  j["min_operating_voltage_V"] = Rounded(p.supply.min_operating_voltage_V);
  nlohmann::ordered_json months = nlohmann::ordered_json::array();
  for (double e : r.energy_J_per_month) months.push_back(Rounded(e));
  j["energy_J_per_month"] = months;
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const engine::lifetime::LifetimeSample& s : r.series)
    series.push_back({{"time_days", Rounded(s.time_days)},
                      {"soc_frac", Rounded(s.soc_frac)},
                      {"open_circuit_voltage_V", Rounded(s.open_circuit_voltage_V)},
                      {"min_loaded_voltage_V", Rounded(s.min_loaded_voltage_V)},
                      {"temperature_degC", Rounded(s.temperature_degC)},
                      {"energy_J", Rounded(s.energy_J)}});
  j["series"] = series;
  return j;
}

std::string LifetimeTable(const engine::DeviceProfile& p, const engine::lifetime::LifetimeResult& r, bool meets_target,
                          OutputFormat format) {
  std::string out = fmt::format("{}\nClimate: {}\n\n", TerminalSafe(p.name), TerminalSafe(p.climate.name));
  out += fmt::format("Lifetime: {:.1f} days ({:.2f} years), end of life: {}\n", Days(r.lifetime_s),
                     r.lifetime_s / units::kSecondsPerYear, models::battery::EndOfLifeCauseName(r.cause));
  out += fmt::format("Lowest loaded voltage under the transmit pulse: {:.3f} V (device minimum {:.2f} V)\n",
                     r.min_loaded_voltage_V, p.supply.min_operating_voltage_V);
  out += fmt::format("Target {:.0f} days: {}\n\n", Days(p.target_lifetime_s),
                     meets_target ? "MET" : "NOT MET");
  std::vector<std::vector<std::string>> rows;
  // One row per 30 days of the series, enough to see the seasons.
  double next_day = 0.0;
  for (const engine::lifetime::LifetimeSample& s : r.series) {
    if (s.time_days + 1e-9 < next_day) continue;
    rows.push_back({fmt::format("{:.0f}", s.time_days), fmt::format("{:.1f}%", s.soc_frac * 100.0),
                    fmt::format("{:.3f}", s.open_circuit_voltage_V), fmt::format("{:.3f}", s.min_loaded_voltage_V),
                    fmt::format("{:.1f}", s.temperature_degC)});
    next_day = s.time_days + 30.0;
  }
  out += RenderTableAs(format, {"day", "SOC", "OCV V", "min loaded V", "mean degC"}, rows);
  return format == OutputFormat::kMarkdown ? MarkdownReport(out) : out;
}

}  // namespace

int RunLifetime(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget lifetime PROFILE [options]\n\n"
      "Simulates calendar time from installation to end of life with the battery's physics\n"
      "(capacity versus temperature and load, self-discharge, rate recovery, voltage under the\n"
      "transmit pulse) in the profile's climate. End of life: charge exhausted or brown-out.\n\nOptions");
  ProfileArguments profile_args;
  std::string format = "table", series_file;
  int start_month = 1;
  double offset_degC = 0.0, dt_days = 1.0, horizon_years = 30.0;
  AddProfileOptions(visible, profile_args);
  const CommandFormats kFormats{"lifetime", {"table", "json", "csv", "md"}, "csv: the series"};
  AddFormatOption(visible, format, kFormats);
  visible.add_options()("start-month", NumberValue(start_month, "--start-month", kStartMonthFlagRange),
                        "installation month, 1-12")(
      "temperature-offset",
      NumberValue(offset_degC, "--temperature-offset", engine::lifetime::kTemperatureOffsetRange_degC),
      "degC added to the climate, -60 to 60")("dt-days", NumberValue(dt_days, "--dt-days", kDtDaysRange),
                                             "time step in days (a numerical setting)")(
      "horizon-years", NumberValue(horizon_years, "--horizon-years", kHorizonYearsRange), "stop after this many years")(
      "series", po::value(&series_file), "also write the time series as CSV to this file");
  if (const auto stop = ParseCommandLine("lifetime", visible, args, profile_args)) return *stop;
  return GuardBadInput("lifetime", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    engine::lifetime::LifetimeOptions options = LifetimeOptionsFrom(start_month, dt_days, horizon_years);
    options.temperature_offset_degC = offset_degC;
    const engine::DeviceProfile profile = LoadProfile(profile_args);
    const engine::lifetime::LifetimeResult result = engine::lifetime::SimulateLifetime(profile, options);
    const bool meets_target = result.lifetime_s >= profile.target_lifetime_s;
    if (!series_file.empty()) {
      std::ofstream out(series_file);
      if (!out) throw std::invalid_argument("cannot write " + series_file);
      out << SeriesCsv(result);
    }
    switch (output) {
      case OutputFormat::kJson:
        std::cout << LifetimeJson(profile, result, meets_target, options, profile_args).dump(2) << "\n";
        break;
      case OutputFormat::kCsv: std::cout << SeriesCsv(result); break;
      default: std::cout << LifetimeTable(profile, result, meets_target, output); break;
    }
    return profile_args.check && !meets_target ? kExitVerdictFailed : kExitOk;
  });
}

}  // namespace pb::cli
