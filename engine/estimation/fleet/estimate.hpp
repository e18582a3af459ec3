// What the fleet estimator says about one device: state of charge with its uncertainty,
// remaining life as P10/P50/P90 under the device's expected future load, and flags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/estimation/filters/remaining_life.hpp"

namespace pb::engine::estimation {

namespace flag {
inline constexpr std::uint32_t kDrainFast = 1u << 0;       // draining faster than the plan or the model
inline constexpr std::uint32_t kBrownOutRisk = 1u << 1;    // approaching brown-out
inline constexpr std::uint32_t kDataQuality = 1u << 2;     // too many rejected records, or a serious one
inline constexpr std::uint32_t kCharging = 1u << 3;        // a Li-ion cell is charging
inline constexpr std::uint32_t kBatteryReplaced = 1u << 4; // the device started on a new cell
}  // namespace flag

// Why a device drains faster than planned, from the budget breakdown.
enum class DrainCause : std::uint8_t {
  kNone = 0,
  kReportingRate,  // more reports than planned (the report activities dominate the excess)
  kCoverage,       // worse coverage: a higher CE level makes each report cost more
  kFota,           // more firmware updates than planned
  kUnmodelled,     // the budget at the reported conditions does not explain it: a leak, a modem
                   // that no longer enters PSM, a stuck peripheral
};
std::string_view DrainCauseName(DrainCause cause);

struct DeviceEstimate {
  std::string device_id;
  double time_s = 0.0;                 // time of the last accepted record
  CellKind kind = CellKind::kPrimary;
  double soc_frac = 0.0;               // remaining fraction of the (effective) capacity
  double soc_sd_frac = 0.0;
  double charge_used_C = 0.0;          // primary: since the cell was fitted; Li-ion: capacity (1 - soc)
  double capacity_C = 0.0;             // effective capacity (primary) or capacity (Li-ion)
  double capacity_sd_C = 0.0;
  double drain_multiplier = 1.0;       // primary: actual / budget; Li-ion: 1
  double drain_multiplier_sd = 0.0;
  double pulse_resistance_multiplier = 0.0;  // primary: the cell's pulse resistance over its model's (1 = nominal); Li-ion: 0
  double series_resistance_Ohm = 0.0;        // Li-ion: the learnt series resistance R0; primary: 0
  double expected_current_A = 0.0;     // the expected future load, multiplier included
  double planned_current_A = 0.0;      // the profile's budget at its own coverage and interval
  LifeQuantiles remaining_life;        // seconds
  std::uint32_t flags = 0;
  DrainCause drain_cause = DrainCause::kNone;
  double drain_flag_since_s = 0.0;     // when kDrainFast was first raised (0: not raised)
  std::uint32_t records_accepted = 0;
  std::uint32_t records_rejected = 0;
  std::uint32_t battery_epoch = 0;     // cells fitted since the device was first seen
  bool operator==(const DeviceEstimate&) const = default;
};

}  // namespace pb::engine::estimation
