// Telemetry field names shared by the CSV, JSON-lines and InfluxDB readers: the name carries
// the unit, converted to SI once, here (docs/estimation.md, "Telemetry in").
//
//   device | device_id                       the device (InfluxDB: a tag)
//   time (ISO 8601 or Unix s) | time_s | time_ms
//   voltage_V | voltage_mV                   supply voltage at rest
//   current_A | current_mA                   battery current, positive discharging
//   level_pct | level_frac                   battery level
//   battery_status                           LwM2M /3/0/20 (0 normal, 1 charging, ...)
//   signal_dBm                               radio signal strength (RSRP)
//   ce_level                                 coverage-enhancement level 0..2
//   temperature_degC
//   pulse_drop_V | pulse_drop_mV             voltage drop under a transmit pulse
//   reports | fota                           cumulative counters of reports sent, FOTA updates
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::engine::estimation::telemetry_io {

enum class FieldKind : std::uint8_t { kDevice, kTime, kTimeSeconds, kTimeMilliseconds, kValue, kUnknown };

struct FieldSpec {
  FieldKind kind = FieldKind::kUnknown;
  std::uint32_t bit = 0;
  double scale = 1.0;  // field unit -> SI
};

struct Named {
  std::string_view name;
  FieldSpec spec;
};

inline constexpr std::array<Named, 21> kFields = {{
    {"device", {FieldKind::kDevice, 0, 1.0}},
    {"device_id", {FieldKind::kDevice, 0, 1.0}},
    {"time", {FieldKind::kTime, 0, 1.0}},
    {"time_s", {FieldKind::kTimeSeconds, 0, 1.0}},
    {"time_ms", {FieldKind::kTimeMilliseconds, 0, 1e-3}},
    {"voltage_V", {FieldKind::kValue, field::kVoltage, 1.0}},
    {"voltage_mV", {FieldKind::kValue, field::kVoltage, 1e-3}},
    {"current_A", {FieldKind::kValue, field::kCurrent, 1.0}},
    {"current_mA", {FieldKind::kValue, field::kCurrent, 1e-3}},
    {"level_pct", {FieldKind::kValue, field::kLevel, 1e-2}},
    {"level_frac", {FieldKind::kValue, field::kLevel, 1.0}},
    {"battery_status", {FieldKind::kValue, field::kBatteryStatus, 1.0}},
    {"signal_dBm", {FieldKind::kValue, field::kSignal, 1.0}},
    {"ce_level", {FieldKind::kValue, field::kCeLevel, 1.0}},
    {"temperature_degC", {FieldKind::kValue, field::kTemperature, 1.0}},
    {"pulse_drop_V", {FieldKind::kValue, field::kPulseDrop, 1.0}},
    {"pulse_drop_mV", {FieldKind::kValue, field::kPulseDrop, 1e-3}},
    {"reports", {FieldKind::kValue, field::kReports, 1.0}},
    {"fota", {FieldKind::kValue, field::kFota, 1.0}},
    {"level_percent", {FieldKind::kValue, field::kLevel, 1e-2}},
    {"rsrp_dBm", {FieldKind::kValue, field::kSignal, 1.0}},
}};

FieldSpec LookupField(std::string_view name);
// The same by index, for readers that predict a stream's next field from the previous line:
// LookupFieldIndex gives -1 for an unknown name.
int LookupFieldIndex(std::string_view name);
inline std::string_view FieldName(int index) { return kFields[static_cast<std::size_t>(index)].name; }
inline FieldSpec FieldByIndex(int index) { return kFields[static_cast<std::size_t>(index)].spec; }

// Equality of short names, inline (a memcmp call costs more than the compare of ~10 bytes).
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// An enumeration value: a non-integer, non-finite or huge one becomes -1 (out of range).
inline std::int32_t SmallInteger(double v) {
  if (!(v >= -1000.0 && v <= 1000.0) || v != static_cast<double>(static_cast<std::int32_t>(v))) return -1;
  return static_cast<std::int32_t>(v);
}

// Whether the bytes at p are the name (at least name.size() bytes readable at p): words
// compared, first and last eight (overlapping) for names of eight bytes or more, since every
// line-protocol field key is compared with its prediction.
inline bool SameBytes(const char* p, std::string_view name) {
  const std::size_t n = name.size();
  if (n < 8 || n > 16) return SameText(std::string_view(p, n), name);
  std::uint64_t a0, a1, b0, b1;
  std::memcpy(&a0, p, 8);
  std::memcpy(&b0, name.data(), 8);
  std::memcpy(&a1, p + n - 8, 8);
  std::memcpy(&b1, name.data() + n - 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// Stores value (in the field's unit) into the record (inline: every field of every record).
[[gnu::always_inline]] inline void SetField(TelemetryRecord& r, const FieldSpec& spec, double value) {
  if (spec.kind != FieldKind::kValue) return;
  const double si = value * spec.scale;
  r.present |= spec.bit;
  switch (spec.bit) {
    case field::kVoltage: r.voltage_V = si; break;
    case field::kCurrent: r.current_A = si; break;
    case field::kLevel: r.level_frac = si; break;
    case field::kSignal: r.signal_dBm = si; break;
    case field::kTemperature: r.temperature_degC = si; break;
    case field::kPulseDrop: r.pulse_drop_V = si; break;
    case field::kReports: r.reports_count = si; break;
    case field::kFota: r.fota_count = si; break;
    case field::kCeLevel: r.ce_level = SmallInteger(si); break;
    case field::kBatteryStatus: r.battery_status = SmallInteger(si); break;
    default: break;
  }
}

}  // namespace pb::engine::estimation::telemetry_io
