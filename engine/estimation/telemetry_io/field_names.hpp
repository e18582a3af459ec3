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

#include <cstdint>
#include <string_view>

#include "engine/estimation/telemetry.hpp"

namespace pb::estimation::io {

enum class FieldKind : std::uint8_t { kDevice, kTime, kTimeSeconds, kTimeMilliseconds, kValue, kUnknown };

struct FieldSpec {
  FieldKind kind = FieldKind::kUnknown;
  std::uint32_t bit = 0;
  double scale = 1.0;  // field unit -> SI
};

FieldSpec LookupField(std::string_view name);

// Equality of short names, inline (a memcmp call costs more than the compare of ~10 bytes).
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Stores value (in the field's unit) into the record; returns false for a non-value field.
void SetField(TelemetryRecord& record, const FieldSpec& spec, double value);

}  // namespace pb::estimation::io
