#include "engine/estimation/fleet/device_update.hpp"

#include <algorithm>
#include <cmath>

#include "engine/estimation/filters/change_detector.hpp"
#include "engine/estimation/filters/drain_flag.hpp"
#include "engine/estimation/filters/liion_filter.hpp"
#include "engine/estimation/filters/primary_filter.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {
namespace {

// Running means follow a week of reports: long enough to average coverage fluctuations, short
// enough to follow a device that moved. FOTA is rare: a month, so one scheduled update moves
// the rate little and a daily update loop shows within a week.
constexpr double kEwmaTime_s = 7.0 * units::kSecondsPerDay;
constexpr double kFotaEwmaTime_s = 30.0 * units::kSecondsPerDay;

void Count(ReasonCounts& counts, DeviceState& st, Reason r) {
  ++counts[static_cast<std::size_t>(r)];
  st.quality_mask = static_cast<std::uint16_t>(st.quality_mask | (1u << static_cast<unsigned>(r)));
}

// The weight of a new sample in a running mean of time constant tau after dt: 1 - exp(-dt/tau),
// by its series where dt << tau (every report: dt/tau ~ 0.006; the error is below (dt/tau)^4/24)
// because this runs for every record and exp is the costliest thing in the per-record path.
double EwmaWeight(double dt_s, double time_constant_s) {
  const double x = dt_s / time_constant_s;
  return x < 0.01 ? x * (1.0 - x * (0.5 - x * (1.0 / 6.0))) : -std::expm1(-x);
}

double Ewma(double mean, double sample, double weight) { return mean + weight * (sample - mean); }

bool Finite(const FilterState& f) {
  for (double v : f.x)
    if (!std::isfinite(v)) return false;
  for (double v : f.P.p)
    if (!std::isfinite(v)) return false;
  return true;
}

// The difference of two cumulative counters, with a restart (reboot) read as "one".
// The shortest a firmware update can take (download, flash write, reboot): one minute, well
// below an NB-IoT or LTE-M image download of tens of kilobytes at tens of kbit/s plus a
// secure-boot reboot (docs/estimation.md, counter rules).
constexpr double kShortestFirmwareUpdate_s = 60.0;

double CounterDelta(double now, std::uint32_t& last, std::uint8_t& bits, std::uint8_t have_bit, double expected,
                    bool& reset) {
  const auto value = static_cast<std::uint32_t>(now);
  double delta = expected;
  if (bits & have_bit) {
    if (value >= last) {
      delta = static_cast<double>(value - last);
    } else {
      reset = true;
      delta = std::min(expected, static_cast<double>(value));
    }
  }
  last = value;
  bits = static_cast<std::uint8_t>(bits | have_bit);
  return delta;
}

bool FreshPrimaryCell(const FleetModel& model, const DeviceState& st, const TelemetryRecord& r) {
  if (model.kind != CellKind::kPrimary) return false;
  if (r.has(field::kLevel) && (st.bits & device_bit::kHasLevel) &&
      r.level_frac - st.last_level_frac >= model.rules.battery_jump_frac)
    return true;
  // A voltage back on the plateau after the knee: only a new cell does that.
  // (Cheap test first: only a voltage well above the last one can be a new cell.)
  if (r.has(field::kVoltage) && (st.bits & device_bit::kHasVoltage) && r.voltage_V > st.last_voltage_V + 0.15) {
    const double plateau_end_V = models::battery::RestVoltage_V(model.primary.cell, 0.25, st.temperature_degC);
    if (st.last_voltage_V < plateau_end_V - 0.15 && r.voltage_V > plateau_end_V) return true;
  }
  return false;
}

// The last level, voltage and current a record carried, for the next record's checks.
void RememberReadings(const TelemetryRecord& r, DeviceState& st) {
  if (r.has(field::kLevel)) {
    st.last_level_frac = static_cast<float>(r.level_frac);
    st.bits |= device_bit::kHasLevel;
  }
  if (r.has(field::kVoltage)) {
    st.last_voltage_V = static_cast<float>(r.voltage_V);
    st.bits |= device_bit::kHasVoltage;
  }
  if (r.has(field::kCurrent)) {
    st.last_current_A = static_cast<float>(r.current_A);
    st.bits |= device_bit::kHasCurrent;
  }
}

struct Drain {
  double total_C = 0.0;
  double base_C = 0.0;        // floor and reports, for the expected-load running mean
  double variance_C2 = 0.0;   // unobserved FOTA
  double reports = 0.0;
  double fota = 0.0;
  bool fota_observed = false;
};

}  // namespace

double CouplingLoss_dB(const FleetModel& model, const DeviceState& state, const TelemetryRecord& r) {
  if (r.has(field::kSignal)) return model.nrs_power_dBm - r.signal_dBm;
  if (r.has(field::kCeLevel)) return model.primary.drain.CeLevelCentre_dB(r.ce_level);
  return state.coupling_loss_dB;
}

