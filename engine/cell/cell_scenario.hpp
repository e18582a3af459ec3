// A cell-capacity scenario after loading (profiles/cells/*.json, schema powerbudget/cell/1,
// engine/profile_io/cell_loader.hpp): one NB-IoT carrier, its network configuration, the
// population it serves, the random-access settings and the limits that define capacity.
#pragma once

#include <string>
#include <vector>

#include "engine/cell/carrier.hpp"
#include "engine/cell/population.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::engine::cell {

struct AccessParams {
  int max_preamble_attempts = 0;  // preambleTransMax-CE (TS 36.331): 3 … 200
  double backoff_s = 0.0;         // back-off indicator: the wait is uniform in [0, backoff_s] (TS 36.321 §5.1.4)
  bool operator==(const AccessParams&) const = default;
};

struct CapacityLimits {
  double max_utilisation_frac = 0.0;            // of each channel's available resources
  double max_collision_probability_frac = 0.0;  // per CE level
  bool operator==(const CapacityLimits&) const = default;
};

struct CellScenario {
  std::string name;
  std::string description;
  models::radio::nbiot::NetworkParams network;  // every device of the population uses it
  CarrierParams carrier;
  Population population;
  AccessParams access;
  // Synchronised reporting: every report falls on a common epoch (e.g. the full hour) and the
  // devices' clocks and wake-ups spread the attempts over this window.
  double synchronised_spread_s = 0.0;
  CapacityLimits limits;
  std::vector<double> sweep_factors;  // populations (× the scenario's) to tabulate
};

}  // namespace pb::engine::cell
