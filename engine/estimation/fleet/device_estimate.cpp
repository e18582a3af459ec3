#include "engine/estimation/fleet/device_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "engine/estimation/filters/drain_flag.hpp"
#include "models/battery/primary_cell.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {
namespace {

// g' P h for packed P.
double Quadratic(const Sym4& P, const std::array<double, 4>& g, const std::array<double, 4>& h) {
  double sum = 0.0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) sum += g[static_cast<std::size_t>(i)] * P(i, j) * h[static_cast<std::size_t>(j)];
  return sum;
}

// FOTA updates ahead: the plan's schedule, one every 1/rate, the next one interval after the
// last one seen (campaign timing uncertain by a sixth of the interval), or at an unknown phase
// when none was seen. A device updating at several times the plan (a loop) keeps its own rate.
void ForecastFota(const DrainTable& table, const DeviceState& st, LifeForecastInput& in) {
  // A loop: more than 2.5 updates in the running mean's month (one update lifts it to one a month).
  constexpr double kLoop_per_s = 2.5 / (30.0 * units::kSecondsPerDay);
  const double observed = static_cast<double>(st.fota_per_day) / units::kSecondsPerDay;
  const bool loop = observed > std::max(kLoop_per_s, table.nominal_fota_per_s);
  const double rate_per_s = loop ? observed : table.nominal_fota_per_s;
  if (!(rate_per_s > 0.0)) return;
  in.event_period_s = 1.0 / rate_per_s;
  if (st.last_fota_s >= 0.0f) {
    const double since_s = st.last_time_s - (st.first_time_s + st.last_fota_s);
    in.next_event_s = std::max(0.0, in.event_period_s - since_s);
    in.next_event_sd_s = loop ? 0.0 : in.event_period_s / 6.0;
  }
}

// d ln(I_base) / dL at a coupling loss: how much a device's load moves per dB its coverage
// drifts. Near a CE-level boundary it is large, deep inside a level small.
double CoverageSensitivity(const DrainTable& table, double coupling_loss_dB) {
  const auto base = [&](double loss) { return table.BaseCurrent_A(table.At(loss)); };
  const double here = base(coupling_loss_dB);
  if (!(here > 0.0)) return 0.0;
  return std::abs(base(coupling_loss_dB + 1.0) - base(coupling_loss_dB - 1.0)) / (2.0 * here);
}

LifeForecastInput PrimaryForecast(const FleetModel& model, const DeviceState& st) {
  const PrimaryModel& pm = model.primary;
  const PrimaryState s{st.filter};
  const double q = s.charge_used_C(), m = s.drain_multiplier(), C = s.capacity_C(), rho = s.resistance_scale();
  const DrainBin& bin = pm.drain.At(st.coupling_loss_dB);
  const double remaining_at_brown_out =
      models::battery::BrownOutRemainingFraction(pm.cell, pm.brown_out_V, bin.pulse_current_A, st.temperature_degC, rho);
  const std::array<double, 4> g_remaining = {-1.0, 0.0, 1.0 - remaining_at_brown_out, 0.0};
  const std::array<double, 4> e_m = {0.0, 1.0, 0.0, 0.0};
  LifeForecastInput in;
  in.remaining_C = C * (1.0 - remaining_at_brown_out) - q;
  // The gauge's gain error is common to every reading of a device, so the filter cannot average
  // it away: it stays in the charge used.
  const double gauge_C = pm.noise.gauge_gain_sd_frac * q;
  in.remaining_var_C2 = Quadratic(st.filter.P, g_remaining, g_remaining) + gauge_C * gauge_C;
  const double base_A = st.base_drain_A;
  in.rate_A = m * base_A + pm.capacity_C * models::battery::SelfDischargeRate_per_s(pm.cell, st.temperature_degC);
  in.rate_var_A2 = st.filter.P(1, 1) * base_A * base_A;
  in.cov_remaining_rate_CA = Quadratic(st.filter.P, g_remaining, e_m) * base_A;
  in.drift_sd_frac_per_sqrt_year = std::hypot(pm.noise.future_load_sd_frac_per_sqrt_year,
                                              CoverageSensitivity(pm.drain, st.coupling_loss_dB) *
                                                  pm.noise.coverage_drift_dB_per_sqrt_year);
  ForecastFota(pm.drain, st, in);
  in.event_C = m * st.fota_charge_C;
  return in;
}

