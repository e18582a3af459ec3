// Charge and rate recovery: the Kinetic Battery Model (KiBaM) and its "none" variant, an ideal
// coulomb counter. Both include first-order self-discharge at a rate r given by the caller
// (models/battery/self_discharge.hpp), so that one exact update covers load and self-discharge.
//
// KiBaM (Manwell & McGowan 1993; notation of Jongerden & Haverkort 2009): the charge sits in two
// wells, the available well y1 that the load draws from and the bound well y2 that refills it
// through a valve. With heights h1 = y1/c, h2 = y2/(1-c) and their difference d = h2 - h1:
//
//   dy1/dt = -I + kappa c (1-c) d - r y1        dy2/dt = -kappa c (1-c) d - r y2
//
// c    available fraction (0 < c < 1)                        [-]
// kappa rate constant of the height difference (Manwell and McGowan's k; Jongerden and
//      Haverkort's k equals kappa c (1-c)); 1/kappa is the recovery time constant   [1/s]
// r    self-discharge rate (each well loses r of its charge per second)              [1/s]
// I    current, positive discharges                                                 [A]
//
// With Q = y1 + y2 the system separates (constant I and r over a step of length t, x = r t):
//
//   Q(t) = Q0 e^-x - I t (1 - e^-x)/x
//   d(t) = d_inf + (d0 - d_inf) e^-((kappa + r) t),     d_inf = I / (c (kappa + r))
//   y1 = c (Q - (1-c) d),   y2 = Q - y1
//   self-discharged charge = integral r Q dt = Q0 (1 - e^-x) - I t (x - 1 + e^-x)/x
//
// The update is exact for piecewise-constant inputs, so results do not depend on the step size.
// The load empties the available well first: it can draw charge while h1 > 0 (h1 = Q for the
// ideal counter). At constant current the bound charge left behind is about (1-c)^2 I/(kappa c (1-c)),
// the rate-capacity effect; after a rest it flows back (recovery).
//
// State (ChargeState): available_C = y1 and bound_C = y2, in coulombs. The ideal counter keeps
// all charge in available_C and bound_C = 0.
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace pb::models::battery {

struct KibamParams {
  double available_frac;             // c
  double rate_constant_per_s;        // kappa
  bool operator==(const KibamParams&) const = default;
};

enum class ChargeModelKind { kNone, kKibam };

struct ChargeModelParams {
  ChargeModelKind model = ChargeModelKind::kNone;
  KibamParams kibam{};  // used when model == kKibam
  bool operator==(const ChargeModelParams&) const = default;
};

struct ChargeState {
  double available_C = 0.0;  // y1
  double bound_C = 0.0;      // y2
  double total_C() const { return available_C + bound_C; }
  bool operator==(const ChargeState&) const = default;
};

struct ChargeStep {
  ChargeState state;
  double self_discharged_C;  // charge lost to self-discharge during the step
};

class ChargeModel {
 public:
  virtual ~ChargeModel() = default;
  virtual std::string_view name() const = 0;
  // A full cell holding total_C, wells in equilibrium (h1 = h2).
  virtual ChargeState Full(double total_C) const = 0;
  // Exact update for a constant current_A and self-discharge rate over dt_s >= 0.
  virtual ChargeStep Step(const ChargeState& state, double current_A, double self_discharge_per_s,
                          double dt_s) const = 0;
  // h1: the charge level the load sees, in coulombs (the whole charge for the ideal counter).
  virtual double AvailableHeight_C(const ChargeState& state) const = 0;
};

// Names accepted by MakeChargeModel, for help texts and error messages: "none", "kibam".
std::span<const std::string_view> ChargeModelNames();
std::string_view ChargeModelName(ChargeModelKind kind);

// Throws std::invalid_argument for parameters outside 0 < c < 1, kappa > 0.
std::unique_ptr<ChargeModel> MakeChargeModel(const ChargeModelParams& params);

}  // namespace pb::models::battery
