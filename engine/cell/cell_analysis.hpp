// The answer of `powerbudget cell`: the scenario's population on one carrier (randomised and
// synchronised reporting), a sweep over population sizes, and the capacity — the largest
// population whose channel utilisation and per-CE-level collision probability stay within the
// scenario's limits. Utilisation and collisions grow monotonically with the population (for a
// fixed mix), so the capacity is found by bisection over whole devices.
//
// Carriers needed: ceil(population / one carrier's capacity). A non-anchor carrier carries no
// NPSS/NSSS/NPBCH/SIB and has NPRACH only if configured, so this is an upper bound.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/cell/cell_load.hpp"

namespace pb::engine::cell {

struct Capacity {
  double devices = 0.0;
  std::string binding;  // the limit the next device would break: "downlink", "uplink", "NPRACH CE0 collisions", ...
};

Capacity FindCapacity(const CellScenario& scenario, const DeviceClasses& classes, ArrivalPattern pattern);

struct GroupSummary {
  std::string label;
  double share_frac = 0.0;
  double report_interval_s = 0.0;
  double report_energy_J = 0.0;  // device mean over the group's coupling losses
  double lifetime_days = 0.0;    // device mean, unloaded
};

struct SweepPoint {
  double factor = 0.0;
  CellLoad randomised;
  CellLoad synchronised;
};

struct CellResult {
  std::string scenario;
  CapacityLimits limits;
  double devices = 0.0;
  std::optional<DensityParams> density;
  double out_of_coverage_frac = 0.0;
  std::array<double, 3> ce_share_frac{};  // of the covered devices
  double anchor_overhead_frac = 0.0;      // of the downlink subframes
  double available_downlink_subframes_per_s = 0.0;
  double available_uplink_Hz = 0.0;
  std::vector<GroupSummary> groups;
  CellLoad randomised;
  CellLoad synchronised;
  Capacity capacity_randomised;
  Capacity capacity_synchronised;
  bool carried = false;  // the population fits one carrier with randomised reporting
  int carriers_needed = 0;
  std::vector<SweepPoint> sweep;
};

CellResult AnalyseCell(const CellScenario& scenario);

}  // namespace pb::engine::cell