LifeForecastInput LiIonForecast(const FleetModel& model, const DeviceState& st) {
  const LiIonState s{st.filter};
  const std::array<double, 4> g = {s.capacity_C(), 0.0, 0.0, s.soc_frac()};
  LifeForecastInput in;
  in.remaining_C = std::max(0.0, s.soc_frac()) * s.capacity_C();
  in.remaining_var_C2 = Quadratic(st.filter.P, g, g);
  in.rate_A = st.base_drain_A;
  in.drift_sd_frac_per_sqrt_year = model.primary.noise.future_load_sd_frac_per_sqrt_year;
  ForecastFota(model.primary.drain, st, in);
  in.event_C = st.fota_charge_C;
  return in;
}

}  // namespace

LifeForecastInput ForecastInput(const FleetModel& model, const DeviceState& state) {
  return model.kind == CellKind::kPrimary ? PrimaryForecast(model, state) : LiIonForecast(model, state);
}

DeviceEstimate MakeEstimate(const FleetModel& model, std::string_view device_id, const DeviceState& st) {
  DeviceEstimate e;
  e.device_id = std::string(device_id);
  e.time_s = st.last_time_s;
  e.kind = model.kind;
  e.planned_current_A = model.primary.drain.nominal_current_A;
  if (model.kind == CellKind::kPrimary) {
    const PrimaryState s{st.filter};
    const double q = s.charge_used_C(), C = s.capacity_C();
    e.soc_frac = 1.0 - q / C;
    const std::array<double, 4> g = {-1.0 / C, 0.0, q / (C * C), 0.0};
    e.soc_sd_frac = std::sqrt(std::max(0.0, Quadratic(st.filter.P, g, g)));
    e.charge_used_C = q;
    e.capacity_C = C;
    e.capacity_sd_C = std::sqrt(std::max(0.0, st.filter.P(2, 2)));
    e.drain_multiplier = s.drain_multiplier();
    e.drain_multiplier_sd = std::sqrt(std::max(0.0, st.filter.P(1, 1)));
    e.pulse_resistance_multiplier = s.resistance_scale();
    e.expected_current_A = s.drain_multiplier() * ExplainedCurrent_A(st);
  } else {
    const LiIonState s{st.filter};
    e.soc_frac = s.soc_frac();
    e.soc_sd_frac = std::sqrt(std::max(0.0, st.filter.P(0, 0)));
    e.capacity_C = s.capacity_C();
    e.capacity_sd_C = std::sqrt(std::max(0.0, st.filter.P(3, 3)));
    e.charge_used_C = (1.0 - s.soc_frac()) * s.capacity_C();
    e.series_resistance_Ohm = s.r0_ohm();
    e.expected_current_A = ExplainedCurrent_A(st);
  }
  e.remaining_life = RemainingLife(ForecastInput(model, st));

  std::uint32_t flags = st.flags;
  if (e.remaining_life.p10_s < model.flags.brown_out_warning_days * units::kSecondsPerDay) flags |= flag::kBrownOutRisk;
  const double total = static_cast<double>(st.records_accepted) + st.records_rejected;
  constexpr std::uint16_t kSerious = (1u << static_cast<unsigned>(Reason::kChargingPrimary)) |
                                     (1u << static_cast<unsigned>(Reason::kClockJump)) |
                                     (1u << static_cast<unsigned>(Reason::kClockBackwards)) |
                                     (1u << static_cast<unsigned>(Reason::kNumericalGuard));
  if ((total > 0.0 && st.records_rejected > model.flags.quality_reject_frac * total) || (st.quality_mask & kSerious))
    flags |= flag::kDataQuality;
  e.flags = flags;
  e.drain_cause = static_cast<DrainCause>(st.drain_cause);
  e.drain_flag_since_s = st.drain_flag_since_s;
  e.records_accepted = st.records_accepted;
  e.records_rejected = st.records_rejected;
  e.battery_epoch = st.battery_epoch;
  return e;
}

}  // namespace pb::engine::estimation
