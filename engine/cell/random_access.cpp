#include "engine/cell/random_access.hpp"

#include <cmath>
#include <stdexcept>

namespace pb::engine::cell {

double CollisionProbability(double attempts_per_opportunity, int preambles) {
  if (attempts_per_opportunity < 0.0 || preambles < 1)
    throw std::invalid_argument("collision probability needs G >= 0 and at least one preamble");
  return -std::expm1(-attempts_per_opportunity / preambles);
}

double MeanAttempts(double p, int max_attempts) {
  if (max_attempts < 1) throw std::invalid_argument("at least one preamble attempt is needed");
  if (p >= 1.0) return max_attempts;
  return (1.0 - std::pow(p, max_attempts)) / (1.0 - p);
}

AccessOutcome SolveAccess(double new_per_opportunity, int preambles, int max_attempts) {
  AccessOutcome out;
  out.new_per_opportunity = new_per_opportunity;
  double p = 0.0;
  // Monotone climb to the smallest fixed point; 1e-13 is far below any figure we print.
  for (int i = 0; i < 1'000'000; ++i) {
    const double next = CollisionProbability(new_per_opportunity * MeanAttempts(p, max_attempts), preambles);
    const bool done = std::abs(next - p) < 1e-13;
    p = next;
    if (done) break;
  }
  out.collision_probability_frac = p;
  out.mean_attempts = MeanAttempts(p, max_attempts);
  out.attempts_per_opportunity = new_per_opportunity * out.mean_attempts;
  out.failure_probability_frac = std::pow(p, max_attempts);
  return out;
}

}  // namespace pb::engine::cell
