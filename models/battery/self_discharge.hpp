// Self-discharge versus temperature, and its "none" variant.
//
//   dQ/dt = -r(T) Q                                   (first order in the remaining charge Q)
//   r(T)  = r20 * 2^((T - 20 degC) / T2),   r20 = -ln(1 - f20) / year
//
// f20  fraction of the charge lost in one year of storage at +20 degC (datasheet figure:
//      Li-SOCl2 < 1 %/year [Saft, Tadiran]; Li-MnO2 1.5-2 %/year; Li-ion 2-3 %/month)   [-]
// T2   temperature rise that doubles the rate (10 degC: the Arrhenius rule of thumb quoted for
//      Li-SOCl2, shared/reference/published-figures.md section 5, [R])                 [degC]
//
// r is a rate constant, so the charge model integrates it exactly over a step of any length
// (models/battery/kibam.hpp): a year at 20 degC loses exactly f20 whatever the time step.
// One year = 365 days (docs/notation.md).
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace pb::models::battery {

enum class SelfDischargeKind { kNone, kArrhenius };

struct SelfDischargeParams {
  SelfDischargeKind model = SelfDischargeKind::kNone;
  double frac_per_year_at_20degC = 0.0;  // f20
  double doubling_interval_degC = 10.0;  // T2
  bool operator==(const SelfDischargeParams&) const = default;
};

class SelfDischarge {
 public:
  virtual ~SelfDischarge() = default;
  virtual std::string_view name() const = 0;
  virtual double RatePerSecond(double temperature_degC) const = 0;  // r(T) >= 0 [1/s]
};

// Names accepted by MakeSelfDischarge: "none", "arrhenius".
std::span<const std::string_view> SelfDischargeNames();
std::string_view SelfDischargeName(SelfDischargeKind kind);

// Throws std::invalid_argument for 0 <= f20 < 1 or T2 > 0 violated.
std::unique_ptr<SelfDischarge> MakeSelfDischarge(const SelfDischargeParams& params);

}  // namespace pb::models::battery
