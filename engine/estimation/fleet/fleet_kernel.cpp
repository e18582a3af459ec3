#include "engine/estimation/fleet/fleet_kernel.hpp"

#include "models/units.hpp"

namespace pb::engine::estimation {

void FleetStateSoA::Resize(std::size_t n) {
  for (auto& v : x) v.resize(n);
  for (auto& v : p) v.resize(n);
}

void FleetStateSoA::Set(std::size_t i, const FilterState& s) {
  for (std::size_t k = 0; k < 4; ++k) x[k][i] = s.x[k];
  for (std::size_t k = 0; k < 10; ++k) p[k][i] = s.P.p[k];
}

FilterState FleetStateSoA::Get(std::size_t i) const {
  FilterState s;
  for (std::size_t k = 0; k < 4; ++k) s.x[k] = x[k][i];
  for (std::size_t k = 0; k < 10; ++k) s.P.p[k] = p[k][i];
  return s;
}

void FleetStepSoA::Resize(std::size_t n) {
  dt_s.resize(n);
  drain_C.resize(n);
  self_discharge_C.resize(n);
  level_frac.resize(n);
  level_correlation_s.resize(n);
  level_valid.resize(n);
}

void UpdateFleet(const PrimaryModel& model, FleetStateSoA& fleet, const FleetStepSoA& step) {
  const std::size_t n = fleet.size();
  const PrimaryNoise& noise = model.noise;
  const double inv_design = 1.0 / model.design_capacity_C;
  const double level_var = noise.level_quantum_frac * noise.level_quantum_frac * (1.0 / 12.0) +
                           noise.level_sd_frac * noise.level_sd_frac;
  const double q_m_per_day = noise.multiplier_per_sqrt_day * noise.multiplier_per_sqrt_day;
  const double q_rho_per_day = noise.resistance_per_sqrt_day * noise.resistance_per_sqrt_day;
  const double inv_level_interval = 1.0 / noise.level_update_interval_s;
  double* __restrict x0 = fleet.x[0].data();
  double* __restrict x1 = fleet.x[1].data();
  double* __restrict x2 = fleet.x[2].data();
  double* __restrict x3 = fleet.x[3].data();
  double* __restrict p0 = fleet.p[0].data();
  double* __restrict p1 = fleet.p[1].data();
  double* __restrict p2 = fleet.p[2].data();
  double* __restrict p3 = fleet.p[3].data();
  double* __restrict p4 = fleet.p[4].data();
  double* __restrict p5 = fleet.p[5].data();
  double* __restrict p6 = fleet.p[6].data();
  double* __restrict p7 = fleet.p[7].data();
  double* __restrict p8 = fleet.p[8].data();
  double* __restrict p9 = fleet.p[9].data();
  const double* __restrict dt = step.dt_s.data();
  const double* __restrict D = step.drain_C.data();
  const double* __restrict self = step.self_discharge_C.data();
  const double* __restrict level = step.level_frac.data();
  const double* __restrict corr = step.level_correlation_s.data();
  const unsigned char* __restrict valid = step.level_valid.data();

  for (std::size_t i = 0; i < n; ++i) {
    // Predict (PrimaryPredict): F = I + D e_q e_m', Q diagonal.
    const double d = D[i];
    const double dt_day = dt[i] * (1.0 / units::kSecondsPerDay);
    const double sd_D = noise.model_charge_frac * d;
    x0[i] += x1[i] * d + self[i];
    const double a0 = p0[i] + d * p1[i];
    const double a1 = p1[i] + d * p4[i];
    const double a2 = p2[i] + d * p5[i];
    const double a3 = p3[i] + d * p6[i];
    double P00 = a0 + d * a1 + sd_D * sd_D;
    double P01 = a1, P02 = a2, P03 = a3;
    double P11 = p4[i] + q_m_per_day * dt_day;
    double P12 = p5[i], P13 = p6[i];
    double P22 = p7[i];
    double P23 = p8[i];
    double P33 = p9[i] + q_rho_per_day * dt_day;

    // Level update (PrimaryUpdateLevel): H = [-1/C_design, 0, 0, 0], so P H' is column 0 of P
    // scaled; a device without a level this step gets a zero gain (branch-free).
    const double inflation = corr[i] > noise.level_update_interval_s ? corr[i] * inv_level_interval : 1.0;
    const double R = level_var * inflation;
    const double h0 = -inv_design;
    const double ph0 = P00 * h0, ph1 = P01 * h0, ph2 = P02 * h0, ph3 = P03 * h0;
    const double S = h0 * ph0 + R;
    const double use = valid[i] ? 1.0 : 0.0;
    const double g = use / S;
    const double y = level[i] - (1.0 - x0[i] * inv_design);
    const double k0 = ph0 * g, k1 = ph1 * g, k2 = ph2 * g, k3 = ph3 * g;
    x0[i] += k0 * y;
    x1[i] += k1 * y;
    x2[i] += k2 * y;
    x3[i] += k3 * y;
    p0[i] = P00 - k0 * ph0;
    p1[i] = P01 - k0 * ph1;
    p2[i] = P02 - k0 * ph2;
    p3[i] = P03 - k0 * ph3;
    p4[i] = P11 - k1 * ph1;
    p5[i] = P12 - k1 * ph2;
    p6[i] = P13 - k1 * ph3;
    p7[i] = P22 - k2 * ph2;
    p8[i] = P23 - k2 * ph3;
    p9[i] = P33 - k3 * ph3;
  }
}

}  // namespace pb::engine::estimation
