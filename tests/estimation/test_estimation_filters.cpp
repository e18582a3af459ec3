// The estimator maths: the packed EKF routines against the same equations in Eigen, the fleet
// kernel against the per-device filter, the primary-cell model's physics, and the remaining-
// life distribution in closed-form cases.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>

#include "engine/budget.hpp"
#include "engine/estimation/filters/ekf4.hpp"
#include "engine/estimation/filters/ekf4_eigen.hpp"
#include "engine/estimation/fleet/fleet_kernel.hpp"
#include "models/battery/primary_cell.hpp"
#include "engine/estimation/filters/primary_filter.hpp"
#include "engine/estimation/filters/remaining_life.hpp"
#include "models/units.hpp"
#include "support/test_device.hpp"

namespace pb::engine::estimation {
namespace {

Sym4 RandomCovariance(std::mt19937_64& rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  Matrix4 A;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) A(i, j) = n(rng);
  return FromMatrix(A * A.transpose() + Matrix4::Identity());
}

TEST(EstimationEkf, PredictMatchesEigen) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 20; ++trial) {
    Sym4 P = RandomCovariance(rng);
    const Matrix4 P0 = ToMatrix(P);
    const double f1 = 0.7, f2 = -0.2, f3 = 1.3;
    PredictRow0Coupled(P, f1, f2, f3, 0.1, 0.2, 0.3, 0.4);
    Matrix4 F = Matrix4::Identity();
    F(0, 1) = f1;
    F(0, 2) = f2;
    F(0, 3) = f3;
    const Matrix4 expected = F * P0 * F.transpose() + Eigen::Vector4d(0.1, 0.2, 0.3, 0.4).asDiagonal().toDenseMatrix();
    EXPECT_LT((ToMatrix(P) - expected).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(EstimationEkf, ScalarUpdateMatchesEigen) {
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 20; ++trial) {
    Sym4 P = RandomCovariance(rng);
    const Matrix4 P0 = ToMatrix(P);
    std::array<double, 4> x = {1.0, 2.0, 3.0, 4.0};
    const std::array<double, 4> h = {0.5, -1.0, 0.25, 2.0};
    const double y = 0.3, R = 0.05;
    ScalarUpdate(x, P, h, y, R);
    const Row4 H(h[0], h[1], h[2], h[3]);
    const double S = (H * P0 * H.transpose())(0, 0) + R;
    const Vector4 K = P0 * H.transpose() / S;
    const Matrix4 expected = (Matrix4::Identity() - K * H) * P0;
    EXPECT_LT((ToMatrix(P) - expected).cwiseAbs().maxCoeff(), 1e-12);
    const Vector4 x_expected = Vector4(1.0, 2.0, 3.0, 4.0) + K * y;
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(x[static_cast<std::size_t>(i)], x_expected(i), 1e-12);
  }
}

PrimaryModel TestPrimaryModel() {
  engine::DeviceProfile profile = test::TestProfile();
  PrimaryModel m;
  m.cell = models::battery::DefaultPrimaryCell(profile.battery);
  m.drain = BuildDrainTable(profile);
  m.capacity_C = profile.battery.capacity_C;
  m.design_capacity_C = profile.battery.capacity_C;
  m.brown_out_V = 3.0;
  return m;
}

TEST(EstimationKernel, FleetKernelEqualsPerDeviceFilter) {
  const PrimaryModel model = TestPrimaryModel();
  const std::size_t n = 257;  // not a multiple of any vector width
  FleetStateSoA fleet;
  FleetStepSoA step;
  fleet.Resize(n);
  step.Resize(n);
  std::vector<FilterState> reference(n);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    reference[i] = PrimaryPrior(model).s;
    reference[i].x[0] = 1000.0 * u(rng);
    fleet.Set(i, reference[i]);
  }
  for (int round = 0; round < 10; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      step.dt_s[i] = 3600.0;
      step.drain_C[i] = 0.4 + 0.2 * u(rng);
      step.self_discharge_C[i] = 1e-4;
      step.level_frac[i] = 0.5 + 0.1 * u(rng);
      step.level_correlation_s[i] = 1e5 * u(rng);
      step.level_valid[i] = (i + static_cast<std::size_t>(round)) % 3 != 0;
      PrimaryStep s{step.dt_s[i], step.drain_C[i], 0.0, 20.0};
      PrimaryPredict(model, reference[i], s, step.self_discharge_C[i]);
      if (step.level_valid[i]) PrimaryUpdateLevel(model, reference[i], step.level_frac[i], step.level_correlation_s[i]);
    }
    UpdateFleet(model, fleet, step);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const FilterState k = fleet.Get(i);
    for (std::size_t j = 0; j < 4; ++j) EXPECT_NEAR(k.x[j], reference[i].x[j], 1e-9 * (1.0 + std::abs(reference[i].x[j])));
    for (std::size_t j = 0; j < 10; ++j) EXPECT_NEAR(k.P.p[j], reference[i].P.p[j], 1e-9 * (1.0 + std::abs(reference[i].P.p[j])));
  }
}

