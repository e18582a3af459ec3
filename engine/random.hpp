// The one seeded random generator of the engine: SplitMix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014). The standard library's engines'
// seeding and its distributions are not specified bit for bit, so results would differ between
// library versions; this stream and the uniform draw below are, so a seed gives the same
// campaign, Monte Carlo run or simulated fleet on every machine.
//
//   state_{k+1} = state_k + γ (mod 2^64),   output_k = Mix64(state_{k+1}),
//   γ = 0x9E3779B97F4A7C15 (2^64 / golden ratio), Mix64 = the MurmurHash3-style finaliser with
//   Stafford's "Mix13" constants.
//
// Users seed one stream per member of a run (a device, a Monte Carlo sample) from (run seed,
// member index), so a member's draws do not depend on the order members are drawn in.
#pragma once

#include <cstdint>

#include "engine/option_range.hpp"

namespace pb::engine {

// The seeds a run accepts from its user (--seed, a campaign's "seed"): every output echoes its
// seed, so the integers a JSON number holds exactly.
inline constexpr NumericRange kSeedRange{0.0, 9007199254740991.0, false, false, true, ""};

// SplitMix64's output function: a bijective mix of 64 bits.
constexpr std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class SplitMix64 {
 public:
  static constexpr std::uint64_t kGamma = 0x9E3779B97F4A7C15ULL;

  explicit constexpr SplitMix64(std::uint64_t state) : state_(state) {}
  // The seed of member `index` of a run seeded with `seed`: the seed xor the first output of a
  // stream started at the index.
  static constexpr std::uint64_t MemberSeed(std::uint64_t seed, std::uint64_t index) {
    return seed ^ SplitMix64(index).Next();
  }

  constexpr std::uint64_t Next() { return Mix64(state_ += kGamma); }
  // Uniform on [0, 1) with 53 random bits.
  constexpr double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  constexpr std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_;
};

}  // namespace pb::engine
