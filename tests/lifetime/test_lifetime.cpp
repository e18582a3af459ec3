// Lifetime simulation, sampling, Monte Carlo, sensitivity and proof.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <stdexcept>

#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/proof.hpp"
#include "engine/lifetime/sampling.hpp"
#include "engine/lifetime/sensitivity.hpp"
#include "models/radio/nbiot/link.hpp"
#include "support/test_device.hpp"

namespace pb::engine {
namespace {

// An ideal cell small enough that every test device dies well inside the horizon, large enough
// that lives span many FOTA periods (the rare events are discrete in the simulation).
DeviceProfile IdealProfile() {
  DeviceProfile p = test::TestProfile();
  p.battery = test::TestBattery(1000.0);
  p.climate = models::environment::ConstantClimate(20.0);
  return p;
}

engine::lifetime::LifetimeOptions Options(double dt_days = 1.0) {
  engine::lifetime::LifetimeOptions o;
  o.time_step_s = dt_days * units::kSecondsPerDay;
  o.horizon_s = 100.0 * units::kSecondsPerYear;
  o.record_series = false;
  return o;
}

// With an ideal battery and constant conditions the simulation is the budget: energy over power
// (within 0.5 %: the rare events — FOTA, weekly handshakes — are discrete in the simulation).
TEST(Lifetime, AgreesWithTheAnalyticBudget) {
  for (double interval_s : {600.0, 3600.0, 86400.0}) {
    DeviceProfile p = IdealProfile();
    test::Modelled(p).reporting.interval_s = interval_s;
    const BudgetResult b = ComputeBudget(p);
    const engine::lifetime::LifetimeResult life = engine::lifetime::SimulateLifetime(p, Options());
    EXPECT_NEAR(life.lifetime_s / b.lifetime_s, 1.0, 0.005) << interval_s;
    EXPECT_EQ(life.cause, models::battery::EndOfLifeCause::kChargeExhausted);
  }
}

// The time step is numerical: results converge as it shrinks.
TEST(Lifetime, ConvergesAsTheTimeStepShrinks) {
  DeviceProfile p = IdealProfile();
  p.climate = models::environment::ConstantClimate(0.0);
  p.climate.monthly_mean_degC = {-10, -8, -3, 2, 8, 13, 16, 15, 10, 4, -2, -7};
  const double coarse = engine::lifetime::SimulateLifetime(p, Options(7.0)).lifetime_s;
  const double medium = engine::lifetime::SimulateLifetime(p, Options(1.0)).lifetime_s;
  const double fine = engine::lifetime::SimulateLifetime(p, Options(0.25)).lifetime_s;
  EXPECT_NEAR(coarse / fine, 1.0, 0.01);
  EXPECT_NEAR(medium / fine, 1.0, 0.002);
}

TEST(Lifetime, EnergyPerMonthSumsToTheEnergyDrawn) {
  DeviceProfile p = IdealProfile();
  engine::lifetime::LifetimeOptions o = Options();
  o.record_series = true;
  const engine::lifetime::LifetimeResult life = engine::lifetime::SimulateLifetime(p, o);
  double months = 0.0, steps = 0.0;
  for (double e : life.energy_J_per_month) months += e;
  for (const engine::lifetime::LifetimeSample& s : life.series) steps += s.energy_J;
  EXPECT_NEAR(months, steps, 1e-9 * steps);
  // Charge exhausted: the energy drawn is the battery's (to within the last partial step).
  EXPECT_NEAR(steps / models::battery::RatedEnergy_J(p.battery), 1.0, 0.005);
}

TEST(Lifetime, BiggerCellLastsLonger) {
  DeviceProfile small = IdealProfile(), big = IdealProfile();
  big.battery.capacity_C *= 2.0;
  EXPECT_GT(engine::lifetime::SimulateLifetime(big, Options()).lifetime_s, 1.9 * engine::lifetime::SimulateLifetime(small, Options()).lifetime_s);
}

TEST(Lifetime, StopsAtTheHorizon) {
  DeviceProfile p = IdealProfile();
  p.battery.capacity_C *= 1000.0;
  engine::lifetime::LifetimeOptions o = Options();
  o.horizon_s = 2.0 * units::kSecondsPerYear;
  const engine::lifetime::LifetimeResult life = engine::lifetime::SimulateLifetime(p, o);
  EXPECT_EQ(life.cause, models::battery::EndOfLifeCause::kNone);
  EXPECT_DOUBLE_EQ(life.lifetime_s, o.horizon_s);
}

TEST(Sampling, ReproducibleAndWithinTruncation) {
  Distribution d;
  d.mean = 144;
  d.sd = 8;
  d.min = 130;
  d.max = 160;
  engine::lifetime::Rng a(42, 7), b(42, 7), c(43, 7);
  for (int i = 0; i < 1000; ++i) {
    const double x = engine::lifetime::Sample(d, a);
    EXPECT_EQ(x, engine::lifetime::Sample(d, b));
    EXPECT_GE(x, 130.0);
    EXPECT_LE(x, 160.0);
  }
  EXPECT_NE(engine::lifetime::Sample(d, a), engine::lifetime::Sample(d, c));
}

// Closed forms: normal quantiles (P10 = mean - 1.2816 sd), uniform and discrete.
TEST(Sampling, QuantilesMatchClosedForms) {
  Distribution normal;
  normal.mean = 10;
  normal.sd = 2;
  EXPECT_NEAR(engine::lifetime::Quantile(normal, 0.1), 10 - 1.2815516 * 2, 1e-6);
  EXPECT_NEAR(engine::lifetime::Quantile(normal, 0.5), 10, 1e-9);
  Distribution uniform{DistributionKind::kUniform, 0, 0, 2, 6, 0, {}, {}};
  EXPECT_NEAR(engine::lifetime::Quantile(uniform, 0.25), 3.0, 1e-12);
  Distribution discrete{DistributionKind::kDiscrete, 0, 0, 0, 0, 0, {144, 154, 164}, {0.5, 0.3, 0.2}};
  EXPECT_EQ(engine::lifetime::Quantile(discrete, 0.4), 144);
  EXPECT_EQ(engine::lifetime::Quantile(discrete, 0.7), 154);
  EXPECT_EQ(engine::lifetime::Quantile(discrete, 0.95), 164);
}

TEST(Sampling, SampleMomentsMatch) {
  Distribution d;
  d.mean = 5;
  d.sd = 3;
  engine::lifetime::Rng rng(1, 0);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = engine::lifetime::Sample(d, rng);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 5.0, 4 * 3 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(var), 3.0, 0.03);
}

TEST(MonteCarlo, WilsonIntervalClosedForm) {
  // 95 of 100: Wilson 95 % interval 0.8882 .. 0.9785 (textbook value).
  const engine::lifetime::ProportionInterval w = engine::lifetime::WilsonInterval(95, 100, 0.95);
  EXPECT_NEAR(w.low, 0.8882, 5e-4);
  EXPECT_NEAR(w.high, 0.9785, 5e-4);
  const engine::lifetime::ProportionInterval all = engine::lifetime::WilsonInterval(100, 100, 0.95);
  EXPECT_DOUBLE_EQ(all.high, 1.0);
  EXPECT_LT(all.low, 1.0);
}

DeviceProfile UncertainProfile() {
  DeviceProfile p = IdealProfile();
  Distribution loss;
  loss.mean = 140;
  loss.sd = 6;
  loss.min = 120;
  loss.max = 160;
  Distribution capacity;
  capacity.mean = 1.0;
  capacity.sd = 0.05;
  p.uncertainty = {{UncertainInput::kCouplingLoss_dB, loss, "test"}, {UncertainInput::kCapacity_frac, capacity, "test"}};
  p.target_lifetime_s = 2.0 * units::kSecondsPerYear;
  return p;
}

engine::lifetime::MonteCarloOptions McOptions(std::size_t n, unsigned threads) {
  engine::lifetime::MonteCarloOptions o;
  o.devices = n;
  o.seed = 7;
  o.threads = threads;
  o.lifetime = Options(7.0);
  return o;
}

TEST(MonteCarlo, ReproducibleWhateverTheThreadCount) {
  const DeviceProfile p = UncertainProfile();
  const engine::lifetime::MonteCarloResult one = engine::lifetime::RunMonteCarlo(p, McOptions(300, 1));
  const engine::lifetime::MonteCarloResult two = engine::lifetime::RunMonteCarlo(p, McOptions(300, 2));
  EXPECT_EQ(one.lifetimes_s, two.lifetimes_s);
  EXPECT_EQ(one.inputs, two.inputs);
}

TEST(MonteCarlo, PercentilesAreOrderedAndCiShrinksAsOneOverRootN) {
  DeviceProfile p = UncertainProfile();
  // A target near the population's median, so that the fraction reaching it is far from 0 and 1
  // (where the interval's width stops following 1/sqrt(N)).
  p.target_lifetime_s = engine::lifetime::RunMonteCarlo(p, McOptions(200, 2)).percentiles_s.at("P50");
  const engine::lifetime::MonteCarloResult small = engine::lifetime::RunMonteCarlo(p, McOptions(200, 2));
  const engine::lifetime::MonteCarloResult large = engine::lifetime::RunMonteCarlo(p, McOptions(3200, 2));
  EXPECT_LE(large.percentiles_s.at("P1"), large.percentiles_s.at("P10"));
  EXPECT_LE(large.percentiles_s.at("P10"), large.percentiles_s.at("P50"));
  EXPECT_LE(large.percentiles_s.at("P50"), large.percentiles_s.at("P90"));
  const double width_small = small.reaching_target.high - small.reaching_target.low;
  const double width_large = large.reaching_target.high - large.reaching_target.low;
  // 16x the devices: a quarter of the width (1/sqrt(N)), scaled by how p(1 - p) changed between
  // the two estimates; the Wilson interval follows that law to within a few tens of per cent.
  auto spread = [](const engine::lifetime::ProportionInterval& i) { return std::sqrt(i.estimate * (1.0 - i.estimate)); };
  ASSERT_GT(spread(small.reaching_target), 0.0);
  const double expected = 0.25 * spread(large.reaching_target) / spread(small.reaching_target);
  EXPECT_NEAR(width_large / width_small / expected, 1.0, 0.35);
}

TEST(MonteCarlo, DevicesBeyondCoverageAreCountedNotHidden) {
  DeviceProfile p = UncertainProfile();
  p.uncertainty[0].distribution.mean = 170;  // beyond the test network's 164 dB
  p.uncertainty[0].distribution.min = 165;
  p.uncertainty[0].distribution.max = 180;
  const engine::lifetime::MonteCarloResult mc = engine::lifetime::RunMonteCarlo(p, McOptions(50, 1));
  EXPECT_EQ(mc.early_deaths_by_cause.at("no_service"), 50u);
}

// The population's coupling loss: normal, truncated to [min, max] (uncertainty input 0).
void SpreadCouplingLoss(DeviceProfile& p, double mean_dB, double sd_dB, double min_dB, double max_dB) {
  p.uncertainty[0].distribution.mean = mean_dB;
  p.uncertainty[0].distribution.sd = sd_dB;
  p.uncertainty[0].distribution.min = min_dB;
  p.uncertainty[0].distribution.max = max_dB;
}

TEST(Sensitivity, CouplingLossShortensLifeAndCapacityLengthensIt) {
  const engine::lifetime::PopulationModel population(UncertainProfile(), Options(7.0));
  const engine::lifetime::SensitivityResult s = engine::lifetime::AnalyseSensitivity(population);
  ASSERT_EQ(s.rows.size(), 2u);
  for (const engine::lifetime::SensitivityRow& r : s.rows) {
    if (r.input == UncertainInput::kCapacity_frac) {
      EXPECT_GT(r.high_lifetime_s, r.low_lifetime_s);
      EXPECT_NEAR(r.elasticity, 1.0, 0.03);  // an ideal cell: lifetime proportional to capacity
    } else {
      EXPECT_TRUE(r.adverse_is_high);
    }
  }
  EXPECT_GE(s.rows[0].swing_s, s.rows[1].swing_s);
}

// The CE-level mix is a count over the sampled coupling losses: each device in the level its loss
// falls in on the test network (CE0 up to 144 dB, CE1 up to 154, CE2 up to 164, beyond: no
// service), the groups summing to the population, each group's own percentiles and reach.
TEST(MonteCarlo, CeLevelMixMatchesACountOverTheSampledLosses) {
  DeviceProfile p = UncertainProfile();
  SpreadCouplingLoss(p, 150, 8, 130, 170);  // over the three levels and beyond coverage
  p.target_lifetime_s = 1.0 * units::kSecondsPerYear;
  const engine::lifetime::MonteCarloResult mc = engine::lifetime::RunMonteCarlo(p, McOptions(600, 2));
  const models::radio::nbiot::NetworkParams& network = test::Modelled(p).network;
  std::array<std::size_t, 4> direct{};  // CE0, CE1, CE2, no service
  for (const engine::lifetime::InputValues& v : mc.inputs) {
    const double loss_dB = v[0];
    ++direct[loss_dB > network.max_coupling_loss_dB ? 3u
                                                    : static_cast<std::size_t>(
                                                          models::radio::nbiot::CeLevelForCouplingLoss(network, loss_dB))];
  }
  ASSERT_GT(direct[3], 0u);  // the population has devices without service, so the group is there
  ASSERT_EQ(mc.ce_mix.size(), 4u);
  double fractions = 0.0;
  std::size_t devices = 0, reaching = 0;
  for (std::size_t g = 0; g < mc.ce_mix.size(); ++g) {
    const engine::lifetime::CoverageGroup& group = mc.ce_mix[g];
    EXPECT_EQ(group.ce_level, g < 3 ? static_cast<int>(g) : engine::lifetime::kNoServiceGroup);
    EXPECT_EQ(group.devices, direct[g]) << engine::lifetime::CoverageGroupName(group.ce_level);
    EXPECT_GT(group.devices, 0u);
    EXPECT_DOUBLE_EQ(group.fraction, static_cast<double>(direct[g]) / 600.0);
    fractions += group.fraction;
    devices += group.devices;
    reaching += static_cast<std::size_t>(std::lround(group.reaching_target.estimate * static_cast<double>(group.devices)));
    EXPECT_LE(group.percentiles_s.at("P1"), group.percentiles_s.at("P10"));
    EXPECT_LE(group.percentiles_s.at("P10"), group.percentiles_s.at("P50"));
  }
  EXPECT_NEAR(fractions, 1.0, 1e-12);
  EXPECT_EQ(devices, mc.devices);
  EXPECT_EQ(reaching, static_cast<std::size_t>(std::lround(mc.reaching_target.estimate * 600.0)));
  // Each device's level is its budget's, and deeper levels cost more: the median life falls.
  EXPECT_GT(mc.ce_mix[0].percentiles_s.at("P50"), mc.ce_mix[1].percentiles_s.at("P50"));
  EXPECT_GT(mc.ce_mix[1].percentiles_s.at("P50"), mc.ce_mix[2].percentiles_s.at("P50"));
  EXPECT_EQ(mc.ce_mix[3].percentiles_s.at("P50"), 0.0);
  EXPECT_EQ(mc.ce_mix[3].reaching_target.estimate, 0.0);
}

// A population that never reaches a level still lists it (empty), and has no no-service group.
TEST(MonteCarlo, CeLevelMixListsEmptyLevels) {
  DeviceProfile p = UncertainProfile();
  p.uncertainty[0].distribution.mean = 130;
  p.uncertainty[0].distribution.min = 120;
  p.uncertainty[0].distribution.max = 140;
  const engine::lifetime::MonteCarloResult mc = engine::lifetime::RunMonteCarlo(p, McOptions(100, 1));
  ASSERT_EQ(mc.ce_mix.size(), 3u);
  EXPECT_EQ(mc.ce_mix[0].devices, 100u);
  EXPECT_DOUBLE_EQ(mc.ce_mix[0].fraction, 1.0);
  EXPECT_EQ(mc.ce_mix[1].devices + mc.ce_mix[2].devices, 0u);
  EXPECT_TRUE(mc.ce_mix[2].percentiles_s.empty());
}

const engine::lifetime::SensitivityRow& RowOf(const engine::lifetime::SensitivityResult& s, UncertainInput input) {
  for (const engine::lifetime::SensitivityRow& r : s.rows)
    if (r.input == input) return r;
  throw std::logic_error("no such row");
}

// The median device sits on the CE0/CE1 edge (144 dB on the test network): the central
// difference over [144 - h, 144 + h] crosses it and is flagged with the step, which is that of
// the lifetime across the edge. The one-sided elasticity stays inside CE0: it agrees with the
// central elasticity of the same population on a network whose CE0 reaches on to 150 dB (nothing
// crossed there), which the flagged central one does not.
TEST(Sensitivity, AnElasticityAcrossACeEdgeIsFlagged) {
  DeviceProfile p = UncertainProfile();
  SpreadCouplingLoss(p, 144, 4, 130, 158);
  const engine::lifetime::PopulationModel population(p, Options(7.0));
  const engine::lifetime::SensitivityResult s = engine::lifetime::AnalyseSensitivity(population);
  const engine::lifetime::SensitivityRow& loss = RowOf(s, UncertainInput::kCouplingLoss_dB);
  ASSERT_TRUE(loss.discontinuity.crosses);
  ASSERT_EQ(loss.discontinuity.steps.size(), 1u);
  const engine::lifetime::LifetimeStep& step = loss.discontinuity.steps[0];
  EXPECT_EQ(step.what, "the CE0/CE1 edge");
  EXPECT_DOUBLE_EQ(step.at, 144.0);
  EXPECT_LT(step.step_frac, -0.01);  // a deeper level costs more: the lifetime drops across the edge
  // The step is the lifetime's own across the edge.
  engine::lifetime::InputValues values = engine::lifetime::MedianInputs(p.uncertainty);
  values[0] = 143.999;
  const double below_s = population.Evaluate(values).lifetime_s;
  values[0] = 144.001;
  EXPECT_EQ(population.Evaluate(values).ce_level, 1);
  EXPECT_NEAR(step.step_frac, population.Evaluate(values).lifetime_s / below_s - 1.0, 1e-3);
  // The edge is at the median, and the level rule puts 144 dB in CE0: the low side is free of it.
  EXPECT_EQ(loss.discontinuity.side, "below");
  EXPECT_EQ(loss.discontinuity.within, "CE0");

  DeviceProfile wide_ce0 = p;
  test::Modelled(wide_ce0).network.ce0_max_coupling_loss_dB = 150.0;
  const engine::lifetime::SensitivityResult inside_s =
      engine::lifetime::AnalyseSensitivity(engine::lifetime::PopulationModel(wide_ce0, Options(7.0)));
  const engine::lifetime::SensitivityRow& inside = RowOf(inside_s, UncertainInput::kCouplingLoss_dB);
  ASSERT_FALSE(inside.discontinuity.crosses);
  ASSERT_LT(inside.elasticity, 0.0);
  // Within the curvature of ln L over one h (the one-sided figure is centred h/2 lower).
  EXPECT_NEAR(loss.discontinuity.one_sided_elasticity / inside.elasticity, 1.0, 0.3);
  EXPECT_GT(loss.elasticity / inside.elasticity, 2.0);
}

// Well inside CE0 (median 130 dB, the interval a few dB wide) nothing is crossed, nor by the
// cell's capacity.
TEST(Sensitivity, AnElasticityInsideALevelIsNotFlagged) {
  DeviceProfile p = UncertainProfile();
  SpreadCouplingLoss(p, 130, 4, 120, 140);
  const engine::lifetime::SensitivityResult s =
      engine::lifetime::AnalyseSensitivity(engine::lifetime::PopulationModel(p, Options(7.0)));
  for (const engine::lifetime::SensitivityRow& r : s.rows) {
    EXPECT_FALSE(r.discontinuity.crosses) << UncertainInputName(r.input);
    EXPECT_TRUE(r.discontinuity.steps.empty());
    EXPECT_TRUE(r.discontinuity.side.empty());
  }
  EXPECT_LT(RowOf(s, UncertainInput::kCouplingLoss_dB).difference_step, 144.0 - 130.0);
}

// Near the edge of coverage the step is to no service at all.
TEST(Sensitivity, TheEdgeOfCoverageIsAStep) {
  DeviceProfile p = UncertainProfile();
  SpreadCouplingLoss(p, 162, 4, 150, 170);
  const engine::lifetime::SensitivityResult s =
      engine::lifetime::AnalyseSensitivity(engine::lifetime::PopulationModel(p, Options(7.0)));
  const engine::lifetime::SensitivityRow& loss = RowOf(s, UncertainInput::kCouplingLoss_dB);
  ASSERT_TRUE(loss.discontinuity.crosses);
  const engine::lifetime::LifetimeStep& edge = loss.discontinuity.steps.back();
  EXPECT_EQ(edge.what, "the edge of coverage");
  EXPECT_DOUBLE_EQ(edge.at, 164.0);
  EXPECT_EQ(edge.lifetime_above_s, 0.0);
  EXPECT_TRUE(std::isfinite(loss.elasticity));
  EXPECT_EQ(loss.discontinuity.side, "below");  // inside CE2
  EXPECT_EQ(loss.discontinuity.within, "CE2");
}

// The numerical check, on its own: a step is found, located and measured; a smooth curve, however
// steep, and a step too small to matter are not reported.
TEST(Sensitivity, TheNumericalCheckFindsStepsAndOnlySteps) {
  auto stepped = [](double x) { return 1000.0 * std::exp(-0.5 * x) * (x > 0.3 ? 0.8 : 1.0); };
  const auto found = engine::lifetime::FindLifetimeStep(stepped, 0.0, stepped(0.0), 1.0, stepped(1.0), 0.005);
  ASSERT_TRUE(found.has_value());
  EXPECT_NEAR(found->at, 0.3, 1e-6);
  EXPECT_NEAR(found->step_frac, -0.2, 1e-5);
  auto smooth = [](double x) { return 1000.0 * std::exp(-3.0 * x); };
  EXPECT_FALSE(engine::lifetime::FindLifetimeStep(smooth, 0.0, smooth(0.0), 1.0, smooth(1.0), 0.005).has_value());
  auto tiny = [](double x) { return 1000.0 * (x > 0.3 ? 0.998 : 1.0); };
  EXPECT_FALSE(engine::lifetime::FindLifetimeStep(tiny, 0.0, tiny(0.0), 1.0, tiny(1.0), 0.005).has_value());
}

TEST(Proof, VerdictFollowsTheLowerConfidenceBound) {
  DeviceProfile p = UncertainProfile();
  engine::lifetime::ProofOptions o;
  o.population = McOptions(400, 2);
  o.target_s = 0.02 * units::kSecondsPerYear;  // every device lasts this
  o.required_fraction = 0.9;
  EXPECT_TRUE(engine::lifetime::Prove(p, o).proven);
  o.target_s = 100.0 * units::kSecondsPerYear;  // none does
  const engine::lifetime::ProofResult impossible = engine::lifetime::Prove(p, o);
  EXPECT_FALSE(impossible.proven);
  EXPECT_LT(impossible.margin_frac, 0.0);
}

}  // namespace
}  // namespace pb::engine
