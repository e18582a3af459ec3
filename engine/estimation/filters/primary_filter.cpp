#include "engine/estimation/filters/primary_filter.hpp"

#include <algorithm>
#include <cmath>

namespace pb::engine::estimation {

void PrimaryModel::TabulateSelfDischarge() {
  self_discharge_per_s_by_degC.resize(kSelfDischargeTableSize);
  for (int i = 0; i < kSelfDischargeTableSize; ++i)
    self_discharge_per_s_by_degC[static_cast<std::size_t>(i)] = models::battery::SelfDischargeRate_per_s(cell, kSelfDischargeTableMin_degC + i);
}

PrimaryState PrimaryPrior(const PrimaryModel& model) {
  const PrimaryNoise& n = model.noise;
  PrimaryState state;
  state.s.x = {0.0, 1.0, model.capacity_C, 1.0};
  const double capacity_sd_C = n.initial_capacity_sd_frac * model.capacity_C;
  // A fresh cell: q known to be ~0 (a small variance keeps P positive definite).
  const double q_sd_C = 1e-3 * model.capacity_C;
  state.s.P = Sym4::Diagonal(q_sd_C * q_sd_C, n.initial_multiplier_sd * n.initial_multiplier_sd,
                             capacity_sd_C * capacity_sd_C, n.initial_resistance_sd * n.initial_resistance_sd);
  return state;
}

namespace {

// s with V_rest(s, T) = V, by bisection (V_rest rises monotonically with s).
double RemainingFracFromRestVoltage(const models::battery::PrimaryCellParams& cell, double voltage_V, double temperature_degC) {
  double lo = -0.5 * cell.knee_offset_frac, hi = 1.0;
  if (models::battery::RestVoltage_V(cell, hi, temperature_degC) <= voltage_V) return hi;
  if (models::battery::RestVoltage_V(cell, lo, temperature_degC) >= voltage_V) return lo;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    (models::battery::RestVoltage_V(cell, mid, temperature_degC) < voltage_V ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Beyond this the knee is too flat for the voltage to say more than the level does, and the
// cell's own offset from the model would be read as charge.
constexpr double kKneeRemainingFrac = 0.25;
// A voltage this far from the prediction is not the cell (a measurement glitch, a wrong
// temperature): skipped rather than allowed to move the state.
constexpr double kVoltageGateSigmas = 6.0;

}  // namespace

bool PrimaryUpdateVoltage(const PrimaryModel& model, FilterState& s, double voltage_V, double temperature_degC,
                          double* normalised_innovation) {
  const models::battery::PrimaryCellParams& cell = model.cell;
  const double q = s.x[PrimaryState::kChargeUsed];
  const double C = s.x[PrimaryState::kCapacity];
  const double predicted = 1.0 - q / C;
  // On the plateau (and predicted there) the voltage says nothing the level does not: skip
  // before paying for the inversion.
  if (predicted > kKneeRemainingFrac && voltage_V >= models::battery::RestVoltage_V(cell, kKneeRemainingFrac, temperature_degC)) return false;
  // The knee is too steep to linearise V(s) around a wrong s, so the voltage is first turned
  // into the remaining fraction it implies, s_v = V_rest^-1(V, T), with sd_V / |dV/ds| as its
  // noise, and then used as the pseudo-measurement 0 = q - (1 - s_v) C, linear in the state.
  const double measured = RemainingFracFromRestVoltage(cell, voltage_V, temperature_degC);
  if (measured > kKneeRemainingFrac && predicted > kKneeRemainingFrac) return false;
  const double slope = models::battery::RestVoltageSlope_V(cell, std::max(measured, 0.0));
  const double sd_frac = model.noise.voltage_sd_V / slope;
  const double used = 1.0 - measured;
  const std::array<double, 4> H = {1.0, 0.0, -used, 0.0};
  const double y = used * C - q;
  const double S = s.P(0, 0) + used * used * s.P(2, 2) - 2.0 * used * s.P(0, 2) + std::pow(sd_frac * C, 2);
  if (std::abs(y) > kVoltageGateSigmas * std::sqrt(std::max(S, 0.0))) return false;
  const double z = ScalarUpdate(s.x, s.P, H, y, std::pow(sd_frac * C, 2));
  if (normalised_innovation) *normalised_innovation = z;
  return true;
}

double PrimaryUpdatePulse(const PrimaryModel& model, FilterState& s, double drop_V, double pulse_current_A,
                          double temperature_degC) {
  const models::battery::PrimaryCellParams& cell = model.cell;
  const double q = s.x[PrimaryState::kChargeUsed];
  const double C = s.x[PrimaryState::kCapacity];
  const double rho = s.x[PrimaryState::kResistance];
  const double remaining = 1.0 - q / C;
  const double r_ohm = models::battery::PulseResistance_ohm(cell, remaining, temperature_degC);
  const double dr_ds = remaining > 0.0 && remaining < 1.0 ? models::battery::PulseResistanceSlope_ohm(cell, temperature_degC) : 0.0;
  const double h = pulse_current_A * r_ohm * rho;
  const double k = pulse_current_A * rho * dr_ds;
  const double sd_V = std::hypot(model.noise.pulse_sd_V, model.noise.pulse_sd_frac * h);
  return ScalarUpdate(s.x, s.P, {-k / C, 0.0, k * q / (C * C), pulse_current_A * r_ohm}, drop_V - h, sd_V * sd_V);
}

void PrimaryConstrain(const PrimaryModel& model, FilterState& s) {
  auto& x = s.x;
  x[PrimaryState::kChargeUsed] = std::max(x[PrimaryState::kChargeUsed], 0.0);
  x[PrimaryState::kDrainMultiplier] = std::clamp(x[PrimaryState::kDrainMultiplier], 0.05, 1000.0);
  x[PrimaryState::kCapacity] = std::clamp(x[PrimaryState::kCapacity], 0.3 * model.capacity_C, 3.0 * model.capacity_C);
  x[PrimaryState::kResistance] = std::clamp(x[PrimaryState::kResistance], 0.05, 50.0);
  const double c = model.capacity_C;
  FloorDiagonal(s.P, 1e-12 * c * c, 1e-8, 1e-12 * c * c, 1e-8);
}

double PrimaryRemainingFrac(const PrimaryState& state) { return 1.0 - state.charge_used_C() / state.capacity_C(); }

}  // namespace pb::engine::estimation
