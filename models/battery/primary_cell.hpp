// A primary (non-rechargeable) cell as the fleet estimator sees it: a rest voltage that stays on
// a plateau until a knee near the end, a pulse resistance that rises with cold and with depth
// of discharge, and a slow self-discharge.
//
// Rest voltage (the Shepherd polarisation term K Q/(Q - q) rewritten in the remaining fraction;
// Shepherd, J. Electrochem. Soc. 112, 1965; Tremblay & Dessaint, World Electric Vehicle
// Journal 3, 2009, without the exponential zone a primary cell lacks):
//   V_rest(s, T) = E0 + alpha (T - T_ref) - a (1 - s) - K (1/(s + s0) - 1/(1 + s0))
// Pulse resistance (Arrhenius in temperature, linear rise over the life):
//   R(s, T, rho) = rho R_ref exp(Ea/R_gas (1/T_K - 1/T_ref_K)) (1 + kappa (1 - s))
// Loaded voltage under a transmit pulse I_p:  V_pulse = V_rest - I_p R.
// Self-discharge: dq/dt = f20 2^((T - 20)/T2) C / year (first order in the capacity; at the
//   < 1 %/year of Li-SOCl2 the difference to first order in the remaining charge is negligible).
//
// s    remaining fraction of the effective capacity, 1 - q / C                       [-]
// q    charge used since the cell was fitted                                         [C]
// C    effective capacity: the charge the cell delivers before the device browns out [C]
// rho  the device's resistance multiplier (a filter state; 1 = nominal)              [-]
// T    cell temperature                                                              [degC]
// Brown-out: V_pulse < V_bo. Because K / s0 is large (the knee is steep), V_pulse reaches
// V_bo at s = s_bo, a few per cent above zero; the estimator's end of life is q = C (1 - s_bo).
#pragma once

#include <string>

#include "models/battery/rating.hpp"

namespace pb::models::battery {

struct PrimaryCellParams {
  std::string chemistry;
  double e0_V;                         // rest voltage at full charge and T_ref
  double temperature_coefficient_V_per_K = 0.0;  // alpha
  double reference_temperature_degC = 20.0;      // T_ref
  double plateau_slope_V;              // a: the plateau's fall over the whole life
  double knee_V;                       // K
  double knee_offset_frac;             // s0
  double pulse_resistance_ohm;         // R_ref at T_ref, fresh cell, rho = 1
  double resistance_activation_J_per_mol = 15000.0;  // Ea
  double resistance_rise_frac = 0.5;   // kappa
  double self_discharge_frac_per_year = 0.01;        // f20
  double self_discharge_doubling_degC = 10.0;        // T2
  bool operator==(const PrimaryCellParams&) const = default;
};

// Defaults by chemistry (the figures and their sources are in primary_cell.cpp).
PrimaryCellParams DefaultPrimaryCell(const models::battery::BatteryParams& battery);

double RestVoltage_V(const PrimaryCellParams& cell, double remaining_frac, double temperature_degC);
// dV_rest/ds.
double RestVoltageSlope_V(const PrimaryCellParams& cell, double remaining_frac);
// R(s, T) for rho = 1.
double PulseResistance_ohm(const PrimaryCellParams& cell, double remaining_frac, double temperature_degC);
double PulseResistanceSlope_ohm(const PrimaryCellParams& cell, double temperature_degC);  // dR/ds
// Self-discharge rate as a fraction of the capacity per second.
double SelfDischargeRate_per_s(const PrimaryCellParams& cell, double temperature_degC);

// s_bo: the remaining fraction at which the loaded voltage reaches brown_out_V for a pulse of
// pulse_current_A at temperature_degC and resistance multiplier rho (0 if the cell never
// browns out above s = 0, 1 if it browns out even when full).
double BrownOutRemainingFraction(const PrimaryCellParams& cell, double brown_out_V, double pulse_current_A,
                                 double temperature_degC, double resistance_scale);

}  // namespace pb::models::battery
