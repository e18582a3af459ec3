// Cell voltage: open-circuit voltage, series resistance and an optional RC branch (Thevenin
// equivalent circuit), and the "none" variant (the nominal voltage, no sag: the ideal battery).
//
//   V = OCV(s, T) - I R0(1 - s, T) - v1
//   dv1/dt = (R1(T) I - v1) / tau1,  tau1 = R1(T) C1
//   zero-order hold over a step dt:  v1' = a v1 + (1 - a) R1 I,   a = exp(-dt / tau1)   (exact for
//   a constant current over the step, so independent of the step size)
//
// s    state of charge for the voltage, 0..1: the available-well level h1 / total charge
//      (models/battery/physics.hpp) — a thermodynamic quantity, not derated for cold   [-]
// T    cell temperature                                                               [degC]
// I    current, positive discharges                                                  [A]
// R0   series resistance from a table over temperature and depth of discharge 1 - s    [Ohm]
// R1,C1 RC branch (diffusion/charge-transfer polarisation), optional                  [Ohm, F]
// v1   RC branch voltage (state, in BatteryState)                                      [V]
//
// OCV is either a table over (T, s) or, per temperature, a polynomial OCV(s) = sum a_k s^k
// (the CALCE INR18650-20R fits), linearly interpolated between temperatures and held beyond.
// For primary cells R0 is the chord resistance under the datasheet's pulse (OCV minus the pulse
// voltage, over the pulse current): right for NB-IoT transmit pulses, optimistic at a few mA
// where the polarisation is logarithmic in current (docs/battery-models.md).
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "models/battery/table.hpp"

namespace pb::models::battery {

enum class OcvForm { kTable, kPolynomial };

struct OcvParams {
  OcvForm form = OcvForm::kTable;
  Table2D table;                                      // rows T [degC], columns s [-], values V
  std::vector<double> polynomial_temperatures_degC;   // for kPolynomial
  std::vector<std::vector<double>> polynomial_coefficients_V;  // a_0..a_n per temperature
  bool operator==(const OcvParams&) const = default;
};

struct RcBranchParams {
  bool enabled = false;
  std::vector<double> temperatures_degC;
  std::vector<double> resistances_Ohm;  // R1(T)
  double capacitance_F = 0.0;           // C1
  bool operator==(const RcBranchParams&) const = default;
};

enum class VoltageKind { kNone, kTable };

struct VoltageParams {
  VoltageKind model = VoltageKind::kNone;
  OcvParams ocv;
  Table2D resistance;  // rows T [degC], columns depth of discharge [-], values R0 [Ohm]
  RcBranchParams rc;
  bool operator==(const VoltageParams&) const = default;
};

class VoltageModel {
 public:
  virtual ~VoltageModel() = default;
  virtual std::string_view name() const = 0;
  virtual double OpenCircuit_V(double soc_frac, double temperature_degC) const = 0;
  virtual double SeriesResistance_Ohm(double dod_frac, double temperature_degC) const = 0;
  // RC branch; both 0 without one.
  virtual double RcResistance_Ohm(double temperature_degC) const = 0;
  virtual double RcTimeConstant_s(double temperature_degC) const = 0;
};

// v1 after dt_s at a constant current (exact zero-order hold); v1 itself without an RC branch.
double StepRcVoltage_V(const VoltageModel& model, double rc_voltage_V, double current_A, double temperature_degC,
                       double dt_s);

// Names accepted by MakeVoltageModel: "none", "table".
std::span<const std::string_view> VoltageModelNames();
std::string_view VoltageModelName(VoltageKind kind);

// nominal_voltage_V is the "none" model's constant voltage. Throws std::invalid_argument for
// malformed tables, negative resistances or a non-positive RC capacitance.
std::unique_ptr<VoltageModel> MakeVoltageModel(const VoltageParams& params, double nominal_voltage_V);

}  // namespace pb::models::battery
