// From the loads to the battery: how the supply path converts a load's energy at its rail
// into energy drawn from the battery.
//
// Loads are constant-power: a modem or MCU draws the power its datasheet current implies at
// the rail voltage, whatever the battery voltage (the current from the battery then depends on
// the battery voltage, I_batt = P / V_batt for a direct or switching supply).
//   direct:    the load sits on the battery (e.g. nRF9160 VBAT on a 3.6 V Li-SOCl2 cell):
//              E_batt = E_load.
//   switching: a buck/buck-boost converter of efficiency η: E_batt = E_load / η.
//   linear:    an LDO passes the load current: I_batt = I_load, so E_batt = E_load·V_batt/V_rail.
// A quiescent current (regulator, supervisor) is drawn from the battery all the time.
#pragma once

namespace pb::models::device {

enum class SupplyKind { kDirect, kSwitching, kLinear };

struct SupplyParams {
  SupplyKind kind = SupplyKind::kDirect;
  double efficiency_frac = 1.0;      // switching only
  double quiescent_current_A = 0.0;  // drawn from the battery continuously
  // The device browns out when the battery's loaded voltage falls below this (the supply's or
  // the modem's minimum input, e.g. nRF9160 VBAT 3.0 V). 0 = never.
  double min_operating_voltage_V = 0.0;  bool operator==(const SupplyParams&) const = default;
};

// What the loads draw at their rails over some time: energy, and charge (energy over rail
// voltage, summed per load) which a linear regulator passes through unchanged.
struct LoadDraw {
  double energy_J = 0.0;
  double charge_C = 0.0;
  void Add(double current_A, double rail_voltage_V, double duration_s) {
    charge_C += current_A * duration_s;
    energy_J += current_A * rail_voltage_V * duration_s;
  }
  void Add(const LoadDraw& other) {
    energy_J += other.energy_J;
    charge_C += other.charge_C;
  }
};

// Energy taken from the battery to deliver a load draw.
double BatteryEnergy_J(const SupplyParams& supply, const LoadDraw& load, double battery_voltage_V);

}  // namespace pb::models::device
