// powerbudget sweep PROFILE --vary PATH=FROM:TO:STEPS[:log] [--vary ...] [--physics] [--montecarlo N]
//                   [--format table|json|csv|md]
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/numeric_option.hpp"
#include "cli/output_format.hpp"
#include "cli/population_report.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/progress_bar.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/random.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/profile_io/profile_json.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

struct Axis {
  std::string path;
  std::vector<double> values;
};

// FROM and TO: any finite number (the field checks its own range at every point). STEPS: at most
// 100,000 points on one axis.
constexpr engine::NumericRange kBoundRange{std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max()};
constexpr engine::NumericRange kStepsRange{1.0, 100'000.0, false, false, true, ""};
// --montecarlo N: 0 (no population) or a population as montecarlo's --devices allows.
constexpr engine::NumericRange kSweepDevicesRange{0.0, engine::lifetime::kDevicesRange.max, false, false, true, ""};

// "reporting.interval_s=600:86400:20:log"
Axis ParseVary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument("--vary expects PATH=FROM:TO:STEPS[:log], got '" + text + "'");
  Axis axis{text.substr(0, eq), {}};
  std::vector<std::string> parts;
  std::string rest = text.substr(eq + 1), part;
  for (char c : rest + ":") {
    if (c == ':') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (parts.size() < 3 || parts.size() > 4 || (parts.size() == 4 && parts[3] != "log"))
    throw std::invalid_argument("--vary " + text + ": expected FROM:TO:STEPS or FROM:TO:STEPS:log");
  const double from = ParseNumber("--vary FROM", parts[0], kBoundRange);
  const double to = ParseNumber("--vary TO", parts[1], kBoundRange);
  const int steps = static_cast<int>(ParseNumber("--vary STEPS", parts[2], kStepsRange));
  const bool log = parts.size() == 4;
  if (log && (from <= 0 || to <= 0)) throw std::invalid_argument("--vary " + text + ": a log sweep needs positive bounds");
  for (int i = 0; i < steps; ++i) {
    const double t = steps == 1 ? 0.0 : static_cast<double>(i) / (steps - 1);
    axis.values.push_back(log ? from * std::pow(to / from, t) : from + t * (to - from));
  }
  return axis;
}

}  // namespace

