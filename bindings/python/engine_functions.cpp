#include "bindings/python/engine_functions.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings/python/profile_loading.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/proof.hpp"
#include "engine/random.hpp"
#include "engine/uncertain_inputs.hpp"
#include "models/battery/physics.hpp"
#include "models/units.hpp"

namespace pb::python {
namespace py = pybind11;
namespace life = pb::engine::lifetime;
namespace units = pb::units;

namespace {

using Overrides = std::vector<std::string>;
using ProfilesDir = std::optional<std::string>;

double Days(double seconds) { return seconds / units::kSecondsPerDay; }

py::str Str(std::string_view text) { return py::str(text.data(), text.size()); }

// The lifetime options in the units the Python arguments take (days, years, month 1-12), with
// the ranges and step limit of the CLI's flags, named as the keyword arguments are.
struct SimulationArguments {
  double dt_days = 1.0;
  double horizon_years = 30.0;
  double start_month = 1.0;
  double temperature_offset_degC = 0.0;

  life::LifetimeOptions Options(bool record_series) const {
    engine::RequireInRange("dt_days", dt_days, life::kTimeStepRange_s.InUnit(units::kSecondsPerDay, "days"));
    engine::RequireInRange("horizon_years", horizon_years, life::kHorizonRange_s.InUnit(units::kSecondsPerYear, "years"));
    engine::RequireInRange("start_month", start_month, life::kStartMonthRange.InUnit(1.0, "", 1.0));
    engine::RequireInRange("temperature_offset_degC", temperature_offset_degC, life::kTemperatureOffsetRange_degC);
    life::LifetimeOptions o;
    o.time_step_s = dt_days * units::kSecondsPerDay;
    o.horizon_s = horizon_years * units::kSecondsPerYear;
    o.start_month = static_cast<int>(start_month) - 1;
    o.temperature_offset_degC = temperature_offset_degC;
    o.record_series = record_series;
    life::RequireStepLimit(o.time_step_s, o.horizon_s, "dt_days", units::kSecondsPerDay, "days");
    return o;
  }
};

struct PopulationArguments {
  double devices = 10000.0;
  double seed = 1.0;
  double threads = 0.0;

