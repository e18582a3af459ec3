#include "engine/estimation/telemetry_io/field_names.hpp"

#include <array>
#include <cmath>

namespace pb::estimation::io {
namespace {

struct Named {
  std::string_view name;
  FieldSpec spec;
};

constexpr std::array<Named, 21> kFields = {{
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

// An enumeration value: a non-integer, non-finite or huge one becomes -1 (out of range).
std::int32_t SmallInteger(double v) {
  if (!(v >= -1000.0 && v <= 1000.0) || v != std::floor(v)) return -1;
  return static_cast<std::int32_t>(v);
}

}  // namespace

FieldSpec LookupField(std::string_view name) {
  // Bucketed by length: one or two comparisons instead of twenty (every field of every record).
  static constexpr std::size_t kMaxLength = 24;
  static const auto by_length = [] {
    std::array<std::array<std::int8_t, 4>, kMaxLength> buckets{};
    for (auto& b : buckets) b.fill(-1);
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      auto& bucket = buckets[kFields[i].name.size()];
      for (auto& slot : bucket)
        if (slot < 0) {
          slot = static_cast<std::int8_t>(i);
          break;
        }
    }
    return buckets;
  }();
  if (name.size() >= kMaxLength) return {};
  for (const std::int8_t i : by_length[name.size()]) {
    if (i < 0) break;
    if (SameText(kFields[static_cast<std::size_t>(i)].name, name)) return kFields[static_cast<std::size_t>(i)].spec;
  }
  return {};
}

void SetField(TelemetryRecord& r, const FieldSpec& spec, double value) {
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

}  // namespace pb::estimation::io