int RunSweep(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget sweep PROFILE --vary PATH=FROM:TO:STEPS[:log] [--vary ...] [options]\n\n"
      "The average current and lifetime over a grid of profile values, for design-space exploration.\n"
      "Each point is the profile with --set PATH=VALUE for every axis, validated like the file.\n"
      "Lifetime is on the ideal battery; --physics adds the lifetime simulation with battery physics\n"
      "in the profile's climate. --montecarlo N runs a population of N devices at every point (the\n"
      "profile's uncertain inputs drawn with the same seed at each point, so that points differ by\n"
      "their design alone) and reports the share reaching the target with its 95 % interval.\n\nOptions");
  ProfileArguments profile_args;
  std::vector<std::string> vary;
  std::string format = "table";
  bool physics = false;
  PopulationSettings population;
  population.devices = 0;
  AddProfileOptions(visible, profile_args);
  visible.add_options()("vary", po::value(&vary)->composing(), "an axis: PATH=FROM:TO:STEPS[:log] (repeatable)")(
      "physics", po::bool_switch(&physics), "also simulate each point's lifetime with battery physics and climate")(
      "montecarlo", NumberValue(population.devices, "--montecarlo", kSweepDevicesRange),
      "a population of N devices at each point (0: none): the share reaching the target, P10 and P50")(
      "seed", NumberValue(population.seed, "--seed", engine::kSeedRange), "the populations' random seed")(
      "threads", NumberValue(population.threads, "--threads", engine::lifetime::kThreadsRange),
      "worker threads for the populations, 0 to 1024 (0: one per hardware thread)");
  const CommandFormats kFormats{"sweep", {"table", "json", "csv", "md"}, "csv: one row per point, to plot"};
  AddFormatOption(visible, format, kFormats);
  if (const auto stop = ParseCommandLine("sweep", visible, args, profile_args)) return *stop;
  return GuardBadInput("sweep", [&] {
    const OutputFormat output = ParseOutputFormat(format, kFormats);
    if (vary.empty()) throw std::invalid_argument("give at least one --vary PATH=FROM:TO:STEPS");
    std::vector<Axis> axes;
    std::size_t points = 1;
    for (const std::string& v : vary) {
      axes.push_back(ParseVary(v));
      points *= axes.back().values.size();  // checked at each axis, so the product cannot wrap
      if (points > 1'000'000) throw std::invalid_argument("the grid has more than 1,000,000 points");
    }
    const engine::profile_io::LoadOptions load = LoadOptionsOf(profile_args);
    const auto path = engine::profile_io::ResolveDevicePath(profile_args.profile, load.profiles_root);
    const engine::profile_io::Json base = engine::profile_io::ComposeDeviceJson(path, load);

    std::vector<std::string> header;
    for (const Axis& a : axes) header.push_back(a.path);
    for (const char* h : {"average_current_uA", "lifetime_days", "meets_target"}) header.push_back(h);
    if (physics) {
      header.push_back("physics_lifetime_days");
      header.push_back("end_of_life_cause");
    }
    if (population.devices > 0)
      for (const char* h : {"reaching_target_pct", "reaching_target_low_pct", "reaching_target_high_pct", "P10_days", "P50_days"})
        header.push_back(h);
    std::vector<std::vector<std::string>> rows;
    nlohmann::ordered_json json_rows = nlohmann::ordered_json::array();
    ProgressBar bar("Sweep", points);
    for (std::size_t index = 0; index < points; ++index) {
      engine::profile_io::Json doc = base;
      std::vector<double> point;
      std::size_t rest = index;
      for (auto it = axes.rbegin(); it != axes.rend(); ++it) {  // the last axis varies fastest
        point.insert(point.begin(), it->values[rest % it->values.size()]);
        rest /= it->values.size();
      }
      for (std::size_t a = 0; a < axes.size(); ++a)
        engine::profile_io::ApplyOverride(doc, axes[a].path + "=" + engine::profile_io::FormatNumber(point[a]));
      engine::DeviceProfile profile;
      try {
        profile = engine::profile_io::ParseDeviceProfile(doc);
      } catch (const engine::ProfileError& e) {
        throw engine::ProfileError(e.field(), e.detail() + " (at sweep point " + std::to_string(index) + ")", path.string());
      }
      const engine::BudgetResult b = engine::ComputeBudget(profile);
      std::vector<std::string> row;
      nlohmann::ordered_json j;
      for (std::size_t a = 0; a < axes.size(); ++a) {
        row.push_back(Number(point[a]));
        j[axes[a].path] = Rounded(point[a]);
      }
      row.push_back(Number(units::to_uA(b.average_current_A)));
      row.push_back(Number(Days(b.lifetime_s)));
      row.push_back(b.meets_target ? "true" : "false");
      j["average_current_uA"] = Rounded(units::to_uA(b.average_current_A));
      j["lifetime_days"] = Rounded(Days(b.lifetime_s));
      j["meets_target"] = b.meets_target;
      if (physics) {
        engine::lifetime::LifetimeOptions o;
        o.record_series = false;
        const engine::lifetime::LifetimeResult life = engine::lifetime::SimulateLifetime(profile, o);
        row.push_back(Number(Days(life.lifetime_s)));
        row.push_back(std::string(models::battery::EndOfLifeCauseName(life.cause)));
        j["physics_lifetime_days"] = Rounded(Days(life.lifetime_s));
        j["end_of_life_cause"] = models::battery::EndOfLifeCauseName(life.cause);
      }
      if (population.devices > 0) {
        const engine::lifetime::MonteCarloOptions options = MonteCarloOptionsFrom(profile, population);
        const engine::lifetime::MonteCarloResult mc = engine::lifetime::RunMonteCarlo(profile, options);
        const engine::lifetime::ProportionInterval& reach = mc.reaching_target;
        for (double v : {reach.estimate, reach.low, reach.high}) row.push_back(fmt::format("{:.2f}", 100.0 * v));
        row.push_back(fmt::format("{:.1f}", Days(mc.percentiles_s.at("P10"))));
        row.push_back(fmt::format("{:.1f}", Days(mc.percentiles_s.at("P50"))));
        j["population"] = {{"devices", options.devices},
                           {"seed", options.seed},
                           {"reaching_target_frac", Rounded(reach.estimate)},
                           {"reaching_target_low_frac", Rounded(reach.low)},
                           {"reaching_target_high_frac", Rounded(reach.high)},
                           {"P10_days", Rounded(Days(mc.percentiles_s.at("P10")))},
                           {"P50_days", Rounded(Days(mc.percentiles_s.at("P50")))}};
      }
      rows.push_back(std::move(row));
      json_rows.push_back(std::move(j));
      bar.Update(index + 1);
    }
    if (output == OutputFormat::kJson) {
      nlohmann::ordered_json j = ReportHeader("powerbudget/sweep/1", profile_args);
      j["vary"] = vary;
      j["points"] = json_rows;
      std::cout << j.dump(2) << "\n";
    } else if (output == OutputFormat::kTable || output == OutputFormat::kMarkdown) {
      std::cout << RenderTableAs(output, header, rows);
    } else {
      std::string out;
      for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + CsvEscape(header[i]);
      out += "\n";
      for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i];
        out += "\n";
      }
      std::cout << out;
    }
    return kExitOk;
  });
}

}  // namespace pb::cli
