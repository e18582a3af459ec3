// Monte Carlo over a population of devices: every declared uncertain input is drawn per device
// (engine/uncertain_inputs.hpp), each device's lifetime simulated, and the spread summarised:
// percentiles, the fraction reaching the target with its confidence interval, and why the early
// ones died. Seeded and reproducible: device i always draws the same inputs for a given seed,
// whatever the number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/lifetime/population.hpp"

namespace pb::engine::lifetime {

// The options' allowed ranges (Validate() and the CLI's --devices and --threads).
// A device costs about 130 bytes of results (its inputs, lifetime and CE level): ten million
// devices, 1.3 GB, is a population whose percentiles no longer move.
inline constexpr NumericRange kDevicesRange{1.0, 10'000'000.0, false, false, true, ""};
// Worker threads, 0 for one per hardware thread. A fixed bound, not one relative to this
// machine's cores, so that a command line valid on one machine is valid on all; 1024 is twice the
// hardware threads of the largest two-socket servers (2 x 128 cores x 2), and a thread beyond
// the cores gains nothing on this CPU-bound work. A thread the system refuses to start is an
// error naming "threads" (the pool's workers are joined first), not an abort.
inline constexpr NumericRange kThreadsRange{0.0, 1024.0, false, false, true, ""};

struct MonteCarloOptions {
  std::size_t devices = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: all hardware threads
  LifetimeOptions lifetime;
  std::function<void(std::size_t done, std::size_t total)> progress;  // may be empty
  void Validate() const;  // throws ProfileError naming the option and its allowed range
};

struct ProportionInterval {
  double estimate = 0.0;
  double low = 0.0;   // Wilson score interval
  double high = 0.0;
  double confidence = 0.95;
};

// Wilson score interval for successes out of trials at a two-sided confidence level.
ProportionInterval WilsonInterval(std::size_t successes, std::size_t trials, double confidence);
// Linear-interpolation percentile (p in [0, 100]) of sorted values.
double Percentile(const std::vector<double>& sorted, double p);

// The devices of a population served at one CE level, or without service: the CE level decides
// the cost of every connection (NPRACH repetitions, search spaces), so a population over coupling
// loss is a mix of sub-populations whose lifetimes differ by a step at each level's edge.
struct CoverageGroup {
  int ce_level = 0;  // 0, 1, 2; kNoServiceGroup: beyond the network's maximum coupling loss
  std::size_t devices = 0;
  double fraction = 0.0;  // of the whole population
  std::map<std::string, double> percentiles_s;  // "P1", "P10", "P50" of the group; empty without devices
  ProportionInterval reaching_target;           // of the group's devices (Wilson, 95 %)
};
inline constexpr int kNoServiceGroup = -1;
// "CE0", "CE1", "CE2", or "no_service".
std::string CoverageGroupName(int ce_level);

struct MonteCarloResult {
  std::size_t devices = 0;
  std::uint64_t seed = 0;
  double target_s = 0.0;
  std::vector<double> lifetimes_s;  // sorted ascending
  std::map<std::string, double> percentiles_s;  // "P1", "P5", "P10", "P50", "P90"
  ProportionInterval reaching_target;
  std::map<std::string, std::size_t> early_deaths_by_cause;  // devices below target, by cause
  // The CE-level mix: CE0, CE1 and CE2 always (empty levels included, so that a report shows
  // which levels the population never reaches), then the devices without service when there are
  // any. Empty for a measured device (no radio model). The groups' devices sum to the population.
  std::vector<CoverageGroup> ce_mix;
  std::vector<InputValues> inputs;  // per device, in device order
  std::vector<DeviceLifetime> outcomes;  // per device, in device order
};

MonteCarloResult RunMonteCarlo(const DeviceProfile& profile, const MonteCarloOptions& options);

}  // namespace pb::engine::lifetime