DeviceState InitialDeviceState(const FleetModel& model, const TelemetryRecord& r) {
  const PrimaryModel& pm = model.primary;
  const DrainTable& table = pm.drain;
  DeviceState st;
  st.first_time_s = st.last_time_s = r.time_s;
  st.last_level_update_s = st.last_voltage_update_s = r.time_s;
  st.temperature_degC = static_cast<float>(r.has(field::kTemperature) ? r.temperature_degC : pm.cell.reference_temperature_degC);
  st.coupling_loss_dB = static_cast<float>(table.nominal_coupling_loss_dB);
  st.coupling_loss_dB = static_cast<float>(CouplingLoss_dB(model, st, r));
  const DrainBin& bin = table.At(st.coupling_loss_dB, r.has(field::kCeLevel) ? r.ce_level : -1);
  st.base_drain_A = table.BaseCurrent_A(bin);
  st.fota_charge_C = bin.fota_C;
  st.reports_per_day = static_cast<float>(table.PlannedReportsPerDay());
  st.fota_per_day = static_cast<float>(table.nominal_fota_per_s * units::kSecondsPerDay);
  if (r.has(field::kReports)) {
    st.last_reports = static_cast<std::uint32_t>(r.reports_count);
    st.bits |= device_bit::kHasReports;
  }
  if (r.has(field::kFota)) {
    st.last_fota = static_cast<std::uint32_t>(r.fota_count);
    st.bits |= device_bit::kHasFota;
  }
  RememberReadings(r, st);

  if (model.kind == CellKind::kPrimary) {
    st.filter = PrimaryPrior(pm).s;
    if (r.has(field::kLevel)) {
      // A device already in the field: its gauge says how much is used.
      const PrimaryNoise& n = pm.noise;
      const double q_C = (1.0 - r.level_frac) * pm.design_capacity_C;
      const double sd_frac = std::sqrt(n.level_quantum_frac * n.level_quantum_frac / 12.0 +
                                       n.level_sd_frac * n.level_sd_frac) +
                             n.gauge_gain_sd_frac * (1.0 - r.level_frac);
      st.filter.x[PrimaryState::kChargeUsed] = q_C;
      st.filter.P.at(0, 0) = std::max(st.filter.P(0, 0), std::pow(sd_frac * pm.design_capacity_C, 2));
    }
  } else {
    const LiIonModel& lm = model.liion;
    double soc = 0.5, sd = lm.noise.initial_soc_sd_frac;
    if (r.has(field::kLevel)) {
      soc = r.level_frac;
      sd = 0.03;
    } else if (r.has(field::kVoltage) && (!r.has(field::kCurrent) || std::abs(r.current_A) < lm.cell.capacity_C / units::kSecondsPerHour / 20.0)) {
      soc = SocFromOpenCircuitVoltage(lm.cell, r.voltage_V, st.temperature_degC);
      sd = 0.1;
    }
    LiIonState s = LiIonPrior(lm, soc, st.temperature_degC);
    s.s.P.at(0, 0) = sd * sd;
    st.filter = s.s;
  }
  st.bits |= device_bit::kInitialised;
  st.records_accepted = 1;
  return st;
}

