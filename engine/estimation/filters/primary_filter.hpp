// Battery-state filter for a primary cell without current measurement (the mast monitor): an
// extended Kalman filter whose process model is the device's own energy budget.
//
// State x = [q, m, C, rho] (filter_state.hpp, PrimaryState):
//   q    charge used since the cell was fitted                              [C]
//   m    drain multiplier: actual drain / what the budget predicts           [-]
//   C    effective capacity: charge delivered before brown-out               [C]
//   rho  pulse-resistance multiplier (1 = the cell model's nominal)          [-]
// Process model, between two reports (drain_model.hpp gives D, primary_cell.hpp the rest):
//   q' = q + m D + C_nom r_sd(T) dt,  m' = m + w_m,  C' = C,  rho' = rho + w_rho
//   F = I + D e_q e_m'                 (q accumulates the multiplied drain)
//   Q = diag((sigma_D D)^2 + m^2 V_D, sigma_m^2 dt, 0, sigma_rho^2 dt)
//   sigma_D: per-interval model noise; V_D: the variance of D itself: each report's and FOTA's
//   cost over the coverage uncertainty (drain_model.hpp), and the Poisson variance of FOTA
//   updates the report cannot tell (no FOTA counter): lambda dt q_fota^2.
// Measurement models (each scalar, applied when the report has the field):
//   level    z = 1 - q / C_design                H = [-1/C_design, 0, 0, 0]
//            R = (quantum^2/12 + sigma_l^2) max(1, T_c / dt_level): a level quantised to 1 %
//            keeps the same rounding error until the level has moved one step (T_c), so its
//            readings are independent only that far apart.
//   voltage  the knee is too steep to linearise V_rest(s) around a wrong s, so the voltage
//            is inverted first, s_v = V_rest^-1(V, T), and used as the pseudo-measurement
//            0 = q - (1 - s_v) C + e,   H = [1, 0, -(1 - s_v), 0],  sd(e) = C sd_V / |dV/ds(s_v)|
//            only in the knee (s_v or the prediction below 0.25: on the plateau the cell's own
//            offset would be read as charge), gated at 6 sigma.
//   pulse    z = I_p R(s, T) rho                 H = [I_p rho dR/ds (-1/C), 0, I_p rho dR/ds q/C^2, I_p R]
#pragma once

#include <algorithm>
#include <vector>

#include "engine/estimation/filters/drain_model.hpp"
#include "engine/estimation/filters/ekf4.hpp"
#include "engine/estimation/filters/filter_state.hpp"
#include "models/battery/primary_cell.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {

struct PrimaryNoise {
  double model_charge_frac = 0.03;            // sigma_D: one interval's drain vs the budget
  double multiplier_per_sqrt_day = 0.0016;    // sigma_m: m drifts slowly (ageing of parts); abrupt
                                              // changes are the change detector's (change_detector.hpp)
  double resistance_per_sqrt_day = 0.002;     // sigma_rho
  double level_quantum_frac = 0.01;           // LwM2M /3/0/9 is an integer percent
  double level_sd_frac = 0.003;               // gauge noise on top of the rounding
  double gauge_gain_sd_frac = 0.01;           // per-device gauge gain error (not a state)
  double voltage_sd_V = 0.015;                // ADC, temperature compensation, cell offset
  double pulse_sd_V = 0.01;
  double pulse_sd_frac = 0.05;
  double initial_multiplier_sd = 0.15;        // unit-to-unit spread of currents before data
  double initial_capacity_sd_frac = 0.03;     // cell-to-cell capacity spread (assumption: 3 %)
  double initial_resistance_sd = 0.2;
  double level_update_interval_s = units::kSecondsPerDay;  // a level reading used at most this often
  double voltage_update_interval_s = 6.0 * units::kSecondsPerHour;
  double future_load_sd_frac_per_sqrt_year = 0.03;  // use and firmware drift over the forecast
  double coverage_drift_dB_per_sqrt_year = 1.0;     // a fixed device's coverage drifts (foliage, new buildings)
  bool operator==(const PrimaryNoise&) const = default;
};

