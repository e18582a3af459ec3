// Sampling the declared distributions (engine/uncertain_inputs.hpp) reproducibly.
#pragma once

#include <cstdint>

#include "engine/uncertain_inputs.hpp"

namespace pb::engine::lifetime {

// A reproducible generator: the engine's SplitMix64 (engine/random.hpp) seeding a xoshiro256**
// stream, so that device i of a run with seed s draws the same numbers on every machine and
// whatever the thread count.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream);
  std::uint64_t Next();
  double Uniform01();  // in (0, 1)
  double StandardNormal();

 private:
  std::uint64_t s_[4];
};

double Sample(const Distribution& d, Rng& rng);
// The p-quantile (0 < p < 1), for sensitivity swings; truncated normals are handled exactly.
double Quantile(const Distribution& d, double p);
double Median(const Distribution& d);

}  // namespace pb::engine::lifetime