namespace {

Drain PredictDrain(const FleetModel& model, DeviceState& st, const TelemetryRecord& r, double& dt_s,
                   const DrainBin& bin, ReasonCounts& counts) {
  const DrainTable& table = model.primary.drain;
  const double interval_s = table.nominal_report_interval_s;
  const double expected_reports = interval_s > 0.0 ? std::max(1.0, std::floor(dt_s / interval_s + 0.5)) : 0.0;
  Drain d;
  bool reset = false;
  const bool counted = r.has(field::kReports);
  d.reports = counted ? CounterDelta(r.reports_count, st.last_reports, st.bits, device_bit::kHasReports,
                                     expected_reports, reset)
                      : expected_reports;
  if (reset) Count(counts, st, Reason::kCounterReset);

  // A silence longer than max_gap with few reports sent is a clock that jumped, not a device
  // that drained for weeks: the counter (or, without one, a single interval) wins.
  if (dt_s > model.rules.max_gap_s && interval_s > 0.0) {
    const double counted_s = (d.reports + 1.0) * interval_s;
    if (!counted || dt_s > 3.0 * counted_s) {
      dt_s = counted ? counted_s : interval_s;
      if (!counted) d.reports = 1.0;
      Count(counts, st, Reason::kClockJump);
    }
  }

  const double fota_rate_per_s = table.nominal_fota_per_s;
  if (r.has(field::kFota)) {
    bool fota_reset = false;
    d.fota = CounterDelta(r.fota_count, st.last_fota, st.bits, device_bit::kHasFota, 0.0, fota_reset);
    // A firmware update is a download, a flash write and a reboot: minutes, never less than
    // kShortestFirmwareUpdate_s. A counter that claims more updates than fit in the gap was reset
    // or corrupted (a fuzzed 0 -> 1.7e9 jump drained the cell 2e8 times over and made every
    // remaining-life estimate walk millions of update terms).
    if (d.fota > 1.0 + std::max(dt_s, 0.0) / kShortestFirmwareUpdate_s) {
      fota_reset = true;
      d.fota = 0.0;
    }
    if (fota_reset) Count(counts, st, Reason::kCounterReset);
    d.fota_observed = true;
    d.variance_C2 = d.fota * bin.fota_var_C2;
  } else {
    // Not reported: its expectation, with the Poisson variance the level will resolve.
    d.fota = fota_rate_per_s * dt_s;
    d.variance_C2 = fota_rate_per_s * dt_s * (bin.fota_C * bin.fota_C + bin.fota_var_C2);
  }
  // Each report's cost is uncertain by the coverage's: independent from report to report.
  d.variance_C2 += d.reports * bin.report_var_C2;
  d.base_C = bin.floor_A * dt_s + d.reports * bin.report_C;
  d.total_C = d.base_C + d.fota * bin.fota_C;
  return d;
}

void UpdatePrimary(const FleetModel& model, DeviceState& st, const TelemetryRecord& r, double dt_s, const Drain& d,
                   const DrainBin& bin, double temperature_degC) {
  const PrimaryModel& pm = model.primary;
  PrimaryStep step{dt_s, d.total_C, d.variance_C2, temperature_degC};
  const double self_C = pm.capacity_C * pm.SelfDischarge_per_s(temperature_degC) * dt_s;
  PrimaryPredict(pm, st.filter, step, self_C);
  AccumulateAnchors(st, d.total_C);
  // A FOTA's cost is too uncertain (which CE level carried it) for a window to span it: the
  // detector starts again after it (a FOTA loop is caught by the counter instead).
  if (d.fota_observed && d.fota > 0.0) {
    st.anchors[0] = st.anchors[1] = ChangeAnchor{};
    st.last_fota_s = static_cast<float>(r.time_s - st.first_time_s);
  }

  if (r.has(field::kLevel)) {
    DetectDrainChange(model, st, r.time_s, r.level_frac);
    if (r.time_s - st.last_level_update_s >= pm.noise.level_update_interval_s) {
      const double m = st.filter.x[PrimaryState::kDrainMultiplier];
      const double level_rate_per_s = m * st.base_drain_A / pm.design_capacity_C;
      const double correlation_s = level_rate_per_s > 0.0 ? pm.noise.level_quantum_frac / level_rate_per_s : 0.0;
      PrimaryUpdateLevel(pm, st.filter, r.level_frac, correlation_s);
      st.last_level_update_s = r.time_s;
    }
  }
  const bool electrical = r.has(field::kVoltage) || r.has(field::kPulseDrop);
  if (electrical && r.time_s - st.last_voltage_update_s >= pm.noise.voltage_update_interval_s) {
    if (r.has(field::kVoltage)) PrimaryUpdateVoltage(pm, st.filter, r.voltage_V, temperature_degC, nullptr);
    if (r.has(field::kPulseDrop)) PrimaryUpdatePulse(pm, st.filter, r.pulse_drop_V, bin.pulse_current_A, temperature_degC);
    st.last_voltage_update_s = r.time_s;
  }
  PrimaryConstrain(pm, st.filter);
}

void UpdateLiIon(const FleetModel& model, DeviceState& st, const TelemetryRecord& r, double dt_s, double temperature_degC) {
  const LiIonModel& lm = model.liion;
  LiIonState s{st.filter};
  if ((st.bits & device_bit::kHasCurrent) && dt_s <= model.rules.max_zoh_current_s) {
    LiIonPredict(lm, s, st.last_current_A, dt_s);
  } else {
    // Reports too far apart to coulomb-count from one sample: the budget's current, with half
    // of its charge as uncertainty.
    const double model_A = st.base_drain_A;
    LiIonPredict(lm, s, model_A, dt_s);
    const double sd = 0.5 * model_A * dt_s / s.capacity_C();
    s.s.P.at(0, 0) += sd * sd;
  }
  const double current_A = r.has(field::kCurrent) ? r.current_A : 0.0;
  if (r.has(field::kVoltage)) LiIonUpdateVoltage(lm, s, r.voltage_V, current_A, temperature_degC);
  if (r.has(field::kLevel) && r.time_s - st.last_level_update_s >= model.primary.noise.level_update_interval_s) {
    const PrimaryNoise& n = model.primary.noise;
    const double R = n.level_quantum_frac * n.level_quantum_frac / 12.0 + n.level_sd_frac * n.level_sd_frac;
    ScalarUpdate(s.s.x, s.s.P, {1.0, 0.0, 0.0, 0.0}, r.level_frac - s.soc_frac(), R);
    st.last_level_update_s = r.time_s;
  }
  st.filter = s.s;
  const bool charging = (r.has(field::kCurrent) && r.current_A < 0.0) ||
                        (r.has(field::kBatteryStatus) && r.battery_status == static_cast<int>(BatteryStatus::kCharging));
  st.flags = static_cast<std::uint16_t>(charging ? (st.flags | flag::kCharging) : (st.flags & ~flag::kCharging));
}

}  // namespace

