#include "engine/compare/compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "models/units.hpp"

namespace pb::engine::compare {
namespace {

ActivityDelta Delta(std::string_view name, const engine::ActivityBudget* base, const engine::ActivityBudget* cand) {
  ActivityDelta d;
  d.activity = std::string(name);
  d.in_baseline = base != nullptr;
  d.in_candidate = cand != nullptr;
  if (base) {
    d.baseline_J_per_day = base->energy_J_per_day;
    d.baseline_J_per_event = base->energy_J_per_event;
    d.baseline_events_per_day = base->events_per_day;
    d.baseline_share_frac = base->share_frac;
  }
  if (cand) {
    d.candidate_J_per_day = cand->energy_J_per_day;
    d.candidate_J_per_event = cand->energy_J_per_event;
    d.candidate_events_per_day = cand->events_per_day;
    d.candidate_share_frac = cand->share_frac;
  }
  d.delta_J_per_day = d.candidate_J_per_day - d.baseline_J_per_day;
  if (d.baseline_J_per_day > 0.0) d.delta_frac = d.delta_J_per_day / d.baseline_J_per_day;
  else if (d.candidate_J_per_day == 0.0) d.delta_frac = 0.0;
  return d;
}

std::string Percent(double frac) {
  if (std::isinf(frac)) return frac > 0 ? "+inf %" : "-inf %";
  return fmt::format("{:+.2f} %", frac * 100.0);
}

Check EnergyCheck(const ActivityDelta& d, double limit_frac, double min_share_frac, bool is_total) {
  Check c;
  c.id = is_total ? "energy_total" : "energy:" + d.activity;
  c.limit = limit_frac;
  const std::string what = is_total ? "energy per day" : "energy per day of " + d.activity;
  c.value = d.delta_frac ? *d.delta_frac : std::numeric_limits<double>::infinity();
  if (!is_total && std::max(d.baseline_share_frac, d.candidate_share_frac) < min_share_frac) {
    c.status = CheckStatus::kSkipped;
    c.description = fmt::format("{}: below {:.3g} % of the total on both sides, not checked", what, min_share_frac * 100.0);
    return c;
  }
  c.status = c.value <= limit_frac ? CheckStatus::kPassed : CheckStatus::kFailed;
  const std::string change = d.delta_frac ? Percent(*d.delta_frac) : std::string("new (not in the baseline)");
  c.description = fmt::format("{} {} {} +{:.3g} %", what, change, c.status == CheckStatus::kPassed ? "<=" : ">",
                              limit_frac * 100.0);
  return c;
}

}  // namespace

void Thresholds::Validate() const {
  if (max_lifetime_loss_frac) RequireInRange("max_lifetime_loss_frac", *max_lifetime_loss_frac, kLifetimeLossRange_frac);
  if (max_energy_increase_frac)
    RequireInRange("max_energy_increase_frac", *max_energy_increase_frac, kEnergyIncreaseRange_frac);
  if (min_lifetime_s) RequireInRange("min_lifetime_s", *min_lifetime_s, kMinLifetimeRange_s);
  RequireInRange("min_share_frac", min_share_frac, kMinShareRange_frac);
}

Comparison Compare(const engine::BudgetResult& baseline, const engine::BudgetResult& candidate,
                   const Thresholds& thresholds) {
  thresholds.Validate();
  Comparison c;
  c.thresholds = thresholds;
  c.baseline_device = baseline.device_name;
  c.candidate_device = candidate.device_name;
  for (const engine::ActivityBudget& a : baseline.breakdown)
    c.activities.push_back(Delta(a.activity, &a, candidate.Find(a.activity)));
  for (const engine::ActivityBudget& a : candidate.breakdown)
    if (!baseline.Find(a.activity)) c.activities.push_back(Delta(a.activity, nullptr, &a));

  engine::ActivityBudget base_total, cand_total;
  base_total.activity = cand_total.activity = "total";
  base_total.energy_J_per_day = baseline.energy_J_per_day;
  cand_total.energy_J_per_day = candidate.energy_J_per_day;
  base_total.share_frac = cand_total.share_frac = 1.0;
  c.total = Delta("total", &base_total, &cand_total);

  c.baseline_lifetime_s = baseline.lifetime_s;
  c.candidate_lifetime_s = candidate.lifetime_s;
  c.lifetime_change_frac = baseline.lifetime_s > 0.0 ? candidate.lifetime_s / baseline.lifetime_s - 1.0 : 0.0;
  c.baseline_average_current_A = baseline.average_current_A;
  c.candidate_average_current_A = candidate.average_current_A;

  if (thresholds.max_lifetime_loss_frac) {
    Check k;
    k.id = "lifetime_loss";
    k.value = -c.lifetime_change_frac;
    k.limit = *thresholds.max_lifetime_loss_frac;
    k.status = k.value <= k.limit ? CheckStatus::kPassed : CheckStatus::kFailed;
    k.description = fmt::format("lifetime {} ({:.1f} -> {:.1f} days), loss allowed {:.3g} %", Percent(c.lifetime_change_frac),
                                baseline.lifetime_s / units::kSecondsPerDay, candidate.lifetime_s / units::kSecondsPerDay,
                                k.limit * 100.0);
    c.checks.push_back(k);
  }
  if (thresholds.min_lifetime_s) {
    Check k;
    k.id = "min_lifetime";
    k.value = candidate.lifetime_s;
    k.limit = *thresholds.min_lifetime_s;
    k.status = k.value >= k.limit ? CheckStatus::kPassed : CheckStatus::kFailed;
    k.description = fmt::format("candidate lifetime {:.1f} days {} {:.1f} days", k.value / units::kSecondsPerDay,
                                k.status == CheckStatus::kPassed ? ">=" : "<", k.limit / units::kSecondsPerDay);
    c.checks.push_back(k);
  }
  if (thresholds.max_energy_increase_frac) {
    c.checks.push_back(EnergyCheck(c.total, *thresholds.max_energy_increase_frac, thresholds.min_share_frac, true));
    for (const ActivityDelta& d : c.activities)
      c.checks.push_back(EnergyCheck(d, *thresholds.max_energy_increase_frac, thresholds.min_share_frac, false));
  }
  for (const Check& k : c.checks) {
    if (k.status == CheckStatus::kFailed) ++c.failed;
    else if (k.status == CheckStatus::kPassed) ++c.passed;
    else ++c.skipped;
  }
  c.regression = c.failed > 0;
  return c;
}

}  // namespace pb::engine::compare
