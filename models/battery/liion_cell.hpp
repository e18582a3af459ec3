// A Li-ion cell as the state-of-charge filter sees it: a one-RC Thevenin equivalent circuit
// with an open-circuit voltage per temperature.
//
//   V = OCV(s, T) - v1 - R0 I            terminal voltage                           [V]
//   v1' = a v1 + (1 - a) R1 I,  a = exp(-dt / tau1)   RC branch, zero-order hold    [V]
//   s' = s - eta(I) I dt / C              coulomb counting, eta = 1 discharging,
//                                         eta_charge < 1 charging (charge lost to side reactions)
//
// s   state of charge, 0..1, referenced to the capacity C                        [-]
// I   current, positive discharges (docs/notation.md; CALCE logs the opposite sign) [A]
// T   cell temperature                                                          [degC]
// OCV(s, T) = sum_k a_k(T) s^k, a 5th-order polynomial per tabulated temperature, linearly
//     interpolated in temperature and held beyond the table (Plett, "Battery Management
//     Systems Vol. II", 2015, ch. 3: the ECM with temperature-dependent OCV).
//
// Charge/discharge aware: the series resistance while charging is R0 times
// r0_charge_ratio, and charging stores only eta_charge of the charge passed.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace pb::models::battery {

struct OcvPolynomial {
  double temperature_degC;
  std::array<double, 6> coefficients_V;  // a_0..a_5, OCV(s) = sum a_k s^k, s in [0, 1]
  bool operator==(const OcvPolynomial&) const = default;
};

struct LiIonCellParams {
  std::string name;
  double capacity_C;                  // the capacity the state of charge is referenced to
  std::vector<OcvPolynomial> ocv;     // sorted by temperature, at least one
  double r0_ohm;                      // series resistance prior (learnt online by the filter)
  double r1_ohm;                      // RC branch resistance
  double tau1_s;                      // RC branch time constant R1 C1
  double r0_charge_ratio = 1.0;       // R0 while charging / R0 while discharging
  double charge_efficiency_frac = 1.0;  // eta_charge
  bool operator==(const LiIonCellParams&) const = default;
};

// OCV and dOCV/ds at a state of charge and temperature. s is clamped to [0, 1] where the
// fits hold (the derivative is taken at the clamped point so the filter keeps a gradient).
double OpenCircuitVoltage_V(const LiIonCellParams& cell, double soc_frac, double temperature_degC);
double OpenCircuitVoltageSlope_V(const LiIonCellParams& cell, double soc_frac, double temperature_degC);

// Samsung INR18650-20R (NMC, 2.0 Ah): OCV fits of CALCE's incremental-OCV test (cell SP20-1) at
// 0, 25 and 45 degC; R0, R1, tau1 identified at 25 degC (docs/estimation.md). The capacity is
// the rated 2.0 Ah, the reference of CALCE's SOC.
LiIonCellParams Inr18650_20r();

// The same cell chemistry scaled to another capacity: resistances scale inversely (cells in
// parallel), the OCV is unchanged. Used for Li-ion profiles that name no identified cell.
LiIonCellParams ScaledLiIonCell(const LiIonCellParams& cell, double capacity_C);

}  // namespace pb::models::battery