std::optional<Reason> ApplyRecord(const FleetModel& model, DeviceState& st, const TelemetryRecord& r,
                                  ReasonCounts& counts) {
  const DrainTable& table = model.primary.drain;
  double dt_s = r.time_s - st.last_time_s;
  bool clock_back = false;
  if (dt_s < 0.0) {
    // Behind the device's clock: a late record (rejected), unless several in a row move on
    // consistently behind it, which is a device clock that was set back.
    const auto offset = static_cast<float>(r.time_s - st.first_time_s);
    if (st.backwards_streak > 0 && offset > st.backwards_from_s) {
      ++st.backwards_streak;
    } else {
      st.backwards_streak = 1;
    }
    st.backwards_from_s = offset;
    if (st.backwards_streak < model.rules.backwards_streak) return Reason::kOutOfOrder;
    clock_back = true;
    dt_s = table.nominal_report_interval_s > 0.0 ? table.nominal_report_interval_s : 1.0;
  } else if (dt_s == 0.0) {
    return Reason::kDuplicate;
  }

  if (FreshPrimaryCell(model, st, r)) {
    const std::uint32_t accepted = st.records_accepted, rejected = st.records_rejected;
    const std::uint16_t epoch = st.battery_epoch;
    st = InitialDeviceState(model, r);
    st.records_accepted = accepted + 1;
    st.records_rejected = rejected;
    st.battery_epoch = static_cast<std::uint16_t>(epoch + 1);
    st.flags |= flag::kBatteryReplaced;
    Count(counts, st, Reason::kBatteryReplaced);
    return std::nullopt;
  }

  DeviceState next = st;
  next.backwards_streak = 0;
  if (clock_back) {
    Count(counts, next, Reason::kClockBackwards);
    // Re-anchor the detector's clock too: its anchors are offsets from the first record.
    next.first_time_s = r.time_s - dt_s;
    next.last_level_update_s = next.last_voltage_update_s = r.time_s - dt_s;
    next.anchors[0] = next.anchors[1] = ChangeAnchor{};
    next.last_fota_s = -1.0f;
  }
  const double loss_dB = CouplingLoss_dB(model, next, r);
  const int ce = r.has(field::kCeLevel) ? r.ce_level : -1;
  const DrainBin& bin = table.At(loss_dB, ce);
  const double temperature_degC = r.has(field::kTemperature) ? r.temperature_degC : next.temperature_degC;
  const Drain d = PredictDrain(model, next, r, dt_s, bin, counts);

  if (model.kind == CellKind::kPrimary)
    UpdatePrimary(model, next, r, dt_s, d, bin, temperature_degC);
  else
    UpdateLiIon(model, next, r, dt_s, temperature_degC);
  if (!Finite(next.filter)) return Reason::kNumericalGuard;

  // Running means for the expected future load and the flags.
  const double w = EwmaWeight(dt_s, kEwmaTime_s);
  next.base_drain_A = Ewma(next.base_drain_A, d.base_C / dt_s, w);
  next.fota_charge_C = Ewma(next.fota_charge_C, bin.fota_C, w);
  next.reports_per_day = static_cast<float>(Ewma(next.reports_per_day, d.reports / dt_s * units::kSecondsPerDay, w));
  if (d.fota_observed)
    next.fota_per_day = static_cast<float>(Ewma(next.fota_per_day, d.fota / dt_s * units::kSecondsPerDay, EwmaWeight(dt_s, kFotaEwmaTime_s)));
  next.temperature_degC = static_cast<float>(Ewma(next.temperature_degC, temperature_degC, w));
  next.coupling_loss_dB = static_cast<float>(Ewma(next.coupling_loss_dB, std::isfinite(loss_dB) ? loss_dB : next.coupling_loss_dB, w));
  RememberReadings(r, next);
  next.last_time_s = r.time_s;
  ++next.records_accepted;
  UpdateDrainFlag(model, next, r.time_s);
  st = next;
  return std::nullopt;
}

}  // namespace pb::engine::estimation
