// The random-access collision model against its closed forms and against a direct simulation
// of slotted ALOHA over the preambles of an NPRACH opportunity.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/campaign/random_stream.hpp"
#include "engine/cell/random_access.hpp"

namespace pb::engine::cell {
namespace {

TEST(CellRandomAccess, CollisionProbabilityClosedForm) {
  EXPECT_DOUBLE_EQ(CollisionProbability(0.0, 48), 0.0);
  EXPECT_NEAR(CollisionProbability(48.0, 48), 1.0 - std::exp(-1.0), 1e-15);  // G = N: 1 − 1/e
  EXPECT_NEAR(CollisionProbability(1.2, 12), 1.0 - std::exp(-0.1), 1e-15);
  EXPECT_THROW(CollisionProbability(-1.0, 12), std::invalid_argument);
  EXPECT_THROW(CollisionProbability(1.0, 0), std::invalid_argument);
}

TEST(CellRandomAccess, MeanAttemptsClosedForm) {
  EXPECT_DOUBLE_EQ(MeanAttempts(0.0, 10), 1.0);
  EXPECT_DOUBLE_EQ(MeanAttempts(0.3, 1), 1.0);
  EXPECT_NEAR(MeanAttempts(0.5, 3), 1.0 + 0.5 + 0.25, 1e-15);
  EXPECT_DOUBLE_EQ(MeanAttempts(1.0, 7), 7.0);
}

TEST(CellRandomAccess, WithoutRetriesTheFixedPointIsTheSingleShotProbability) {
  for (double a : {0.01, 0.5, 3.0, 40.0}) {
    const AccessOutcome o = SolveAccess(a, 24, 1);
    EXPECT_NEAR(o.collision_probability_frac, 1.0 - std::exp(-a / 24.0), 1e-13);
    EXPECT_DOUBLE_EQ(o.mean_attempts, 1.0);
    EXPECT_NEAR(o.failure_probability_frac, o.collision_probability_frac, 1e-15);
  }
}

TEST(CellRandomAccess, RetriesSatisfyTheFixedPointAndRaiseTheLoad) {
  const int preambles = 12, max_attempts = 10;
  double previous_p = 0.0;
  for (double a : {0.01, 0.1, 0.5, 1.0, 2.0, 3.0, 4.0, 8.0}) {
    const AccessOutcome o = SolveAccess(a, preambles, max_attempts);
    const double p = o.collision_probability_frac;
    // p = 1 − exp(−a·M̄(p)/N), M̄ = (1 − p^M)/(1 − p), failure = p^M.
    EXPECT_NEAR(p, 1.0 - std::exp(-a * MeanAttempts(p, max_attempts) / preambles), 1e-12) << a;
    EXPECT_NEAR(o.attempts_per_opportunity, a * o.mean_attempts, 1e-12);
    EXPECT_NEAR(o.failure_probability_frac, std::pow(p, max_attempts), 1e-15);
    EXPECT_GE(p, 1.0 - std::exp(-a / preambles));  // retries only add load
    EXPECT_GT(p, previous_p);                        // more arrivals, more collisions
    previous_p = p;
  }
}

// Poisson arrivals, each picking one of N preambles at random; an attempt collides when another
// picked the same preamble. The share of collided attempts tends to 1 − e^(−G/N).
TEST(CellRandomAccess, SlottedAlohaSimulationAgreesWithTheClosedForm) {
  campaign::RandomStream stream(12345);
  auto poisson = [&stream](double mean) {  // Knuth's method; fine for small means
    const double limit = std::exp(-mean);
    int k = 0;
    for (double product = stream.Uniform(); product > limit; product *= stream.Uniform()) ++k;
    return k;
  };
  const int preambles = 12;
  for (double g : {1.0, 6.0, 12.0}) {
    long attempts = 0, collided = 0;
    std::vector<int> picks(preambles);
    for (int opportunity = 0; opportunity < 100'000; ++opportunity) {
      std::fill(picks.begin(), picks.end(), 0);
      const int arrivals = poisson(g);
      for (int i = 0; i < arrivals; ++i) ++picks[static_cast<std::size_t>(stream.Uniform() * preambles)];
      for (int n : picks) {
        attempts += n;
        if (n > 1) collided += n;
      }
    }
    const double simulated = static_cast<double>(collided) / static_cast<double>(attempts);
    EXPECT_NEAR(simulated, CollisionProbability(g, preambles), 0.005) << "G = " << g;
  }
}

}  // namespace
}  // namespace pb::engine::cell
