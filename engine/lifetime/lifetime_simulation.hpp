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
#include "engine/option_range.hpp"
#include "models/battery/physics.hpp"
#include "models/units.hpp"

namespace pb::engine::lifetime {

// The options' allowed ranges: Validate() checks them, and the CLI's --dt-days, --horizon-years,
// --start-month and --temperature-offset show them in their own units.
// A step of at most a month: the climate and the energy per month are monthly.
inline constexpr NumericRange kTimeStepRange_s{0.0, 31.0 * units::kSecondsPerDay, true, false, false, "s"};
inline constexpr NumericRange kHorizonRange_s{0.0, 100.0 * units::kSecondsPerYear, true, false, false, "s"};
inline constexpr NumericRange kStartMonthRange{0.0, 11.0, false, false, true, ""};  // 0 = January
inline constexpr NumericRange kTemperatureOffsetRange_degC{-60.0, 60.0, false, false, false, "degC"};

// The most steps one simulation may take (horizon / step), so that a tiny step is refused up
// front instead of running for days while its series fills the memory (a step of 1e-9 days
// passes the range above). Every use stays far below: the default lifetime run takes 10,950
// steps (1 day over 30 years), a population 1,565 (7 days), the finest step the docs use
// (0.25 days) over the longest horizon (100 years) 146,000. A million steps, an hour's step over
// a century, take under a second with a series of 48 MB (2 s and 200 MB written out as CSV;
// release build).
inline constexpr double kMaxLifetimeSteps = 1'000'000.0;

// Throws ProfileError(step_name, ...) when horizon_s / time_step_s exceeds kMaxLifetimeSteps,
// saying the limit and the smallest step for the horizon. The caller names the step and its
// unit (unit_s seconds, called unit): "time_step_s" in seconds here, "--dt-days" in days in the CLI.
void RequireStepLimit(double time_step_s, double horizon_s, std::string_view step_name, double unit_s,
                      const char* unit);

struct LifetimeOptions {
  double time_step_s = units::kSecondsPerDay;
  double horizon_s = 30.0 * units::kSecondsPerYear;  // stop here if the battery is still alive
  int start_month = 0;                               // installation month, 0 = January
  double temperature_offset_degC = 0.0;              // the site against the climate normals
  bool record_series = true;
  // Throws ProfileError naming the option and its allowed range (the ranges above, and the step
  // limit); every simulation calls it, so no caller can start one that does not end.
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
