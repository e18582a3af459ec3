// A small, portable, seeded random stream (SplitMix64, Steele, Lea & Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014). The standard library's distributions are not
// specified bit-for-bit, so results would differ between library versions; this stream and the
// uniform draw below are, so a seed gives the same campaign everywhere.
//
// Each device has its own stream, seeded from (campaign seed, device index) through the same
// mixing function, so a device's draws do not depend on the order devices are simulated in, and
// every variant of a campaign sees the same fleet and the same failures (common random numbers).
#pragma once

#include <cstdint>

namespace pb::engine::campaign {

inline std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t state) : state_(state) {}
  static RandomStream ForDevice(std::uint64_t seed, std::uint64_t device_index) {
    return RandomStream(Mix64(seed ^ Mix64(device_index + 0x9E3779B97F4A7C15ULL)));
  }
  std::uint64_t Next() { return Mix64(state_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform on [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_;
};

}  // namespace pb::engine::campaign