struct PrimaryModel {
  models::battery::PrimaryCellParams cell;
  DrainTable drain;
  PrimaryNoise noise;
  double capacity_C;          // prior mean of the effective capacity
  double design_capacity_C;   // what the gauge's percent refers to (the rated capacity)
  double brown_out_V;         // the device's minimum operating voltage
  // SelfDischargeRate_per_s(cell, T) tabulated per degC from -60 to +100 (linear in between):
  // the per-record path would otherwise pay an exp2 for a term of < 1 %/year.
  std::vector<double> self_discharge_per_s_by_degC;
  bool operator==(const PrimaryModel&) const = default;

  void TabulateSelfDischarge();
  double SelfDischarge_per_s(double temperature_degC) const {
    if (self_discharge_per_s_by_degC.empty()) return models::battery::SelfDischargeRate_per_s(cell, temperature_degC);
    const double x = std::clamp(temperature_degC - kSelfDischargeTableMin_degC, 0.0,
                                static_cast<double>(self_discharge_per_s_by_degC.size() - 2));
    const auto i = static_cast<std::size_t>(x);
    const double w = x - static_cast<double>(i);
    return (1.0 - w) * self_discharge_per_s_by_degC[i] + w * self_discharge_per_s_by_degC[i + 1];
  }
  static constexpr double kSelfDischargeTableMin_degC = -60.0;
  static constexpr int kSelfDischargeTableSize = 162;
};

// The process input a report provides, already turned into the budget's terms.
struct PrimaryStep {
  double dt_s = 0.0;
  double drain_C = 0.0;              // D: the budget's charge between the reports
  double drain_variance_C2 = 0.0;    // extra variance of D (unobserved FOTA)
  double temperature_degC = 20.0;
};

PrimaryState PrimaryPrior(const PrimaryModel& model);

// Predict, written on the packed covariance so the fleet kernel can inline it.
inline void PrimaryPredict(const PrimaryModel& model, FilterState& s, const PrimaryStep& step, double self_discharge_C) {
  const PrimaryNoise& n = model.noise;
  const double D = step.drain_C;
  const double m = s.x[PrimaryState::kDrainMultiplier];
  s.x[PrimaryState::kChargeUsed] += m * D + self_discharge_C;
  const double dt_day = step.dt_s * (1.0 / units::kSecondsPerDay);
  const double sd_D = n.model_charge_frac * D;
  PredictRow0Coupled(s.P, D, 0.0, 0.0, sd_D * sd_D + step.drain_variance_C2 * m * m,
                     n.multiplier_per_sqrt_day * n.multiplier_per_sqrt_day * dt_day, 0.0,
                     n.resistance_per_sqrt_day * n.resistance_per_sqrt_day * dt_day);
}

// Level update (z in 0..1). correlation_time_s is T_c above. Returns the normalised innovation.
inline double PrimaryUpdateLevel(const PrimaryModel& model, FilterState& s, double level_frac, double correlation_time_s) {
  const PrimaryNoise& n = model.noise;
  const double inv_design = 1.0 / model.design_capacity_C;
  const double h = 1.0 - s.x[PrimaryState::kChargeUsed] * inv_design;
  const double inflation = correlation_time_s > n.level_update_interval_s ? correlation_time_s / n.level_update_interval_s : 1.0;
  const double R = (n.level_quantum_frac * n.level_quantum_frac * (1.0 / 12.0) + n.level_sd_frac * n.level_sd_frac) * inflation;
  return ScalarUpdate(s.x, s.P, {-inv_design, 0.0, 0.0, 0.0}, level_frac - h, R);
}

// Rest-voltage update where the knee makes the voltage informative; returns false when skipped.
bool PrimaryUpdateVoltage(const PrimaryModel& model, FilterState& s, double voltage_V, double temperature_degC,
                          double* normalised_innovation);
// Transmit-pulse voltage-drop update at the report's pulse current.
double PrimaryUpdatePulse(const PrimaryModel& model, FilterState& s, double drop_V, double pulse_current_A,
                          double temperature_degC);

// Keeps the state physical: m, C, rho positive, q not below zero, covariance diagonal positive.
void PrimaryConstrain(const PrimaryModel& model, FilterState& s);

// Remaining fraction s = 1 - q/C of the state.
double PrimaryRemainingFrac(const PrimaryState& state);

}  // namespace pb::engine::estimation