TEST(EstimationPrimary, CellVoltageModelPhysics) {
  const models::battery::PrimaryCellParams cell = models::battery::DefaultPrimaryCell(test::TestBattery());
  // The rest voltage falls monotonically as the cell empties; the knee is steep at the end.
  double previous = 1e9;
  for (double s = 1.0; s >= 0.0; s -= 0.01) {
    const double v = models::battery::RestVoltage_V(cell, s, 20.0);
    EXPECT_LT(v, previous);
    previous = v;
  }
  EXPECT_NEAR(models::battery::RestVoltage_V(cell, 1.0, 20.0), cell.e0_V, 1e-12);
  EXPECT_GT(models::battery::RestVoltageSlope_V(cell, 0.02), 10.0 * models::battery::RestVoltageSlope_V(cell, 0.8));
  // Cold raises the pulse resistance (Arrhenius) and so brings the brown-out earlier.
  EXPECT_GT(models::battery::PulseResistance_ohm(cell, 0.5, -20.0), 2.0 * models::battery::PulseResistance_ohm(cell, 0.5, 20.0));
  const double warm = models::battery::BrownOutRemainingFraction(cell, 3.0, 0.2, 20.0, 1.0);
  const double cold = models::battery::BrownOutRemainingFraction(cell, 3.0, 0.2, -20.0, 1.0);
  EXPECT_GT(cold, warm);
  EXPECT_LT(warm, 0.05);  // the knee: a few per cent before empty
  // The closed form is the root: the loaded voltage there is the brown-out voltage, for every
  // chemistry, temperature, pulse and resistance multiplier tried (and 0 / 1 at the ends).
  for (const models::battery::Chemistry chemistry : {models::battery::Chemistry::kLiSOCl2, models::battery::Chemistry::kLiMnO2, models::battery::Chemistry::kAlkaline}) {
    models::battery::BatteryParams battery = test::TestBattery();
    battery.chemistry = chemistry;
    const models::battery::PrimaryCellParams c = models::battery::DefaultPrimaryCell(battery);
    for (const double t : {-30.0, 0.0, 25.0, 60.0})
      for (const double amps : {0.01, 0.1, 0.3})
        for (const double rho : {0.5, 1.0, 4.0})
          for (const double v_bo : {0.5 * c.e0_V, 0.8 * c.e0_V, 0.9 * c.e0_V, 1.2 * c.e0_V}) {
            const auto loaded = [&](double s) { return models::battery::RestVoltage_V(c, s, t) - amps * rho * models::battery::PulseResistance_ohm(c, s, t); };
            const double s_bo = models::battery::BrownOutRemainingFraction(c, v_bo, amps, t, rho);
            if (loaded(0.0) >= v_bo) {
              EXPECT_EQ(s_bo, 0.0);
            } else if (loaded(1.0) < v_bo) {
              EXPECT_EQ(s_bo, 1.0);
            } else {
              EXPECT_NEAR(loaded(s_bo), v_bo, 1e-9) << "t " << t << " I " << amps << " rho " << rho;
            }
          }
  }
  // Self-discharge doubles every T2.
  EXPECT_NEAR(models::battery::SelfDischargeRate_per_s(cell, 30.0) / models::battery::SelfDischargeRate_per_s(cell, 20.0), 2.0, 1e-12);
}

TEST(EstimationPrimary, DrainTableComesFromTheBudget) {
  const engine::DeviceProfile profile = test::TestProfile();
  const DrainTable table = BuildDrainTable(profile);
  const engine::BudgetResult budget = engine::ComputeBudget(profile);
  // At the profile's own coverage, a day of the table is the budget's day (FOTA at its rate).
  const DrainBin& plan = table.Nominal();
  const double day_s = units::kSecondsPerDay;
  const double day_C = plan.floor_A * day_s + day_s / table.nominal_report_interval_s * plan.report_C +
                       table.nominal_fota_per_s * day_s * plan.fota_C;
  EXPECT_NEAR(day_C, budget.average_current_A * day_s, 1e-9 * day_C);
  // Worse coverage costs more per report, never less.
  for (std::size_t i = 1; i < table.bins.size(); ++i) EXPECT_GE(table.bins[i].report_C, table.bins[i - 1].report_C * 0.999);
  EXPECT_EQ(table.bins.back().ce_level, 2);
  // Smoothing keeps the mean charge of a flat region and reports a variance at a CE boundary.
  const DrainTable smooth = SmoothDrainTable(table, 2.0);
  EXPECT_NEAR(smooth.At(120.0).report_C, table.At(120.0).report_C, 1e-2 * table.At(120.0).report_C);
  EXPECT_GT(smooth.At(144.0).report_var_C2, 0.0);
}

