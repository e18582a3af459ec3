// Everything the estimator keeps about one device between records: the filter state and the
// little bookkeeping that the process model, the change detector and the flags need. Fixed
// size (<= 256 bytes, checked at compile time) so a fleet of 100,000 fits in 25 MB and a
// snapshot is a flat copy.
#pragma once

#include <cstdint>

#include "engine/estimation/filters/filter_state.hpp"

namespace pb::engine::estimation {

// One anchor of the change detector: the level and the budget's drain since the anchor.
struct ChangeAnchor {
  float time_since_first_s = -1.0f;  // < 0: not set
  float level_frac = 0.0f;
  float drain_C = 0.0f;              // budget drain (multiplier not applied) since the anchor
  bool operator==(const ChangeAnchor&) const = default;
};

namespace device_bit {
inline constexpr std::uint8_t kInitialised = 1u << 0;
inline constexpr std::uint8_t kHasReports = 1u << 1;  // last_reports is valid
inline constexpr std::uint8_t kHasFota = 1u << 2;
inline constexpr std::uint8_t kHasLevel = 1u << 3;
inline constexpr std::uint8_t kHasVoltage = 1u << 4;
inline constexpr std::uint8_t kHasCurrent = 1u << 5;
inline constexpr std::uint8_t kChangePending = 1u << 6;  // the change test failed once: confirm
}  // namespace device_bit

struct DeviceState {
  FilterState filter;                    // 112 B
  double first_time_s = 0.0;             // the current cell's first record
  double last_time_s = 0.0;
  double last_level_update_s = 0.0;
  double last_voltage_update_s = 0.0;
  double base_drain_A = 0.0;             // EWMA of the budget's report + floor drain
  double fota_charge_C = 0.0;            // EWMA of a FOTA's charge at the device's coverage
  double drain_flag_since_s = 0.0;       // 0: not raised
  ChangeAnchor anchors[2];               // older, newer
  float temperature_degC = 20.0f;        // EWMA
  float coupling_loss_dB = 0.0f;         // EWMA
  float reports_per_day = 0.0f;          // EWMA of reports sent per day
  float fota_per_day = 0.0f;             // EWMA
  float last_level_frac = 0.0f;
  float last_voltage_V = 0.0f;
  float last_current_A = 0.0f;
  float backwards_from_s = 0.0f;         // time offset of the first record behind the clock
  float last_fota_s = -1.0f;             // time offset of the last FOTA seen (< 0: none)
  std::uint32_t last_reports = 0;
  std::uint32_t last_fota = 0;
  std::uint32_t records_accepted = 0;
  std::uint32_t records_rejected = 0;
  std::uint16_t flags = 0;
  std::uint16_t quality_mask = 0;        // bit per Reason seen since the cell was fitted
  std::uint16_t battery_epoch = 0;
  std::uint8_t drain_cause = 0;
  std::uint8_t bits = 0;                 // device_bit::
  std::uint8_t backwards_streak = 0;
  bool operator==(const DeviceState&) const = default;
};

static_assert(sizeof(DeviceState) <= 256, "at most 256 bytes of state per device (docs/estimation.md)");

}  // namespace pb::engine::estimation
