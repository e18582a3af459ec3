#include "engine/lifetime/monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <variant>

#include "engine/errors.hpp"
#include "engine/lifetime/sampling.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::engine::lifetime {
namespace {

// Two-sided standard-normal quantile for the usual confidence levels; others by bisection on erf.
double TwoSidedZ(double confidence) {
  double lo = 0.0, hi = 10.0;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (std::erf(mid / std::sqrt(2.0)) < confidence ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// The group's share, its lifetime percentiles and its fraction reaching the target.
CoverageGroup SummariseGroup(int ce_level, std::vector<double> lifetimes_s, std::size_t population, double target_s) {
  CoverageGroup g;
  g.ce_level = ce_level;
  g.devices = lifetimes_s.size();
  g.fraction = population ? static_cast<double>(g.devices) / static_cast<double>(population) : 0.0;
  std::sort(lifetimes_s.begin(), lifetimes_s.end());
  std::size_t reaching = 0;
  for (double l : lifetimes_s) reaching += l >= target_s ? 1 : 0;
  if (!lifetimes_s.empty())
    for (double p : {1.0, 10.0, 50.0})
      g.percentiles_s["P" + std::to_string(static_cast<int>(p))] = Percentile(lifetimes_s, p);
  g.reaching_target = WilsonInterval(reaching, g.devices, 0.95);
  return g;
}

}  // namespace

std::string CoverageGroupName(int ce_level) {
  return ce_level == kNoServiceGroup ? "no_service" : "CE" + std::to_string(ce_level);
}

ProportionInterval WilsonInterval(std::size_t successes, std::size_t trials, double confidence) {
  ProportionInterval r;
  r.confidence = confidence;
  if (trials == 0) return r;
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z = TwoSidedZ(confidence);
  const double denominator = 1.0 + z * z / n;
  const double centre = (p + z * z / (2.0 * n)) / denominator;
  const double half = z * std::sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator;
  r.estimate = p;
  r.low = std::max(0.0, centre - half);
  r.high = std::min(1.0, centre + half);
  return r;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (rank - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

void MonteCarloOptions::Validate() const {
  RequireInRange("devices", static_cast<double>(devices), kDevicesRange);
  RequireInRange("threads", threads, kThreadsRange);
  lifetime.Validate();
}

MonteCarloResult RunMonteCarlo(const DeviceProfile& profile, const MonteCarloOptions& options) {
  options.Validate();
  const PopulationModel population(profile, options.lifetime);
  const std::size_t n = options.devices;
  MonteCarloResult result;
  result.devices = n;
  result.seed = options.seed;
  result.target_s = profile.target_lifetime_s;
  result.inputs.resize(n);
  result.outcomes.resize(n);

  std::atomic<std::size_t> next{0}, done{0};
  std::mutex progress_mutex;
  auto worker = [&] {
    constexpr std::size_t kChunk = 64;
    for (std::size_t begin = next.fetch_add(kChunk); begin < n; begin = next.fetch_add(kChunk)) {
      const std::size_t end = std::min(n, begin + kChunk);
      for (std::size_t i = begin; i < end; ++i) {
        Rng rng(options.seed, i);
        InputValues values;
        values.reserve(profile.uncertainty.size());
        for (const UncertainParameter& p : profile.uncertainty) values.push_back(Sample(p.distribution, rng));
        result.outcomes[i] = population.Evaluate(values);
        result.inputs[i] = std::move(values);
      }
      const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
      if (options.progress) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(finished, n);
      }
    }
  };
  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.threads ? options.threads : std::thread::hardware_concurrency(),
                                      static_cast<unsigned>((n + 63) / 64)));
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  } catch (const std::system_error& e) {
    // The system refused a thread (a limit on processes or memory). The started workers must
    // be joined before anything is thrown (a joinable thread's destructor aborts): they take no
    // further devices.
    next.store(n);
    for (std::thread& t : pool) t.join();
    throw ProfileError("threads", "could not start worker thread " + std::to_string(pool.size() + 2) + " of " +
                                      std::to_string(threads) + " (" + e.what() +
                                      "): ask for fewer threads (0: one per hardware thread)");
  }
  worker();
  for (std::thread& t : pool) t.join();

  std::size_t reaching = 0;
  result.lifetimes_s.reserve(n);
  for (const DeviceLifetime& d : result.outcomes) {
    result.lifetimes_s.push_back(d.lifetime_s);
    if (d.lifetime_s >= profile.target_lifetime_s) {
      ++reaching;
    } else {
      const std::string cause = d.no_service ? "no_service" : std::string(models::battery::EndOfLifeCauseName(d.cause));
      ++result.early_deaths_by_cause[cause];
    }
  }
  std::sort(result.lifetimes_s.begin(), result.lifetimes_s.end());
  for (double p : {1.0, 5.0, 10.0, 50.0, 90.0})
    result.percentiles_s["P" + std::to_string(static_cast<int>(p))] = Percentile(result.lifetimes_s, p);
  result.reaching_target = WilsonInterval(reaching, n, 0.95);

  if (std::holds_alternative<ModelledDevice>(profile.device)) {
    std::vector<std::vector<double>> by_level(models::radio::nbiot::kNumCeLevels);
    std::vector<double> no_service;
    for (const DeviceLifetime& d : result.outcomes) {
      if (d.no_service)
        no_service.push_back(d.lifetime_s);
      else if (d.ce_level >= 0 && d.ce_level < models::radio::nbiot::kNumCeLevels)
        by_level[static_cast<std::size_t>(d.ce_level)].push_back(d.lifetime_s);
    }
    for (int level = 0; level < models::radio::nbiot::kNumCeLevels; ++level)
      result.ce_mix.push_back(
          SummariseGroup(level, std::move(by_level[static_cast<std::size_t>(level)]), n, profile.target_lifetime_s));
    if (!no_service.empty())
      result.ce_mix.push_back(SummariseGroup(kNoServiceGroup, std::move(no_service), n, profile.target_lifetime_s));
  }
  return result;
}

}  // namespace pb::engine::lifetime
