#include "engine/cell/cell_analysis.hpp"

#include <cmath>

#include "models/units.hpp"

namespace pb::engine::cell {
namespace {

constexpr double kMaxSearchDevices = 1e9;  // beyond any carrier: the search gives up there

// The limit a load breaks the most (its ratio to the limit is largest), or "" when it keeps all.
std::string BrokenLimit(const CellScenario& s, const CellLoad& load) {
  std::string worst;
  double worst_ratio = 1.0;
  auto check = [&](double value, double limit, std::string name) {
    const double ratio = limit > 0.0 ? value / limit : (value > 0.0 ? HUGE_VAL : 0.0);
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      worst = std::move(name);
    }
  };
  check(load.channels.downlink_frac, s.limits.max_utilisation_frac, "downlink utilisation");
  check(load.channels.npusch_frac, s.limits.max_utilisation_frac, "uplink utilisation");
  for (std::size_t l = 0; l < 3; ++l)
    check(load.ce[l].access.collision_probability_frac, s.limits.max_collision_probability_frac,
          "NPRACH CE" + std::to_string(l) + " collisions");
  return worst;
}

}  // namespace

Capacity FindCapacity(const CellScenario& s, const DeviceClasses& classes, ArrivalPattern pattern) {
  auto broken = [&](double n) { return BrokenLimit(s, EvaluateLoad(s, classes, n, pattern)); };
  double lo = 0.0;  // fits
  double hi = std::max(1.0, s.population.devices);
  while (broken(hi).empty()) {
    lo = hi;
    hi *= 2.0;
    if (hi > kMaxSearchDevices) return Capacity{lo, "none below 1e9 devices"};
  }
  while (hi - lo > 1.0) {
    const double mid = std::floor(0.5 * (lo + hi));
    (broken(mid).empty() ? lo : hi) = mid;
  }
  return Capacity{lo, broken(hi)};
}

CellResult AnalyseCell(const CellScenario& s) {
  const DeviceClasses classes = BuildDeviceClasses(s);
  CellResult r;
  r.scenario = s.name;
  r.limits = s.limits;
  r.devices = s.population.devices;
  r.density = s.population.density;
  r.out_of_coverage_frac = classes.out_of_coverage_frac;
  r.available_downlink_subframes_per_s = AvailableDownlinkSubframes_per_s(s.carrier);
  r.anchor_overhead_frac = AnchorOverheadSubframes_per_s(s.carrier) / kSubframesPerSecond;
  r.available_uplink_Hz = AvailableUplink_Hz(s.carrier, s.network);

  double covered = 0.0;
  for (const DeviceClass& c : classes.classes) covered += c.share_frac;
  for (std::size_t g = 0; g < s.population.groups.size(); ++g) {
    GroupSummary summary{s.population.groups[g].label, s.population.groups[g].share_frac,
                         Modelled(s.population.groups[g]).reporting.interval_s, 0.0, 0.0};
    double weight = 0.0;
    for (const DeviceClass& c : classes.classes) {
      if (c.group != g) continue;
      summary.report_energy_J += c.share_frac * c.report_energy_J;
      summary.lifetime_days += c.share_frac * c.lifetime_s / units::kSecondsPerDay;
      weight += c.share_frac;
    }
    if (weight > 0.0) {
      summary.report_energy_J /= weight;
      summary.lifetime_days /= weight;
    }
    r.groups.push_back(summary);
  }
  for (const DeviceClass& c : classes.classes)
    if (covered > 0.0) r.ce_share_frac[c.ce_level] += c.share_frac / covered;

  r.randomised = EvaluateLoad(s, classes, r.devices, ArrivalPattern::kRandomised);
  r.synchronised = EvaluateLoad(s, classes, r.devices, ArrivalPattern::kSynchronised);
  r.capacity_randomised = FindCapacity(s, classes, ArrivalPattern::kRandomised);
  r.capacity_synchronised = FindCapacity(s, classes, ArrivalPattern::kSynchronised);
  r.carried = r.devices <= r.capacity_randomised.devices;
  r.carriers_needed = r.capacity_randomised.devices > 0.0
                          ? static_cast<int>(std::ceil(r.devices / r.capacity_randomised.devices))
                          : 0;
  for (double factor : s.sweep_factors)
    r.sweep.push_back({factor, EvaluateLoad(s, classes, factor * r.devices, ArrivalPattern::kRandomised),
                       EvaluateLoad(s, classes, factor * r.devices, ArrivalPattern::kSynchronised)});
  return r;
}

}  // namespace pb::engine::cell
