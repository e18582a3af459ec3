#include "engine/lifetime/lifetime_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/errors.hpp"
#include "models/environment/climate.hpp"

namespace pb::engine::lifetime {
namespace {

using units::kSecondsPerDay;

// An activity rarer than once per step happens as discrete events at its period.
struct DiscreteEvent {
  double period_s;
  double energy_J;
};

struct LoadSchedule {
  double continuous_power_W = 0.0;
  std::vector<DiscreteEvent> events;
};

LoadSchedule Schedule(const BudgetResult& budget, double time_step_s) {
  LoadSchedule s;
  for (const ActivityBudget& a : budget.breakdown) {
    // The battery model draws its pulse buffer's leakage itself (models/battery/physics.hpp).
    if (a.activity == activity::kPulseBufferLeakage) continue;
    const double per_step = a.events_per_day * time_step_s / kSecondsPerDay;
    if (per_step >= 1.0 || a.events_per_day <= 0.0)
      s.continuous_power_W += a.energy_J_per_day / kSecondsPerDay;
    else
      s.events.push_back({kSecondsPerDay / a.events_per_day, a.energy_J_per_event});
  }
  return s;
}

// Energy of the discrete events in [t0, t1): event k of a period P falls at (k + 1/2)·P, so the
// first one does not coincide with installation and the long-run mean is exact.
double EventEnergy_J(const LoadSchedule& s, double t0_s, double t1_s) {
  double energy_J = 0.0;
  for (const DiscreteEvent& e : s.events) {
    const double count = std::floor(t1_s / e.period_s - 0.5) - std::floor(t0_s / e.period_s - 0.5);
    energy_J += count * e.energy_J;
  }
  return energy_J;
}

}  // namespace

LifetimeResult SimulateLifetime(const DeviceProfile& profile, const BudgetResult& budget,
                                const models::battery::BatteryModel& battery, const LifetimeOptions& options) {
  options.Validate();
  const LoadSchedule schedule = Schedule(budget, options.time_step_s);
  const bool linear = profile.supply.kind == models::device::SupplyKind::kLinear;
  const double v_nominal = profile.battery.nominal_voltage_V;
  const models::environment::ClimateParams& climate = profile.climate;

  LifetimeResult result;
  result.min_loaded_voltage_V = 1e300;
  double t_s = 0.0;
  const double day0 = models::environment::DayOfYear(0.0, options.start_month);
  models::battery::BatteryState state =
      battery.Initial(models::environment::DailyMean_degC(climate, day0) + options.temperature_offset_degC);
  const double month_s = units::kSecondsPerYear / 12.0;

  while (t_s < options.horizon_s) {
    const double dt_s = std::min(options.time_step_s, options.horizon_s - t_s);
    const double day = models::environment::DayOfYear(t_s + 0.5 * dt_s, options.start_month);
    const double mean_degC = models::environment::DailyMean_degC(climate, day) + options.temperature_offset_degC;
    const double cold_degC = models::environment::ColdestNight_degC(climate, day) + options.temperature_offset_degC;

    const double energy_J = schedule.continuous_power_W * dt_s + EventEnergy_J(schedule, t_s, t_s + dt_s);
    // Constant-power loads: the cell delivers the energy at its present voltage.
    const double ocv_V = battery.OpenCircuitVoltage_V(state, mean_degC);
    const double current_A = energy_J / dt_s / (linear ? v_nominal : ocv_V);

    // Charge runs out inside this step: find when, exactly, at this step's current.
    models::battery::BatteryModel::StepOutcome step = battery.StepUnlessExhausted(state, current_A, mean_degC, dt_s);
    if (step.exhausted_after_s) {
      result.lifetime_s = t_s + *step.exhausted_after_s;
      result.cause = models::battery::EndOfLifeCause::kChargeExhausted;
      break;
    }
    state = std::move(step.state);

    // Brown-out: the heaviest pulse on the coldest night of the month.
    double loaded_V = battery.OpenCircuitVoltage_V(state, cold_degC);
    if (budget.pulse_power_W > 0.0) {
      const double pulse_A = budget.pulse_power_W / (linear ? v_nominal : loaded_V);
      loaded_V = battery.LoadedVoltage_V(state, pulse_A, budget.pulse_duration_s, cold_degC);
    }
    result.min_loaded_voltage_V = std::min(result.min_loaded_voltage_V, loaded_V);

    const auto month = static_cast<std::size_t>(t_s / month_s);
    if (result.energy_J_per_month.size() <= month) result.energy_J_per_month.resize(month + 1, 0.0);
    result.energy_J_per_month[month] += energy_J;
    if (options.record_series)
      result.series.push_back({(t_s + dt_s) / kSecondsPerDay, battery.SocFrac(state), battery.OpenCircuitVoltage_V(state, mean_degC),
                               loaded_V, mean_degC, energy_J});
    t_s += dt_s;

    if (loaded_V < profile.supply.min_operating_voltage_V) {
      result.lifetime_s = t_s;
      result.cause = models::battery::EndOfLifeCause::kBrownOut;
      break;
    }
    if (step.accessible_C <= 0.0) {
      result.lifetime_s = t_s;
      result.cause = models::battery::EndOfLifeCause::kChargeExhausted;
      break;
    }
  }
  if (result.cause == models::battery::EndOfLifeCause::kNone) result.lifetime_s = options.horizon_s;
  if (result.min_loaded_voltage_V > 1e299) result.min_loaded_voltage_V = 0.0;
  return result;
}

void RequireStepLimit(double time_step_s, double horizon_s, std::string_view step_name, double unit_s,
                      const char* unit) {
  const double steps = horizon_s / time_step_s;
  // To rounding: the smallest step the message gives (to 10 digits) passes.
  if (steps <= kMaxLifetimeSteps * (1.0 + 1e-9)) return;
  const auto in_unit = [&](double seconds) { return FormatOptionNumber(seconds / unit_s) + " " + unit; };
  throw ProfileError(std::string(step_name),
                     in_unit(time_step_s) + " over a horizon of " + in_unit(horizon_s) + " is " +
                         FormatOptionNumber(std::ceil(steps)) + " steps, more than the " +
                         FormatOptionNumber(kMaxLifetimeSteps) + " allowed: for this horizon the step must be at least " +
                         in_unit(horizon_s / kMaxLifetimeSteps));
}

void LifetimeOptions::Validate() const {
  RequireInRange("time_step_s", time_step_s, kTimeStepRange_s);
  RequireInRange("horizon_s", horizon_s, kHorizonRange_s);
  RequireInRange("start_month", start_month, kStartMonthRange);
  RequireInRange("temperature_offset_degC", temperature_offset_degC, kTemperatureOffsetRange_degC);
  RequireStepLimit(time_step_s, horizon_s, "time_step_s", 1.0, "s");
}

LifetimeResult SimulateLifetime(const DeviceProfile& profile, const LifetimeOptions& options) {
  const models::battery::BatteryModel battery(profile.battery, profile.battery_physics);
  return SimulateLifetime(profile, ComputeBudget(profile), battery, options);
}

}  // namespace pb::engine::lifetime
