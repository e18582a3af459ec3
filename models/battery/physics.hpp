// Battery physics for a lifetime simulation: a composite of five small models, each with a
// "none" variant, stepped through time with (current, temperature, dt).
//
//   charge and rate recovery   models/battery/kibam.hpp          kibam | none (coulomb counter)
//   capacity derating          models/battery/derating.hpp       table | none
//   self-discharge             models/battery/self_discharge.hpp arrhenius | none
//   voltage (OCV, R0, RC)      models/battery/voltage.hpp        table | none (nominal voltage)
//   pulse buffer               models/battery/pulse_buffer.hpp   capacitor | none
//
// Governing relations (Q_tot: total charge of the full cell; h1: level of the KiBaM available
// well, = remaining charge for the coulomb counter; f: derating factor):
//
//   accessible charge   A = h1 - (1 - f(T, I_mean)) Q_tot          (charge exhausted when A <= 0)
//   state of charge     soc_frac = A / (f Q_tot), clamped to [0, 1]  (what is left to use now)
//   voltage state       s = h1 / Q_tot  (OCV and R0 use s and 1 - s: thermodynamic, not derated)
//   loaded voltage      V = buffer(E = OCV(s,T) - v1 e^(-tp/tau1), R = R0 + R1 (1 - e^(-tp/tau1)), I, tp)
//   I_mean = delivered / elapsed (the load's mean current since the start; 0 before any step)
//   conservation        delivered + remaining + self-discharged = Q_tot   (exact)
//
// Q_tot is calibrated when the model is built: the total charge for which a constant discharge
// at the rated reference current and temperature (BatteryParams) delivers exactly the rated
// capacity, with every loss the profile's models describe (KiBaM rate loss, self-discharge during
// the rating discharge, derating at the reference point). With all models "none", Q_tot is the
// rated capacity and the battery is the ideal one of the budget engine (rated capacity at the
// nominal voltage, all usable).
//
// State (BatteryState, SI): KiBaM wells [C], delivered and self-discharged charge [C], elapsed
// time [s], RC-branch voltage [V], temperature of the last step [degC]. Parameters are immutable
// and shared: one BatteryModel serves a fleet of states. Positive current discharges the cell.
// Every update is exact for inputs held constant over the step, so results do not depend on the
// step size; with inputs that vary, they converge as dt -> 0.
// End of life (EndOfLife): the accessible charge is used up (charge_exhausted), or the terminal
// voltage at the end of the device's peak pulse falls below the device's minimum operating voltage
// (brown_out) — whichever happens first; both are reported as data, not thrown.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "models/battery/rating.hpp"
#include "models/battery/derating.hpp"
#include "models/battery/kibam.hpp"
#include "models/battery/pulse_buffer.hpp"
#include "models/battery/self_discharge.hpp"
#include "models/battery/voltage.hpp"

namespace pb::models::battery {

// Default-constructed: every model "none" (the ideal battery).
struct BatteryPhysicsParams {
  ChargeModelParams charge;
  DeratingParams derating;
  SelfDischargeParams self_discharge;
  VoltageParams voltage;
  PulseBufferParams pulse_buffer;
  bool operator==(const BatteryPhysicsParams&) const = default;
};

enum class EndOfLifeCause { kNone, kBrownOut, kChargeExhausted };
std::string_view EndOfLifeCauseName(EndOfLifeCause cause);  // "none", "brown_out", "charge_exhausted"
std::span<const std::string_view> EndOfLifeCauseNames();

struct BatteryState {
  ChargeState charge;              // KiBaM wells [C]
  double delivered_C = 0.0;        // to the load, including the pulse buffer's leakage
  double self_discharged_C = 0.0;  // lost inside the cell
  double elapsed_s = 0.0;
  double rc_voltage_V = 0.0;       // v1
  double temperature_degC = 20.0;  // of the last step (or of Initial)
  double remaining_C() const { return charge.total_C(); }
  bool operator==(const BatteryState&) const = default;
};

// The device's peak pulse and the lowest voltage it works at (brown-out threshold).
struct EndOfLifeCriteria {
  double pulse_current_A;
  double pulse_duration_s;
  double min_voltage_V;
};

class BatteryModel {
 public:
  // Throws std::invalid_argument for inconsistent parameters (e.g. a derating table with a current
  // axis together with the KiBaM, which would count the rate loss twice).
  BatteryModel(const BatteryParams& battery, const BatteryPhysicsParams& physics);
  explicit BatteryModel(const BatteryParams& battery);  // the ideal battery

