// The parameters a fleet shares: one per fleet, immutable, N device states beside it
// (parameters apart from state). Built from a device profile: the profile's budget becomes the
// primary-cell process model (drain_model.hpp), its battery picks the cell model.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "engine/device_profile.hpp"
#include "engine/estimation/filters/liion_filter.hpp"
#include "engine/estimation/filters/primary_filter.hpp"
#include "engine/option_range.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {

enum class CellKind : std::uint8_t { kPrimary = 0, kLiIon = 1 };

// Physical ranges and the rules for records that do not fit (docs/estimation.md, "Bad data").
struct RecordRules {
  double min_time_s = 946684800.0;    // 2000-01-01
  double max_time_s = 4102444800.0;   // 2100-01-01
  double min_voltage_V = 0.5, max_voltage_V = 6.0;
  double max_abs_current_A = 50.0;
  double min_temperature_degC = -60.0, max_temperature_degC = 100.0;
  double min_signal_dBm = -160.0, max_signal_dBm = -20.0;
  double max_pulse_drop_V = 3.0;
  double max_gap_s = 45.0 * units::kSecondsPerDay;  // a longer silence with few reports sent is a clock jump
  double battery_jump_frac = 0.25;    // level up by this much on a primary cell: a new cell
  int backwards_streak = 3;           // this many consistent records behind: the clock went back
  double max_zoh_current_s = 120.0;   // longer gaps are not coulomb-counted from one sample
  bool operator==(const RecordRules&) const = default;
};

struct FlagRules {
  double drain_multiplier = 1.5;       // unexplained: m significantly above this
  double explained_ratio = 1.5;        // explained: the budget at the reported conditions / plan
  double brown_out_warning_days = 30;  // P10 of the remaining life below this
  double quality_reject_frac = 0.05;   // more rejected records than this
  double change_window_s = 4.0 * units::kSecondsPerDay;  // the change detector's anchors rotate this often
  double change_min_window_s = units::kSecondsPerDay;
  double change_sigmas = 3.0;
  bool operator==(const FlagRules&) const = default;
};

// The options' allowed ranges (Validate(), the CLI's --nrs-power-dBm and --brown-out-V, and
// fleet-sim's --nrs-power-dBm).
inline constexpr NumericRange kNrsPowerRange_dBm{-20.0, 60.0, false, false, false, "dBm"};
inline constexpr NumericRange kCoverageSdRange_dB{0.0, 20.0, false, false, false, "dB"};
inline constexpr NumericRange kBrownOutRange_V{0.0, 5.0, true, false, false, "V"};
inline constexpr NumericRange kPulseResistanceRange_ohm{0.0, 1000.0, true, false, false, "ohm"};

struct EstimatorOptions {
  // NB-IoT reference-signal power per resource element, to turn RSRP (/4/0/2) into coupling
  // loss: L = P_NRS - RSRP. 43 dBm over 12 subcarriers = 32.2 dBm (3GPP TS 36.104 NB-IoT
  // standalone carrier; in-band deployments boost NRS by up to 6 dB: set it per network).
  double nrs_power_dBm = 32.0;
  // How well a report's coupling loss is known: RSRP measurement error and the link's movement
  // between reports (TS 36.133 allows several dB of NRSRP error; 2 dB is the relative spread
  // of a fixed device's reports). The drain table is smoothed by it (drain_model.hpp).
  double coverage_sd_dB = 2.0;
  double brown_out_V = std::numeric_limits<double>::quiet_NaN();  // NaN: from the profile
  double pulse_resistance_ohm = std::numeric_limits<double>::quiet_NaN();  // NaN: cell default
  PrimaryNoise primary_noise;
  LiIonNoise liion_noise;
  // Throws ProfileError naming the option and its allowed range (the CLI, serve, the C ABI and
  // the Python module construct estimators through MakeFleetModel, which calls it).
  void Validate() const;
  RecordRules rules;
  FlagRules flags;
};

struct FleetModel {
  std::string profile_name;
  CellKind kind = CellKind::kPrimary;
  PrimaryModel primary;   // its drain table also gives the Li-ion devices' expected load
  LiIonModel liion;
  RecordRules rules;
  FlagRules flags;
  double nrs_power_dBm = 32.0;
  bool operator==(const FleetModel&) const = default;
};

FleetModel MakeFleetModel(const engine::DeviceProfile& profile, const EstimatorOptions& options = {});

// A hash of everything that changes estimates, so a snapshot is not restored into a fleet
// with other parameters.
std::uint64_t Fingerprint(const FleetModel& model);

}  // namespace pb::engine::estimation
