// "Draining faster than it should", and why, from the budget breakdown.
//
// Explained excess: the budget at what the reports say (reports sent per day, coverage, FOTA
// updates) against the plan (the profile's own interval and coverage). When its ratio passes
// explained_ratio, the cause is the largest of the three excess charges per day:
//   reporting rate  (n - n_plan) q_report(plan)
//   FOTA            (f - f_plan) q_fota(plan)
//   coverage        (what the reports actually cost, running mean) - n q_report(plan)
//                   - I_floor(plan) day + f (q_fota(L) - q_fota(plan))
// Unexplained excess (checked first, so a fault on a device already above plan still shows):
// the drain multiplier m is significantly above drain_multiplier
// (m - 2 sd_m), or the change detector fired: the budget does not cover what the battery
// loses (a leak, a modem out of PSM, a stuck peripheral). The flag clears only when both
// excesses are confidently gone (hysteresis: m + 2 sd_m below the threshold).
#pragma once

#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/estimate.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {

void RaiseDrainFlag(DeviceState& state, double time_s, DrainCause cause);
void UpdateDrainFlag(const FleetModel& model, DeviceState& state, double time_s);
// The budget's explained drain rate (reports, floor, FOTA at the observed rates).
inline double ExplainedCurrent_A(const DeviceState& st) {
  return st.base_drain_A + st.fota_per_day * (1.0 / units::kSecondsPerDay) * st.fota_charge_C;
}

}  // namespace pb::engine::estimation
