// Every way into a lifetime simulation — one device, a population, a sensitivity analysis, a
// proof — refuses a time step too small for the horizon up front, instead of running for days
// while the series fills the memory (issue #20: --dt-days 1e-9 passed the range check and hung).
#include <gtest/gtest.h>

#include <string>

#include "engine/errors.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/population.hpp"
#include "engine/lifetime/proof.hpp"
#include "support/test_device.hpp"

namespace pb::engine {
namespace {

lifetime::LifetimeOptions TinyStep() {
  lifetime::LifetimeOptions o;
  o.time_step_s = 1e-9 * units::kSecondsPerDay;  // in (0, 31 days], but 1.1e13 steps over 30 years
  return o;
}

template <typename Run>
std::string FieldOfError(Run run) {
  try {
    run();
  } catch (const ProfileError& e) {
    return e.field();
  }
  return "no error";
}

TEST(StepLimit, EveryEntryRefusesATimeStepTooSmallForTheHorizon) {
  DeviceProfile p = test::TestProfile();
  p.battery = test::TestBattery(1000.0);
  Distribution capacity;
  capacity.mean = 1.0;
  capacity.sd = 0.05;
  p.uncertainty = {{UncertainInput::kCapacity_frac, capacity, "test"}};
  const models::battery::BatteryModel battery(p.battery, p.battery_physics);
  const BudgetResult budget = ComputeBudget(p);

  EXPECT_EQ(FieldOfError([&] { lifetime::SimulateLifetime(p, TinyStep()); }), "time_step_s");
  EXPECT_EQ(FieldOfError([&] { lifetime::SimulateLifetime(p, budget, battery, TinyStep()); }), "time_step_s");
  EXPECT_EQ(FieldOfError([&] { lifetime::PopulationModel population(p, TinyStep()); }), "time_step_s");
  lifetime::MonteCarloOptions mc;
  mc.devices = 10;
  mc.lifetime = TinyStep();
  EXPECT_EQ(FieldOfError([&] { lifetime::RunMonteCarlo(p, mc); }), "time_step_s");
  lifetime::ProofOptions proof;
  proof.population = mc;
  EXPECT_EQ(FieldOfError([&] { lifetime::Prove(p, proof); }), "time_step_s");
}

}  // namespace
}  // namespace pb::engine
