// What the lifetime is sensitive to: one-at-a-time swings of each declared uncertain input from
// its P10 to its P90 with the others at their medians (a tornado), and the local elasticity
// d ln(lifetime) / d ln(input) at the median, by central differences over a quarter of the
// P10-P90 range (for inputs centred on zero, such as a temperature offset, the relative change
// of lifetime per unit instead). Sorted by the width of the swing.
//
// An elasticity is a derivative: it means nothing across a step of the lifetime. The lifetime
// steps where the device changes CE level (the NPRACH repetitions and the search space change at
// the level's edge even though link adaptation is continuous inside it), where it loses service,
// and wherever the battery's end of life changes kind (a brown-out cliff). So every elasticity
// says whether its interval [x - h, x + h] crosses such a step, found two ways:
//  - for the coupling loss, the network's CE-level edges and its maximum coupling loss inside the
//    interval (the level at both sides of each edge compared, the step measured across it);
//  - for every input, numerically: each half of the interval is bisected towards its largest
//    change of ln(lifetime); a smooth lifetime's change vanishes with the bracket, a step's does
//    not. A step counts when it is material: at least kMaterialStep_frac of the lifetime and at
//    least kMaterialShare of the change across the interval (the simulation's rare discrete
//    events, a FOTA download falling before or after the end of life, move the lifetime by a
//    fraction of a per cent and are not what a reader must be warned about).
// A crossing elasticity is kept as computed, flagged, with the steps, and beside it the one-sided
// elasticity taken on the side free of steps (for the coupling loss: inside the median device's
// CE level).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/lifetime/population.hpp"

namespace pb::engine::lifetime {

inline constexpr double kMaterialStep_frac = 0.005;  // of the lifetime (as a change of its logarithm)
inline constexpr double kMaterialShare = 0.1;        // of |ln L(x + h) - ln L(x - h)|

// A step of the lifetime between two values of an input.
struct LifetimeStep {
  double below = 0.0, above = 0.0;  // input values either side of the step
  double lifetime_below_s = 0.0, lifetime_above_s = 0.0;
  double at = 0.0;            // where: the network's edge exactly, else the middle of the bracket
  double step_frac = 0.0;     // lifetime_above / lifetime_below - 1 (going up the input)
  std::string what;  // "the CE0/CE1 edge", "the edge of coverage", "the end of life turning from
                     // brown_out to charge_exhausted", else "a step of the lifetime"
};

struct Discontinuity {
  bool crosses = false;
  std::vector<LifetimeStep> steps;  // inside [x - h, x + h], ascending
  // The derivative on a side free of steps, in the row's convention (elasticity, or per unit when
  // the median is 0). side: "below" ([x - h, x]), "above" ([x, x + h]), "narrower" (central over a
  // step short of the nearest step on both sides); empty when none could be taken.
  std::string side;
  double one_sided_elasticity = 0.0;
  double one_sided_per_unit_frac = 0.0;
  double one_sided_step = 0.0;  // the difference's width: h, or the narrower step
  std::string within;           // coupling loss: the CE level the one-sided figure stays in ("CE0")
};

struct SensitivityRow {
  UncertainInput input;
  double low_value = 0.0, high_value = 0.0;    // P10, P90 of the input
  double low_lifetime_s = 0.0, high_lifetime_s = 0.0;
  double swing_s = 0.0;                         // |high - low|
  double median = 0.0;                          // x, where the elasticity is taken
  double difference_step = 0.0;                 // h: the central difference spans [x - h, x + h]
  double elasticity = 0.0;                      // d ln L / d ln x (0 when per_unit is used)
  double per_unit_frac = 0.0;                   // d ln L / dx, for inputs whose median is 0
  bool adverse_is_high = false;                 // the high value shortens life
  Discontinuity discontinuity;
};

struct SensitivityResult {
  double nominal_lifetime_s = 0.0;
  std::vector<SensitivityRow> rows;  // widest swing first
};

SensitivityResult AnalyseSensitivity(const PopulationModel& population);

// Bisects [a, b] (lifetimes life_a_s, life_b_s at its ends) towards its largest change of
// ln(lifetime) and returns the step found when the change left across the final bracket is at
// least min_log_step; nullopt for a lifetime continuous there (to the bisection's resolution).
// Lifetimes of zero (no service) count as one second.
std::optional<LifetimeStep> FindLifetimeStep(const std::function<double(double)>& lifetime_s, double a,
                                             double life_a_s, double b, double life_b_s, double min_log_step);

// Every input at the end of its P1..P99 range that shortens life: a pessimistic corner.
InputValues WorstCaseInputs(const PopulationModel& population, const SensitivityResult& sensitivity);

}  // namespace pb::engine::lifetime
