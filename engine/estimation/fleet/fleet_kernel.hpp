// The primary-cell filter over a whole fleet at once, structure of arrays: one array per state
// element and per covariance element, so a loop over devices runs the same ~100 flops for
// every device with unit-stride loads that the compiler vectorises. No allocation in the loop.
//
// One call = one report per device: predict with the budget's drain D_i over dt_i, then a
// battery-level update where level_valid_i. The arithmetic is primary_filter.hpp's
// (PrimaryPredict, PrimaryUpdateLevel), element for element; tests/estimation/
// test_fleet_kernel.cpp checks the kernel against the per-device filter to 1e-12.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/estimation/filters/primary_filter.hpp"

namespace pb::engine::estimation {

struct FleetStateSoA {
  std::vector<double> x[4];
  std::vector<double> p[10];  // packed upper triangle, as Sym4
  void Resize(std::size_t n);
  std::size_t size() const { return x[0].size(); }
  void Set(std::size_t i, const FilterState& s);
  FilterState Get(std::size_t i) const;
};

struct FleetStepSoA {
  std::vector<double> dt_s;
  std::vector<double> drain_C;           // D: the budget's charge over the step
  std::vector<double> self_discharge_C;
  std::vector<double> level_frac;
  std::vector<double> level_correlation_s;  // T_c of the level measurement
  std::vector<unsigned char> level_valid;
  void Resize(std::size_t n);
};

// Advances every device by its step.
void UpdateFleet(const PrimaryModel& model, FleetStateSoA& fleet, const FleetStepSoA& step);

}  // namespace pb::engine::estimation
