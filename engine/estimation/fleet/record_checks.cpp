#include "engine/estimation/fleet/record_checks.hpp"

#include <cmath>

namespace pb::engine::estimation {
namespace {

struct FieldCheck {
  std::uint32_t bit;
  double TelemetryRecord::*value;
  double min;
  double max;
};

void Drop(TelemetryRecord& r, std::uint32_t bit, Reason why, ReasonCounts& counts, std::uint16_t& dropped) {
  r.present &= ~bit;
  ++counts[static_cast<std::size_t>(why)];
  dropped = static_cast<std::uint16_t>(dropped | (1u << static_cast<unsigned>(why)));
}

}  // namespace

std::optional<Reason> CheckRecord(const RecordRules& rules, CellKind kind, TelemetryRecord& r, ReasonCounts& counts,
                                  std::uint16_t& dropped) {
  if (r.device_id.empty()) return Reason::kMissingDevice;
  if (!std::isfinite(r.time_s) || r.time_s < rules.min_time_s || r.time_s > rules.max_time_s)
    return Reason::kBadTimestamp;

  const FieldCheck checks[] = {
      {field::kVoltage, &TelemetryRecord::voltage_V, rules.min_voltage_V, rules.max_voltage_V},
      {field::kCurrent, &TelemetryRecord::current_A, -rules.max_abs_current_A, rules.max_abs_current_A},
      {field::kLevel, &TelemetryRecord::level_frac, 0.0, 1.0},
      {field::kSignal, &TelemetryRecord::signal_dBm, rules.min_signal_dBm, rules.max_signal_dBm},
      {field::kTemperature, &TelemetryRecord::temperature_degC, rules.min_temperature_degC, rules.max_temperature_degC},
      {field::kPulseDrop, &TelemetryRecord::pulse_drop_V, 0.0, rules.max_pulse_drop_V},
      {field::kReports, &TelemetryRecord::reports_count, 0.0, 4294967295.0},
      {field::kFota, &TelemetryRecord::fota_count, 0.0, 4294967295.0},
  };
  for (const FieldCheck& c : checks) {
    if (!r.has(c.bit)) continue;
    const double v = r.*c.value;
    if (!std::isfinite(v))
      Drop(r, c.bit, Reason::kNonFinite, counts, dropped);
    else if (v < c.min || v > c.max)
      Drop(r, c.bit, Reason::kOutOfRange, counts, dropped);
  }
  if (r.has(field::kCeLevel) && (r.ce_level < 0 || r.ce_level > 2)) Drop(r, field::kCeLevel, Reason::kOutOfRange, counts, dropped);
  if (r.has(field::kBatteryStatus) && (r.battery_status < 0 || r.battery_status > 6))
    Drop(r, field::kBatteryStatus, Reason::kOutOfRange, counts, dropped);

  if (kind == CellKind::kPrimary) {
    const bool status_charging = r.has(field::kBatteryStatus) &&
                                 (r.battery_status == static_cast<int>(BatteryStatus::kCharging) ||
                                  r.battery_status == static_cast<int>(BatteryStatus::kChargeComplete));
    // A primary cell cannot be charged: a negative current beyond sensor offset (1 mA) means
    // the wrong battery is configured, or a wiring fault; either way the record is not ours.
    const bool current_charging = r.has(field::kCurrent) && r.current_A < -1e-3;
    if (status_charging || current_charging) return Reason::kChargingPrimary;
  }
  if ((r.present & field::kMeasurements) == 0) return Reason::kNoMeasurement;
  return std::nullopt;
}

}  // namespace pb::engine::estimation
