// What the lifetime is sensitive to: one-at-a-time swings of each declared uncertain input from
// its P10 to its P90 with the others at their medians (a tornado), and the local elasticity
// d ln(lifetime) / d ln(input) at the median, by central differences over a quarter of the
// P10-P90 range (for inputs centred on zero, such as a temperature offset, the relative change
// of lifetime per unit instead). Sorted by the width of the swing.
#pragma once

#include <string>
#include <vector>

#include "engine/lifetime/population.hpp"

namespace pb::engine::lifetime {

struct SensitivityRow {
  UncertainInput input;
  double low_value = 0.0, high_value = 0.0;    // P10, P90 of the input
  double low_lifetime_s = 0.0, high_lifetime_s = 0.0;
  double swing_s = 0.0;                         // |high - low|
  double elasticity = 0.0;                      // d ln L / d ln x (0 when per_unit is used)
  double per_unit_frac = 0.0;                   // d ln L / dx, for inputs whose median is 0
  bool adverse_is_high = false;                 // the high value shortens life
};

struct SensitivityResult {
  double nominal_lifetime_s = 0.0;
  std::vector<SensitivityRow> rows;  // widest swing first
};

SensitivityResult AnalyseSensitivity(const PopulationModel& population);

// Every input at the end of its P1..P99 range that shortens life: a pessimistic corner.
InputValues WorstCaseInputs(const PopulationModel& population, const SensitivityResult& sensitivity);

}  // namespace pb::engine::lifetime
