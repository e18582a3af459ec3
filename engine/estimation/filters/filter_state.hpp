// The per-device filter state both estimators share: a 4-vector mean and its packed covariance.
// Each estimator gives the four numbers their names (liion_filter.hpp, primary_filter.hpp), so
// a fleet store can hold any chemistry in the same 112 bytes.
#pragma once

#include <array>

#include "engine/estimation/filters/sym4.hpp"

namespace pb::engine::estimation {

struct FilterState {
  std::array<double, 4> x{};
  Sym4 P;
  bool operator==(const FilterState&) const = default;
};

// Li-ion: x = [state of charge, RC branch voltage, series resistance, capacity].
struct LiIonState {
  FilterState s;
  double soc_frac() const { return s.x[0]; }
  double rc_voltage_V() const { return s.x[1]; }
  double r0_ohm() const { return s.x[2]; }
  double capacity_C() const { return s.x[3]; }
  static constexpr int kSoc = 0, kRcVoltage = 1, kR0 = 2, kCapacity = 3;
};

// Primary cell: x = [charge used since the cell was fitted, drain multiplier against the model,
// effective capacity (charge to brown-out), pulse-resistance multiplier].
struct PrimaryState {
  FilterState s;
  double charge_used_C() const { return s.x[0]; }
  double drain_multiplier() const { return s.x[1]; }
  double capacity_C() const { return s.x[2]; }
  double resistance_scale() const { return s.x[3]; }
  static constexpr int kChargeUsed = 0, kDrainMultiplier = 1, kCapacity = 2, kResistance = 3;
};

}  // namespace pb::engine::estimation
