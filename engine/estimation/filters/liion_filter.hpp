// State-of-charge filter for a Li-ion cell with measured current: an extended Kalman filter on
// the one-RC equivalent circuit of liion_cell.hpp, with the series resistance and the capacity
// as slowly varying states (joint estimation: Plett, "Extended Kalman filtering for battery
// management systems of LiPB-based HEV battery packs, part 3", J. Power Sources 134, 2004).
//
// State x = [s, v1, R0, C]:
//   s   state of charge                                [-]
//   v1  RC branch voltage                              [V]
//   R0  series resistance (learnt: it doubles from 25 to 0 degC)          [Ohm]
//   C   capacity, for state of health                  [C]
// Process model (zero-order hold on the current I over dt, I > 0 discharging):
//   s' = s - eta(I) I dt / C,  v1' = a v1 + (1 - a) R1 I,  R0' = R0,  C' = C,  a = exp(-dt/tau1)
//   F = I + [row s: d s'/d C = eta I dt / C^2],  F(v1, v1) = a
//   Q = diag(q_s dt + (sigma_I dt / C)^2, q_v dt, q_R dt, q_C dt)
// Measurement model: V = OCV(s, T) - v1 - k(I) R0 I,  H = [dOCV/ds, -1, -k(I) I, 0]
//   (k = r0_charge_ratio while charging, else 1), noise variance sigma_V^2.
#pragma once

#include "engine/estimation/filters/filter_state.hpp"
#include "models/battery/liion_cell.hpp"

namespace pb::engine::estimation {

struct LiIonNoise {
  double soc_per_sqrt_s = 3e-6;          // q_s = this^2: unmodelled charge (current offset)
  double rc_voltage_V_per_sqrt_s = 1e-4;
  double r0_ohm_per_sqrt_s = 3e-5;       // lets R0 follow temperature within minutes
  double capacity_C_per_sqrt_s = 1e-3;   // capacity fade is months, not hours
  double current_A = 0.0;                // current sensor noise (adds to q_s)
  double voltage_V = 0.01;               // voltage noise and OCV-fit error together
  double initial_soc_sd_frac = 0.3;      // a device that says nothing: the whole range
  double initial_rc_voltage_sd_V = 0.01;
  double initial_r0_sd_ohm = 0.03;
  double initial_capacity_sd_frac = 0.0;   // > 0 learns the capacity (state of health) over
                                          // weeks; within one drive cycle it only absorbs OCV-fit error
  bool operator==(const LiIonNoise&) const = default;
};

struct LiIonModel {
  models::battery::LiIonCellParams cell;
  LiIonNoise noise;
  bool operator==(const LiIonModel&) const = default;
};

// The prior for a fresh device: s from the first voltage at rest when given (OCV inverted),
// else 0.5 with initial_soc_sd_frac.
LiIonState LiIonPrior(const LiIonModel& model, double soc_guess_frac, double temperature_degC);

// Inverts the OCV curve (bisection), for a first guess from a voltage at rest.
double SocFromOpenCircuitVoltage(const models::battery::LiIonCellParams& cell, double voltage_V, double temperature_degC);

// Process model over dt with the current held from the previous sample.
void LiIonPredict(const LiIonModel& model, LiIonState& state, double current_A, double dt_s);
// Measurement update with a terminal voltage taken at current_A. Returns the normalised
// innovation.
double LiIonUpdateVoltage(const LiIonModel& model, LiIonState& state, double voltage_V, double current_A,
                          double temperature_degC);

// One-sigma of the state of charge.
double LiIonSocSd(const LiIonState& state);

}  // namespace pb::engine::estimation
