// One telemetry record as the estimators take it: SI units, one device, one instant. Readers
// (engine/estimation/telemetry_io) fill it from CSV, JSON lines, SenML or InfluxDB line protocol;
// the C API fills it from its struct. A field counts only when its bit is set in `present`.
#pragma once

#include <cstdint>
#include <string_view>

namespace pb::engine::estimation {

namespace field {
inline constexpr std::uint32_t kVoltage = 1u << 0;        // supply voltage at rest (/3/0/7)
inline constexpr std::uint32_t kCurrent = 1u << 1;        // battery current, + discharging (/3/0/8)
inline constexpr std::uint32_t kLevel = 1u << 2;          // battery level (/3/0/9)
inline constexpr std::uint32_t kBatteryStatus = 1u << 3;  // /3/0/20
inline constexpr std::uint32_t kSignal = 1u << 4;         // radio signal strength (/4/0/2)
inline constexpr std::uint32_t kCeLevel = 1u << 5;        // coverage-enhancement level
inline constexpr std::uint32_t kTemperature = 1u << 6;    // IPSO 3303
inline constexpr std::uint32_t kReports = 1u << 7;        // reports sent, cumulative counter
inline constexpr std::uint32_t kFota = 1u << 8;           // FOTA updates, cumulative counter
inline constexpr std::uint32_t kPulseDrop = 1u << 9;      // voltage drop under a transmit pulse
inline constexpr std::uint32_t kMeasurements = kVoltage | kCurrent | kLevel | kPulseDrop | kReports | kSignal |
                                               kCeLevel | kFota | kBatteryStatus | kTemperature;
}  // namespace field

// LwM2M Device object /3/0/20 battery status values.
enum class BatteryStatus : std::int32_t {
  kNormal = 0, kCharging = 1, kChargeComplete = 2, kDamaged = 3, kLow = 4, kNotInstalled = 5, kUnknown = 6
};

struct TelemetryRecord {
  std::string_view device_id;  // not owned: valid for the duration of the Ingest call
  double time_s = 0.0;         // Unix time
  std::uint32_t present = 0;   // field:: bits
  double voltage_V = 0.0;
  double current_A = 0.0;
  double level_frac = 0.0;     // 0..1
  double signal_dBm = 0.0;
  double temperature_degC = 0.0;
  double pulse_drop_V = 0.0;
  double reports_count = 0.0;  // cumulative
  double fota_count = 0.0;     // cumulative
  std::int32_t ce_level = 0;
  std::int32_t battery_status = 0;

  bool has(std::uint32_t bit) const { return (present & bit) != 0; }
};

}  // namespace pb::engine::estimation
