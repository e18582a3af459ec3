// A campaign's random streams: the engine's SplitMix64 (engine/random.hpp), whose draws are
// the same on every machine, so a seed gives the same campaign everywhere.
//
// Each device has its own stream, seeded from (campaign seed, device index) through the same
// mixing function, so a device's draws do not depend on the order devices are simulated in, and
// every variant of a campaign sees the same fleet and the same failures (common random numbers).
#pragma once

#include <cstdint>

#include "engine/random.hpp"

namespace pb::engine::campaign {

using RandomStream = engine::SplitMix64;

// The stream of device `device_index` of a campaign seeded with `seed`.
constexpr RandomStream DeviceStream(std::uint64_t seed, std::uint64_t device_index) {
  return RandomStream(Mix64(RandomStream::MemberSeed(seed, device_index)));
}

}  // namespace pb::engine::campaign
