// Capacity derating versus temperature and load current, and its "none" variant.
//
//   f(T, I_mean) = table value, bilinear in (T [degC], I_mean [A]), held constant beyond the table
//
// f is the fraction of the cell's total charge (BatteryModel::total_charge_C) that a constant
// discharge at temperature T and current I_mean can draw before the cell reaches its cut-off
// voltage: the datasheet's "capacity versus temperature" and "capacity versus current" curves
// divided by the total charge. Below f the charge is stranded, not lost: it stays in the cell and
// becomes accessible again when the cell warms up (the derating is reversible; only
// self-discharge destroys charge). The current axis is the mean discharge current since the
// start (the datasheet curves are constant-current discharges; a pulsed NB-IoT load with the same
// mean behaves alike to first order); pulses are the voltage model's business.
//
// Sources of the tables: Linden's Handbook of Batteries (4th ed.) Fig. 14.17, the Saft and
// Energizer datasheets, the Samsung INR18650-15L/20R specifications, see docs/battery-models.md and each
// profile's "sources". A table with one current column is a temperature-only derating (use it
// with the KiBaM, which produces the rate loss itself).
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "models/battery/table.hpp"

namespace pb::models::battery {

enum class DeratingKind { kNone, kTable };

struct DeratingParams {
  DeratingKind model = DeratingKind::kNone;
  Table2D table;  // rows: temperature [degC]; columns: mean current [A]; values: f [0..1]
  bool operator==(const DeratingParams&) const = default;
};

class CapacityDerating {
 public:
  virtual ~CapacityDerating() = default;
  virtual std::string_view name() const = 0;
  // f in [0, 1]: accessible fraction of the total charge at this temperature and mean current.
  virtual double AccessibleFraction(double temperature_degC, double mean_current_A) const = 0;
  // True when f depends on the current (more than one current column).
  virtual bool depends_on_current() const = 0;
};

// Names accepted by MakeCapacityDerating: "none", "table".
std::span<const std::string_view> DeratingNames();
std::string_view DeratingName(DeratingKind kind);

// Throws std::invalid_argument for a malformed table or factors outside [0, 1].
std::unique_ptr<CapacityDerating> MakeCapacityDerating(const DeratingParams& params);

}  // namespace pb::models::battery
