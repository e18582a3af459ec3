#include "engine/estimation/filters/liion_filter.hpp"

#include "engine/estimation/filters/ekf4.hpp"
#include "engine/estimation/filters/ekf4_eigen.hpp"

#include <algorithm>
#include <cmath>

namespace pb::engine::estimation {
namespace {

// Bounds that keep a state physical whatever the data did (a cell never has negative
// resistance or capacity; SOC may overshoot [0, 1] a little while converging).
constexpr double kMinR0_ohm = 1e-4;
constexpr double kMinCapacityFrac = 0.2;
constexpr double kSocLimit = 0.2;  // s kept in [-0.2, 1.2]

Vector4 Mean(const LiIonState& state) { return Vector4(state.s.x.data()); }
void Store(LiIonState& state, const Vector4& x, const Matrix4& P) {
  for (int i = 0; i < 4; ++i) state.s.x[static_cast<std::size_t>(i)] = x(i);
  state.s.P = FromMatrix(P);
}

void Clamp(const LiIonModel& model, LiIonState& state) {
  auto& x = state.s.x;
  x[LiIonState::kSoc] = std::clamp(x[LiIonState::kSoc], -kSocLimit, 1.0 + kSocLimit);
  x[LiIonState::kR0] = std::max(x[LiIonState::kR0], kMinR0_ohm);
  x[LiIonState::kCapacity] = std::max(x[LiIonState::kCapacity], kMinCapacityFrac * model.cell.capacity_C);
}

}  // namespace

double SocFromOpenCircuitVoltage(const models::battery::LiIonCellParams& cell, double voltage_V, double temperature_degC) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    (models::battery::OpenCircuitVoltage_V(cell, mid, temperature_degC) < voltage_V ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

LiIonState LiIonPrior(const LiIonModel& model, double soc_guess_frac, double /*temperature_degC*/) {
  const LiIonNoise& n = model.noise;
  LiIonState state;
  state.s.x = {soc_guess_frac, 0.0, model.cell.r0_ohm, model.cell.capacity_C};
  const double capacity_sd_C = n.initial_capacity_sd_frac * model.cell.capacity_C;
  state.s.P = Sym4::Diagonal(n.initial_soc_sd_frac * n.initial_soc_sd_frac,
                             n.initial_rc_voltage_sd_V * n.initial_rc_voltage_sd_V,
                             n.initial_r0_sd_ohm * n.initial_r0_sd_ohm, capacity_sd_C * capacity_sd_C);
  return state;
}

void LiIonPredict(const LiIonModel& model, LiIonState& state, double current_A, double dt_s) {
  if (!(dt_s > 0.0)) return;
  const models::battery::LiIonCellParams& cell = model.cell;
  const LiIonNoise& n = model.noise;
  const Vector4 x = Mean(state);
  const double capacity_C = x(LiIonState::kCapacity);
  const double eta = current_A < 0.0 ? cell.charge_efficiency_frac : 1.0;
  const double a = std::exp(-dt_s / cell.tau1_s);

  Vector4 x_next = x;
  x_next(LiIonState::kSoc) = x(LiIonState::kSoc) - eta * current_A * dt_s / capacity_C;
  x_next(LiIonState::kRcVoltage) = a * x(LiIonState::kRcVoltage) + (1.0 - a) * cell.r1_ohm * current_A;

  Matrix4 F = Matrix4::Identity();
  F(LiIonState::kSoc, LiIonState::kCapacity) = eta * current_A * dt_s / (capacity_C * capacity_C);
  F(LiIonState::kRcVoltage, LiIonState::kRcVoltage) = a;
  const double current_soc_sd = n.current_A * dt_s / capacity_C;
  Matrix4 Q = Matrix4::Zero();
  Q(0, 0) = n.soc_per_sqrt_s * n.soc_per_sqrt_s * dt_s + current_soc_sd * current_soc_sd;
  Q(1, 1) = n.rc_voltage_V_per_sqrt_s * n.rc_voltage_V_per_sqrt_s * dt_s;
  Q(2, 2) = n.r0_ohm_per_sqrt_s * n.r0_ohm_per_sqrt_s * dt_s;
  Q(3, 3) = n.capacity_C_per_sqrt_s * n.capacity_C_per_sqrt_s * dt_s;

  const Matrix4 P = ToMatrix(state.s.P);
  const Matrix4 P_next = F * P * F.transpose() + Q;
  Store(state, x_next, P_next);
  Clamp(model, state);
}

double LiIonUpdateVoltage(const LiIonModel& model, LiIonState& state, double voltage_V, double current_A,
                          double temperature_degC) {
  const models::battery::LiIonCellParams& cell = model.cell;
  const Vector4 x = Mean(state);
  const double k = current_A < 0.0 ? cell.r0_charge_ratio : 1.0;
  const double s = x(LiIonState::kSoc);
  const double h = models::battery::OpenCircuitVoltage_V(cell, s, temperature_degC) - x(LiIonState::kRcVoltage) -
                   k * x(LiIonState::kR0) * current_A;
  Row4 H;
  H << models::battery::OpenCircuitVoltageSlope_V(cell, s, temperature_degC), -1.0, -k * current_A, 0.0;
  const double R = model.noise.voltage_V * model.noise.voltage_V;

  const Matrix4 P = ToMatrix(state.s.P);
  const Vector4 PHt = P * H.transpose();
  const double S = (H * PHt)(0, 0) + R;
  if (!(S > 0.0) || !std::isfinite(S)) return 0.0;
  const Vector4 K = PHt / S;
  const double y = voltage_V - h;
  const Vector4 x_next = x + K * y;
  const Matrix4 P_next = P - K * S * K.transpose();
  Store(state, x_next, P_next);
  Clamp(model, state);
  return y / std::sqrt(S);
}

double LiIonSocSd(const LiIonState& state) { return std::sqrt(std::max(0.0, state.s.P(0, 0))); }

}  // namespace pb::engine::estimation