  BatteryModel(const BatteryModel&) = delete;
  BatteryModel& operator=(const BatteryModel&) = delete;
  BatteryModel(BatteryModel&&) noexcept;
  BatteryModel& operator=(BatteryModel&&) noexcept;
  ~BatteryModel();

  BatteryState Initial(double temperature_degC) const;
  // current_A: the load's mean current over the step (positive discharges); exact for constant
  // inputs over dt_s >= 0. The pulse buffer's leakage is added to the load.
  BatteryState Step(const BatteryState& state, double current_A, double temperature_degC, double dt_s) const;

  double SocFrac(const BatteryState& state) const;          // usable fraction left, at the state's temperature
  double AccessibleCharge_C(const BatteryState& state) const;
  double MeanCurrent_A(const BatteryState& state) const;
  double OpenCircuitVoltage_V(const BatteryState& state, double temperature_degC) const;
  // Terminal voltage at the end of a pulse of current_A lasting duration_s (its minimum).
  double LoadedVoltage_V(const BatteryState& state, double current_A, double duration_s,
                         double temperature_degC) const;
  EndOfLifeCause EndOfLife(const BatteryState& state, const EndOfLifeCriteria& criteria) const;
  // When the accessible charge runs out under a constant current and temperature, measured from
  // `state`; nullopt if not within horizon_s. Exact to ~1e-12 relative (bisection on the exact step).
  std::optional<double> TimeToChargeExhausted_s(const BatteryState& state, double current_A,
                                                double temperature_degC, double horizon_s) const;

  // A lifetime simulation's step: TimeToChargeExhausted_s over dt_s and, when the charge lasts,
  // Step and AccessibleCharge_C of the result — the same arithmetic, bit for bit, in two cell
  // updates instead of four: the search's probe at the step's end is the step itself, and the
  // self-discharge rate at the step's temperature is computed once.
  struct StepOutcome {
    std::optional<double> exhausted_after_s;  // set: the charge runs out this long into the step
    BatteryState state;                       // otherwise: the state after dt_s
    double accessible_C = 0.0;                // and its accessible charge
  };
  StepOutcome StepUnlessExhausted(const BatteryState& state, double current_A, double temperature_degC,
                                  double dt_s) const;

  double total_charge_C() const { return total_charge_C_; }
  const BatteryParams& battery() const { return battery_; }
  const BatteryPhysicsParams& physics() const { return physics_; }

 private:
  BatteryState StepCell(const BatteryState& state, double cell_current_A, double temperature_degC, double dt_s) const;
  // StepCell with the self-discharge rate at temperature_degC already known.
  BatteryState StepCellAtRate(const BatteryState& state, double cell_current_A, double self_discharge_per_s,
                              double temperature_degC, double dt_s) const;
  // The exhaustion search may stop at the step's end: the accessible charge cannot dip and recover.
  bool AccessibleIsUnimodal(const BatteryState& state, double cell_current_A) const;
  double Accessible_C(const BatteryState& state, double total_C) const;
  std::optional<double> TimeToExhausted_s(const BatteryState& state, double cell_current_A, double temperature_degC,
                                          double horizon_s, double total_C) const;
  double CalibrateTotalCharge_C() const;

  BatteryParams battery_;
  BatteryPhysicsParams physics_;
  std::unique_ptr<ChargeModel> charge_;
  std::unique_ptr<CapacityDerating> derating_;
  std::unique_ptr<SelfDischarge> self_discharge_;
  std::unique_ptr<VoltageModel> voltage_;
  std::unique_ptr<PulseBuffer> buffer_;
  double total_charge_C_ = 0.0;
};

// One cell: a model (which must outlive it) and its state, for code that follows a single device.
class BatteryCell {
 public:
  BatteryCell(const BatteryModel& model, double temperature_degC)
      : model_(&model), state_(model.Initial(temperature_degC)) {}
  void Step(double current_A, double temperature_degC, double dt_s) {
    state_ = model_->Step(state_, current_A, temperature_degC, dt_s);
  }
  double soc_frac() const { return model_->SocFrac(state_); }
  double delivered_C() const { return state_.delivered_C; }
  double open_circuit_voltage_V() const { return model_->OpenCircuitVoltage_V(state_, state_.temperature_degC); }
  double LoadedVoltage_V(double current_A, double duration_s, double temperature_degC) const {
    return model_->LoadedVoltage_V(state_, current_A, duration_s, temperature_degC);
  }
  EndOfLifeCause EndOfLife(const EndOfLifeCriteria& criteria) const { return model_->EndOfLife(state_, criteria); }
  const BatteryState& state() const { return state_; }

 private:
  const BatteryModel* model_;
  BatteryState state_;
};

}  // namespace pb::models::battery
