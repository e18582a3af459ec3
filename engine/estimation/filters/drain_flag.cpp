#include "engine/estimation/filters/drain_flag.hpp"

#include <algorithm>
#include <cmath>

#include "models/units.hpp"

namespace pb::engine::estimation {

std::string_view DrainCauseName(DrainCause cause) {
  switch (cause) {
    case DrainCause::kReportingRate: return "reporting_rate";
    case DrainCause::kCoverage: return "coverage";
    case DrainCause::kFota: return "fota";
    case DrainCause::kUnmodelled: return "unmodelled_drain";
    default: return "none";
  }
}

void RaiseDrainFlag(DeviceState& st, double time_s, DrainCause cause) {
  if (!(st.flags & flag::kDrainFast)) st.drain_flag_since_s = time_s;
  st.flags |= flag::kDrainFast;
  st.drain_cause = static_cast<std::uint8_t>(cause);
}

void UpdateDrainFlag(const FleetModel& model, DeviceState& st, double time_s) {
  const DrainTable& table = model.primary.drain;
  const FlagRules& rules = model.flags;
  if (!(table.nominal_current_A > 0.0)) return;
  const double explained_ratio = ExplainedCurrent_A(st) / table.nominal_current_A;
  const bool primary = model.kind == CellKind::kPrimary;
  const double m = primary ? st.filter.x[1] : 1.0;
  // The common case, cheaply: nothing raised and nothing near a threshold.
  if (!(st.flags & flag::kDrainFast) && m <= rules.drain_multiplier && explained_ratio <= rules.explained_ratio) return;
  const double sd_m = primary ? std::sqrt(std::max(0.0, st.filter.P(1, 1))) : 0.0;

  // Unexplained first: a fault on a device that already drains above plan (bad coverage)
  // must still show as a new cause.
  if (m - 2.0 * sd_m > rules.drain_multiplier) {
    RaiseDrainFlag(st, time_s, DrainCause::kUnmodelled);
    return;
  }
  if (explained_ratio > rules.explained_ratio) {
    if (st.drain_cause == static_cast<std::uint8_t>(DrainCause::kUnmodelled) && (st.flags & flag::kDrainFast)) return;
    const DrainBin& plan = table.Nominal();
    const double plan_reports = table.PlannedReportsPerDay();
    const double plan_fota = table.nominal_fota_per_s * units::kSecondsPerDay;
    // Rate excesses at the planned unit costs; coverage takes what the observed costs add on
    // top (base_drain_A is the running mean of what the reports actually cost).
    const double by_rate = (st.reports_per_day - plan_reports) * plan.report_C;
    const double by_fota = (st.fota_per_day - plan_fota) * plan.fota_C;
    const double by_coverage = st.base_drain_A * units::kSecondsPerDay - st.reports_per_day * plan.report_C -
                               plan.floor_A * units::kSecondsPerDay + st.fota_per_day * (st.fota_charge_C - plan.fota_C);
    DrainCause cause = DrainCause::kReportingRate;
    double largest = by_rate;
    if (by_coverage > largest) {
      largest = by_coverage;
      cause = DrainCause::kCoverage;
    }
    if (by_fota > largest) cause = DrainCause::kFota;
    RaiseDrainFlag(st, time_s, cause);
    return;
  }
  const bool confidently_normal = m + 2.0 * sd_m < rules.drain_multiplier && explained_ratio < rules.explained_ratio;
  if ((st.flags & flag::kDrainFast) && confidently_normal) {
    st.flags = static_cast<std::uint16_t>(st.flags & ~flag::kDrainFast);
    st.drain_flag_since_s = 0.0;
    st.drain_cause = 0;
  }
}

}  // namespace pb::engine::estimation