  life::MonteCarloOptions Options(const SimulationArguments& simulation) const {
    engine::RequireInRange("devices", devices, life::kDevicesRange);
    engine::RequireInRange("seed", seed, engine::kSeedRange);
    engine::RequireInRange("threads", threads, life::kThreadsRange);
    life::MonteCarloOptions o;
    o.devices = static_cast<std::size_t>(devices);
    o.seed = static_cast<std::uint64_t>(seed);
    o.threads = static_cast<unsigned>(threads);
    o.lifetime = simulation.Options(false);  // a population needs only the lifetimes
    return o;
  }
};

void RequireUncertainty(const engine::DeviceProfile& profile) {
  if (profile.uncertainty.empty())
    throw engine::ProfileError("/uncertainty", "the profile declares no uncertain inputs; add an \"uncertainty\" section "
                                               "(docs/profiles.md) to run a population");
}

template <typename T>
py::array_t<double> Array(const std::vector<T>& items, double (*value)(const T&)) {
  py::array_t<double> out(static_cast<py::ssize_t>(items.size()));
  double* data = out.mutable_data();
  for (std::size_t i = 0; i < items.size(); ++i) data[i] = value(items[i]);
  return out;
}

py::dict BudgetDict(const engine::BudgetResult& b) {
  py::dict d;
  d["device"] = b.device_name;
  d["average_current_uA"] = units::to_uA(b.average_current_A);
  d["average_power_uW"] = units::to_uW(b.average_power_W);
  d["energy_J_per_day"] = b.energy_J_per_day;
  d["lifetime_days"] = Days(b.lifetime_s);
  d["lifetime_years"] = b.lifetime_s / units::kSecondsPerYear;
  d["target_lifetime_days"] = Days(b.target_lifetime_s);
  d["meets_target"] = b.meets_target;
  py::dict battery;
  battery["nominal_voltage_V"] = b.battery_voltage_V;
  battery["capacity_mAh"] = b.battery_capacity_C / units::kCoulombsPerMilliampereHour;
  battery["model"] = "ideal";
  d["battery"] = battery;
  if (b.radio) {
    const engine::RadioSummary& r = *b.radio;
    py::dict radio;
    radio["ce_level"] = r.ce_level;
    radio["coupling_loss_dB"] = r.coupling_loss_dB;
    radio["npusch_tx_power_dBm"] = r.npusch_tx_power_dBm;
    radio["nprach_tx_power_dBm"] = r.nprach_tx_power_dBm;
    radio["psm"] = r.timers.psm;
    radio["t3412_s"] = r.timers.t3412_s;
    radio["t3324_s"] = r.timers.t3324_s;
    radio["edrx"] = r.timers.edrx;
    radio["edrx_cycle_s"] = r.timers.edrx_cycle_s;
    radio["ptw_s"] = r.timers.ptw_s;
    radio["idle_drx_cycle_s"] = r.timers.idle_drx_cycle_s;
    radio["report_connection_s"] = r.report_connection_s;
    radio["full_handshakes_per_day"] = r.full_handshakes_per_day;
    radio["resumed_handshakes_per_day"] = r.resumed_handshakes_per_day;
    radio["tau_per_day"] = r.tau_per_day;
    d["radio"] = radio;
  } else {
    d["radio"] = py::none();
  }
  py::list rows;
  for (const engine::ActivityBudget& a : b.breakdown) {
    py::dict row;
    row["activity"] = a.activity.str();
    row["events_per_day"] = a.events_per_day;
    row["duration_s_per_event"] = a.duration_s_per_event;
    row["energy_mJ_per_event"] = units::to_mJ(a.energy_J_per_event);
    row["energy_J_per_day"] = a.energy_J_per_day;
    row["share_frac"] = a.share_frac;
    row["average_current_uA"] = units::to_uA(a.average_current_A);
    rows.append(row);
  }
  d["breakdown"] = rows;
  return d;
}

py::dict LifetimeDict(const engine::DeviceProfile& p, const life::LifetimeResult& r, const life::LifetimeOptions& o) {
  py::dict d;
  d["device"] = p.name;
  d["climate"] = p.climate.name;
  d["start_month"] = o.start_month + 1;
  d["temperature_offset_degC"] = o.temperature_offset_degC;
  d["time_step_days"] = Days(o.time_step_s);
  d["lifetime_days"] = Days(r.lifetime_s);
  d["lifetime_years"] = r.lifetime_s / units::kSecondsPerYear;
  d["end_of_life_cause"] = Str(models::battery::EndOfLifeCauseName(r.cause));
  d["target_lifetime_days"] = Days(p.target_lifetime_s);
  d["meets_target"] = r.lifetime_s >= p.target_lifetime_s;  // as the CLI's lifetime command
  d["min_loaded_voltage_V"] = r.min_loaded_voltage_V;
  d["min_operating_voltage_V"] = p.supply.min_operating_voltage_V;
  d["energy_J_per_month"] = py::array_t<double>(static_cast<py::ssize_t>(r.energy_J_per_month.size()),
                                                r.energy_J_per_month.data());
  using S = life::LifetimeSample;
  py::dict series;
  series["time_days"] = Array<S>(r.series, [](const S& s) { return s.time_days; });
  series["soc_frac"] = Array<S>(r.series, [](const S& s) { return s.soc_frac; });
  series["open_circuit_voltage_V"] = Array<S>(r.series, [](const S& s) { return s.open_circuit_voltage_V; });
  series["min_loaded_voltage_V"] = Array<S>(r.series, [](const S& s) { return s.min_loaded_voltage_V; });
  series["temperature_degC"] = Array<S>(r.series, [](const S& s) { return s.temperature_degC; });
  series["energy_J"] = Array<S>(r.series, [](const S& s) { return s.energy_J; });
  d["series"] = series;
  return d;
}

py::dict Interval(const life::ProportionInterval& i) {
  py::dict d;
  d["fraction"] = i.estimate;
  d["ci_low"] = i.low;
  d["ci_high"] = i.high;
  d["confidence"] = i.confidence;
  d["method"] = "Wilson score interval";
  return d;
}

py::dict MonteCarloDict(const engine::DeviceProfile& p, const life::MonteCarloResult& mc, const life::MonteCarloOptions& o) {
  py::dict d;
  d["device"] = p.name;
  d["climate"] = p.climate.name;
  d["devices"] = mc.devices;
  d["seed"] = mc.seed;
  d["time_step_days"] = Days(o.lifetime.time_step_s);
  d["horizon_years"] = o.lifetime.horizon_s / units::kSecondsPerYear;
  d["target_lifetime_days"] = Days(mc.target_s);
  py::dict percentiles;
  for (const char* key : {"P1", "P5", "P10", "P50", "P90"}) percentiles[py::str(std::string(key) + "_days")] = Days(mc.percentiles_s.at(key));
  d["lifetime_percentiles"] = percentiles;
  d["reaching_target"] = Interval(mc.reaching_target);
  py::dict causes;
  for (const auto& [cause, count] : mc.early_deaths_by_cause) causes[py::str(cause)] = count;
  d["early_deaths_by_cause"] = causes;
  py::list mix;
  for (const life::CoverageGroup& g : mc.ce_mix) {
    py::dict group;
    group["group"] = life::CoverageGroupName(g.ce_level);
    group["ce_level"] = g.ce_level == life::kNoServiceGroup ? py::object(py::none()) : py::object(py::int_(g.ce_level));
    group["devices"] = g.devices;
    group["fraction"] = g.fraction;
    if (g.devices) {
      py::dict gp;
      for (const char* key : {"P1", "P10", "P50"}) gp[py::str(std::string(key) + "_days")] = Days(g.percentiles_s.at(key));
      group["lifetime_percentiles"] = gp;
      group["reaching_target"] = Interval(g.reaching_target);
    } else {
      group["lifetime_percentiles"] = py::none();
      group["reaching_target"] = py::none();
    }
    mix.append(group);
  }
  d["ce_level_mix"] = mix;
  py::list inputs;
  for (const engine::UncertainParameter& u : p.uncertainty) inputs.append(Str(engine::UncertainInputName(u.input)));
  d["uncertain_inputs"] = inputs;
  // Per device, in device order (device i draws the same inputs for a seed whatever the threads):
  // what the CLI's CSV lists.
  using D = life::DeviceLifetime;
  d["lifetimes_days"] = Array<D>(mc.outcomes, [](const D& x) { return Days(x.lifetime_s); });
  py::list device_causes;
  py::array_t<int> ce_levels(static_cast<py::ssize_t>(mc.outcomes.size()));
  int* level = ce_levels.mutable_data();
  for (const D& x : mc.outcomes) {
    device_causes.append(x.no_service ? py::str("no_service") : Str(models::battery::EndOfLifeCauseName(x.cause)));
    *level++ = x.ce_level;
  }
  d["end_of_life_causes"] = device_causes;
  d["ce_levels"] = ce_levels;
  py::list names;
  for (const engine::UncertainParameter& u : p.uncertainty) names.append(Str(engine::UncertainInputName(u.input)));
  py::dict input_values;  // name -> array over the devices
  for (std::size_t k = 0; k < p.uncertainty.size(); ++k) {
    py::array_t<double> column(static_cast<py::ssize_t>(mc.inputs.size()));
    double* out = column.mutable_data();
    for (const life::InputValues& values : mc.inputs) *out++ = values[k];
    input_values[names[k]] = column;
  }
  d["inputs"] = input_values;
  return d;
}

py::dict Simulate(const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir) {
  std::optional<engine::BudgetResult> budget;
  {
    py::gil_scoped_release unlocked;
    budget = engine::ComputeBudget(LoadDevice(profile, overrides, profiles_dir));
  }
  return BudgetDict(*budget);
}

py::dict Lifetime(const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir,
                  const SimulationArguments& simulation) {
  const life::LifetimeOptions options = simulation.Options(true);
  std::optional<engine::DeviceProfile> device;
  std::optional<life::LifetimeResult> result;
  {
    py::gil_scoped_release unlocked;
    device = LoadDevice(profile, overrides, profiles_dir);
    result = life::SimulateLifetime(*device, options);
  }
  return LifetimeDict(*device, *result, options);
}

py::dict MonteCarlo(const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir,
                    const PopulationArguments& population, const SimulationArguments& simulation) {
  const life::MonteCarloOptions options = population.Options(simulation);
  std::optional<engine::DeviceProfile> device;
  std::optional<life::MonteCarloResult> result;
  {
    py::gil_scoped_release unlocked;
    device = LoadDevice(profile, overrides, profiles_dir);
    RequireUncertainty(*device);
    result = life::RunMonteCarlo(*device, options);
  }
  return MonteCarloDict(*device, *result, options);
}

py::dict Prove(const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir,
               std::optional<double> target_days, double confidence, const PopulationArguments& population,
               const SimulationArguments& simulation) {
  engine::RequireInRange("confidence", confidence, life::kRequiredFractionRange);
  life::ProofOptions options;
  options.required_fraction = confidence;
  options.population = population.Options(simulation);
  if (target_days)
    engine::RequireInRange("target_days", *target_days, life::kTargetRange_s.InUnit(units::kSecondsPerDay, "days"));
  std::optional<engine::DeviceProfile> device;
  std::optional<life::ProofResult> proof;
  {
    py::gil_scoped_release unlocked;
    device = LoadDevice(profile, overrides, profiles_dir);
    RequireUncertainty(*device);
    options.target_s = target_days ? *target_days * units::kSecondsPerDay : device->target_lifetime_s;
    proof = life::Prove(*device, options);  // Validate()s confidence ("required_fraction") and the rest
  }
  const life::ProofResult& p = *proof;
  py::dict d;
  d["device"] = device->name;
  d["proven"] = p.proven;
  d["target_days"] = Days(p.target_s);
  d["required_fraction"] = p.required_fraction;
  d["climate"] = device->climate.name;
  py::dict design;
  design["average_current_uA"] = units::to_uA(p.budget.average_current_A);
  design["ideal_lifetime_days"] = Days(p.budget.lifetime_s);
  design["lifetime_days"] = Days(p.nominal.lifetime_s);
  design["end_of_life_cause"] = Str(models::battery::EndOfLifeCauseName(p.nominal.cause));
  design["min_loaded_voltage_V"] = p.nominal.min_loaded_voltage_V;
  d["design_point"] = design;
  d["budget"] = BudgetDict(p.budget);
  d["population"] = MonteCarloDict(*device, p.population, options.population);
  d["margin_frac"] = p.margin_frac;
  py::dict worst_inputs;
  for (std::size_t i = 0; i < device->uncertainty.size(); ++i)
    worst_inputs[Str(engine::UncertainInputName(device->uncertainty[i].input))] = p.worst_case_inputs[i];
  py::dict worst;
  worst["inputs"] = worst_inputs;
  worst["lifetime_days"] = Days(p.worst_case.lifetime_s);
  worst["end_of_life_cause"] =
      p.worst_case.no_service ? py::str("no_service") : Str(models::battery::EndOfLifeCauseName(p.worst_case.cause));
  d["worst_case"] = worst;
  py::list sensitivity;  // widest swing first
  for (const life::SensitivityRow& row : p.sensitivity.rows) {
    py::dict s;
    s["input"] = Str(engine::UncertainInputName(row.input));
    s["p10_value"] = row.low_value;
    s["p90_value"] = row.high_value;
    s["lifetime_at_p10_days"] = Days(row.low_lifetime_s);
    s["lifetime_at_p90_days"] = Days(row.high_lifetime_s);
    s["swing_days"] = Days(row.swing_s);
    s["elasticity"] = row.elasticity;
    s["per_unit_frac"] = row.per_unit_frac;
    s["median"] = row.median;
    s["adverse_is_high"] = row.adverse_is_high;
    sensitivity.append(s);
  }
  d["sensitivity"] = sensitivity;
  return d;
}

}  // namespace

void AddEngineFunctions(py::module_& m) {
  // Positional profile, overrides, profiles_dir; the rest keyword-only, as the Python layer passes
  // them (its defaults are the CLI's: docs/python.md).
  m.def("_simulate", &Simulate, py::arg("profile"), py::arg("overrides"), py::arg("profiles_dir"));
  m.def(
      "_lifetime",
      [](const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir, double dt_days,
         double horizon_years, double start_month, double temperature_offset_degC) {
        return Lifetime(profile, overrides, profiles_dir, {dt_days, horizon_years, start_month, temperature_offset_degC});
      },
      py::arg("profile"), py::arg("overrides"), py::arg("profiles_dir"), py::kw_only(), py::arg("dt_days"),
      py::arg("horizon_years"), py::arg("start_month"), py::arg("temperature_offset_degC"));
  m.def(
      "_montecarlo",
      [](const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir, double devices,
         double seed, double threads, double dt_days, double horizon_years, double start_month) {
        return MonteCarlo(profile, overrides, profiles_dir, {devices, seed, threads}, {dt_days, horizon_years, start_month, 0.0});
      },
      py::arg("profile"), py::arg("overrides"), py::arg("profiles_dir"), py::kw_only(), py::arg("devices"), py::arg("seed"),
      py::arg("threads"), py::arg("dt_days"), py::arg("horizon_years"), py::arg("start_month"));
  m.def(
      "_prove",
      [](const std::string& profile, const Overrides& overrides, const ProfilesDir& profiles_dir,
         std::optional<double> target_days, double confidence, double devices, double seed, double threads, double dt_days,
         double horizon_years, double start_month) {
        return Prove(profile, overrides, profiles_dir, target_days, confidence, {devices, seed, threads},
                     {dt_days, horizon_years, start_month, 0.0});
      },
      py::arg("profile"), py::arg("overrides"), py::arg("profiles_dir"), py::kw_only(), py::arg("target_days"),
      py::arg("confidence"), py::arg("devices"), py::arg("seed"), py::arg("threads"), py::arg("dt_days"),
      py::arg("horizon_years"), py::arg("start_month"));
}

}  // namespace pb::python
