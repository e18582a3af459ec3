// Battery parameters as the datasheet gives them. In this version the battery is ideal: its
// rated capacity at the nominal voltage is all usable (temperature, rate, self-discharge and
// voltage under pulse load come with the battery-physics models; docs/models.md).
#pragma once

#include <string>
#include <string_view>

namespace pb::models::battery {

enum class Chemistry { kLiSOCl2, kLiSOCl2Hybrid, kLiMnO2, kAlkaline, kLiIon, kIdeal };
std::string_view ChemistryName(Chemistry chemistry);

struct BatteryParams {
  std::string name;
  Chemistry chemistry = Chemistry::kIdeal;
  double nominal_voltage_V;
  double capacity_C;               // rated, at the reference current and temperature
  double reference_current_A;
  double reference_temperature_degC;
  double cutoff_voltage_V;
  double max_continuous_current_A;
  double max_pulse_current_A;
  bool operator==(const BatteryParams&) const = default;
};

inline double RatedEnergy_J(const BatteryParams& b) { return b.capacity_C * b.nominal_voltage_V; }

}  // namespace pb::models::battery
