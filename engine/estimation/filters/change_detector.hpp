// Abrupt drain changes (a leak, a modem that stops entering PSM) that the filter's slow
// random walk on the drain multiplier would take weeks to follow.
//
// Two anchors, rotated every change_window_s, remember the battery level and the budget's
// drain since then. Against each anchor at least change_min_window_s old:
//   observed drop  d_obs  = level_anchor - level
//   predicted drop d_pred = m D_anchor / C_design
//   sigma^2 = 2 (quantum^2/12 + sigma_l^2) + (sigma_m D_anchor / C_design)^2 + (sigma_g d_pred)^2
//   change when d_obs - d_pred > k sigma + quantum/2 on two consecutive readings (one reading
//   past the threshold is as likely a gauge outlier)
// (a one-sided windowed test in the spirit of the GLR detector of Willsky & Jones, IEEE TAC 21,
// 1976). On a change the multiplier jumps to the window's own estimate d_obs C_design / D_anchor
// with a wide variance, so the filter re-converges in days, and the drain flag is raised.
#pragma once

#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"

namespace pb::engine::estimation {

void AccumulateAnchors(DeviceState& state, double drain_C);
// Returns true when a change was detected (and applied to the state).
bool DetectDrainChange(const FleetModel& model, DeviceState& state, double time_s, double level_frac);

}  // namespace pb::engine::estimation
