#include "models/device/supply.hpp"

namespace pb::models::device {

double BatteryEnergy_J(const SupplyParams& supply, const LoadDraw& load, double battery_voltage_V) {
  switch (supply.kind) {
    case SupplyKind::kDirect: return load.energy_J;
    case SupplyKind::kSwitching: return load.energy_J / supply.efficiency_frac;
    case SupplyKind::kLinear: return load.charge_C * battery_voltage_V;
  }
  return load.energy_J;
}

}  // namespace pb::models::device