TEST(EstimationPrimary, LevelUpdatesPullChargeUsedToTheGauge) {
  const PrimaryModel model = TestPrimaryModel();
  FilterState s = PrimaryPrior(model).s;
  for (int day = 0; day < 120; ++day) {
    PrimaryPredict(model, s, PrimaryStep{units::kSecondsPerDay, 10.0, 0.0, 20.0}, 0.0);
    PrimaryUpdateLevel(model, s, 1.0 - 2.0 * 10.0 * (day + 1) / model.design_capacity_C, 0.0);  // drains 2x the budget
    PrimaryConstrain(model, s);
  }
  EXPECT_NEAR(s.x[PrimaryState::kDrainMultiplier], 2.0, 0.1);
  EXPECT_NEAR(s.x[PrimaryState::kChargeUsed], 2400.0, 60.0);
}

TEST(EstimationRemainingLife, ClosedFormCases) {
  // No uncertainty: T = R / A exactly, and all quantiles coincide.
  LifeForecastInput in;
  in.remaining_C = 1000.0;
  in.remaining_var_C2 = 1e-12;
  in.rate_A = 1e-3;
  const LifeQuantiles q = RemainingLife(in);
  EXPECT_NEAR(q.p50_s, 1e6, 1.0);
  EXPECT_NEAR(q.p10_s, q.p90_s, 10.0);
  // Uncertain remaining charge (Gaussian): P10/P90 at R -+ 1.2816 sd over A.
  in.remaining_var_C2 = 100.0 * 100.0;
  const LifeQuantiles w = RemainingLife(in);
  EXPECT_NEAR(w.p10_s, (1000.0 - 128.155) / 1e-3, 200.0);
  EXPECT_NEAR(w.p90_s, (1000.0 + 128.155) / 1e-3, 200.0);
  // A scheduled event (a FOTA of 500 C due in 1e5 s) that surely comes takes its charge.
  in.remaining_var_C2 = 1e-12;
  in.event_C = 500.0;
  in.event_period_s = 1e9;
  in.next_event_s = 1e5;
  EXPECT_NEAR(RemainingLife(in).p50_s, 5e5, 10.0);
  // Quantiles are ordered and the CDF is monotone.
  in.remaining_var_C2 = 50.0 * 50.0;
  in.next_event_s = -1.0;  // unknown phase
  in.event_period_s = 2e6;
  double previous = 0.0;
  for (double t = 1e3; t < 1e7; t *= 1.5) {
    const double cdf = LifeCdf(in, t);
    EXPECT_GE(cdf, previous - 1e-12);
    previous = cdf;
  }
  const LifeQuantiles r = RemainingLife(in);
  EXPECT_LE(r.p10_s, r.p50_s);
  EXPECT_LE(r.p50_s, r.p90_s);
}

// The quantile search (regula falsi with bisection fallback) finds the same points as plain
// bisection to the last bits, on smooth CDFs and on CDFs that jump at scheduled events.
TEST(EstimationRemainingLife, QuantilesAgreeWithBisection) {
  const auto bisection = [](const LifeForecastInput& in, double p) {
    const double max_s = 1000.0 * 365.25 * units::kSecondsPerDay;  // a thousand Julian years
    if (LifeCdf(in, 1.0) >= p) return 0.0;
    if (LifeCdf(in, max_s) < p) return max_s;
    double lo = 0.0, hi = std::log(max_s);
    for (int i = 0; i < 80; ++i) {
      const double mid = 0.5 * (lo + hi);
      (LifeCdf(in, std::exp(mid)) < p ? lo : hi) = mid;
    }
    return std::exp(0.5 * (lo + hi));
  };
  int cases = 0;
  for (const double remaining_sd : {1e-6, 10.0, 300.0})
    for (const double rate_sd_frac : {0.0, 0.1, 0.5})
      for (const double drift : {0.0, 0.3})
        for (const double next_event : {-2.0, -1.0, 4e5})     // none, unknown phase, due
          for (const double event_sd : {0.0, 5e4}) {
            LifeForecastInput in;
            in.remaining_C = 1000.0;
            in.remaining_var_C2 = remaining_sd * remaining_sd;
            in.rate_A = 1e-3;
            in.rate_var_A2 = std::pow(rate_sd_frac * in.rate_A, 2);
            in.drift_sd_frac_per_sqrt_year = drift;
            if (next_event > -2.0) {
              in.event_C = 200.0;
              in.event_period_s = 3e5;
              in.next_event_s = next_event;
              in.next_event_sd_s = event_sd;
            }
            const LifeQuantiles q = RemainingLife(in);
            const double expected[3] = {bisection(in, 0.1), std::max(bisection(in, 0.1), bisection(in, 0.5)),
                                        std::max({bisection(in, 0.1), bisection(in, 0.5), bisection(in, 0.9)})};
            const double got[3] = {q.p10_s, q.p50_s, q.p90_s};
            for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], expected[k], 1e-9 * expected[k] + 1e-9) << "case " << cases << " quantile " << k;
            ++cases;
          }
  EXPECT_EQ(cases, 108);
}

}  // namespace
}  // namespace pb::engine::estimation
