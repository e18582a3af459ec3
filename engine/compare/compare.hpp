// Comparing two budgets — a baseline and a candidate, each from a profile, a saved simulate
// result or a measured trace — per activity, and checking the candidate against regression
// thresholds, for a CI gate that fails when firmware quietly costs battery life.
//
// Checks (each passes, fails, or is skipped with a reason):
//   lifetime_loss      1 − candidate/baseline lifetime ≤ max_lifetime_loss_frac
//   min_lifetime       candidate lifetime ≥ min_lifetime_s
//   energy_total       candidate/baseline − 1 of the energy per day ≤ max_energy_increase_frac
//   energy:<activity>  the same per activity; skipped when the activity is below min_share_frac
//                      of the total on both sides (noise-level activities); an activity the
//                      baseline does not have counts as an infinite increase.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/option_range.hpp"
#include "models/units.hpp"

namespace pb::engine::compare {

// The thresholds' allowed ranges (Validate(), the CLI's --max-lifetime-loss, --max-energy-increase,
// --min-lifetime and --min-share). A loss beyond the whole lifetime means nothing; an increase
// threshold beyond a hundredfold checks nothing; no lifetime beyond the longest simulated.
inline constexpr NumericRange kLifetimeLossRange_frac{0.0, 1.0, false, false, false, ""};
inline constexpr NumericRange kEnergyIncreaseRange_frac{0.0, 100.0, false, false, false, ""};
inline constexpr NumericRange kMinLifetimeRange_s{0.0, 100.0 * units::kSecondsPerYear, false, false, false, "s"};
inline constexpr NumericRange kMinShareRange_frac{0.0, 1.0, false, false, false, ""};

struct Thresholds {
  std::optional<double> max_lifetime_loss_frac;
  std::optional<double> max_energy_increase_frac;
  std::optional<double> min_lifetime_s;
  double min_share_frac = 0.01;
  void Validate() const;  // throws ProfileError naming the threshold and its allowed range
};

struct ActivityDelta {
  std::string activity;  // "total" for the sum
  bool in_baseline = false;
  bool in_candidate = false;
  double baseline_J_per_day = 0.0;
  double candidate_J_per_day = 0.0;
  double delta_J_per_day = 0.0;
  std::optional<double> delta_frac;  // nothing when the baseline has none of it
  double baseline_J_per_event = 0.0;
  double candidate_J_per_event = 0.0;
  double baseline_events_per_day = 0.0;
  double candidate_events_per_day = 0.0;
  double baseline_share_frac = 0.0;
  double candidate_share_frac = 0.0;
};

enum class CheckStatus { kPassed, kFailed, kSkipped };

struct Check {
  std::string id;          // "lifetime_loss", "min_lifetime", "energy_total", "energy:<activity>"
  std::string description; // one line for people: "lifetime loss 2.1 % <= 5 %"
  double value = 0.0;      // in the unit of the limit (fraction, or seconds for min_lifetime)
  double limit = 0.0;
  CheckStatus status = CheckStatus::kPassed;
};

struct Comparison {
  std::string baseline_device;
  std::string candidate_device;
  std::vector<ActivityDelta> activities;  // baseline order, then the candidate's new ones
  ActivityDelta total;
  double baseline_lifetime_s = 0.0;
  double candidate_lifetime_s = 0.0;
  double lifetime_change_frac = 0.0;      // candidate/baseline − 1 (negative: a loss)
  double baseline_average_current_A = 0.0;
  double candidate_average_current_A = 0.0;
  Thresholds thresholds;
  std::vector<Check> checks;
  bool regression = false;                // any check failed
  std::size_t failed = 0;
  std::size_t passed = 0;
  std::size_t skipped = 0;
};

Comparison Compare(const engine::BudgetResult& baseline, const engine::BudgetResult& candidate,
                   const Thresholds& thresholds);

}  // namespace pb::engine::compare
