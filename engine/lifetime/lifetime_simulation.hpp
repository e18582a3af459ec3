// Lifetime simulation: calendar time from installation to end of life.
//
// Each time step (a numerical setting, not physics: results converge as it shrinks, tested) the
// device draws its budget's energy — activities that happen at least once per step as their
// mean rate, rarer ones (FOTA, weekly full handshakes) as discrete events at their period — from
// the battery at the day's mean temperature (climate plus the site's offset). Loads are
// constant-power, so the battery current is the power over the cell's open-circuit voltage
// (linear supplies pass the load current). The battery model (models/battery/physics.hpp) tracks
// charge, rate recovery, derating and self-discharge. End of life: the accessible charge is used
// up, or the loaded voltage under the device's heaviest pulse on the month's coldest night falls
// below the device's minimum operating voltage (brown-out) — whichever comes first.
//
// Where the budget is constant and the battery ideal, the result equals the budget's lifetime
// (energy over power) within half a per cent (tested); the difference is the discreteness of
// the rare events.
#pragma once

#include <vector>

#include "engine/budget.hpp"
#include "engine/device_profile.hpp"
#include "models/battery/physics.hpp"
#include "models/units.hpp"

namespace pb::engine::lifetime {

struct LifetimeOptions {
  double time_step_s = units::kSecondsPerDay;
  double horizon_s = 30.0 * units::kSecondsPerYear;  // stop here if the battery is still alive
  int start_month = 0;                               // installation month, 0 = January
  double temperature_offset_degC = 0.0;              // the site against the climate normals
  bool record_series = true;
  // Throws ProfileError naming the option and its allowed range (the CLI, the C ABI and the
  // Python module get the same checks).
  void Validate() const;
};

// One row per step.
struct LifetimeSample {
  double time_days = 0.0;
  double soc_frac = 0.0;
  double open_circuit_voltage_V = 0.0;
  double min_loaded_voltage_V = 0.0;  // under the pulse on the month's coldest night
  double temperature_degC = 0.0;      // the step's mean
  double energy_J = 0.0;              // drawn in the step
};

struct LifetimeResult {
  double lifetime_s = 0.0;  // end of life, or the horizon when not reached
  models::battery::EndOfLifeCause cause = models::battery::EndOfLifeCause::kNone;  // kNone: alive at the horizon
  double min_loaded_voltage_V = 0.0;                             // lowest over the whole life
  std::vector<double> energy_J_per_month;                        // per 1/12 year since installation
  std::vector<LifetimeSample> series;                            // when options.record_series
};

LifetimeResult SimulateLifetime(const DeviceProfile& profile, const BudgetResult& budget,
                                const models::battery::BatteryModel& battery, const LifetimeOptions& options);

// Convenience: budget, battery model and simulation for one profile.
LifetimeResult SimulateLifetime(const DeviceProfile& profile, const LifetimeOptions& options);

}  // namespace pb::engine::lifetime
