#include "models/battery/primary_cell.hpp"

#include <algorithm>
#include <cmath>

#include "models/units.hpp"

namespace pb::models::battery {
namespace {

constexpr double kGasConstant_J_per_mol_K = 8.314462618;
constexpr double kZeroCelsius_K = 273.15;

}  // namespace

PrimaryCellParams DefaultPrimaryCell(const models::battery::BatteryParams& battery) {
  PrimaryCellParams cell;
  cell.chemistry = std::string(models::battery::ChemistryName(battery.chemistry));
  cell.reference_temperature_degC = battery.reference_temperature_degC;
  switch (battery.chemistry) {
    case models::battery::Chemistry::kLiMnO2:
      // Li-MnO2: OCV ~3.3 V, a sloping plateau 3.0 -> 2.8 V under light load (Energizer
      // CR123/EL123AP discharge curves); self-discharge ~1-2 %/year (datasheets).
      cell.e0_V = 3.1;
      cell.plateau_slope_V = 0.3;
      cell.knee_V = 0.01;
      cell.knee_offset_frac = 0.01;
      cell.pulse_resistance_ohm = 0.3;
      cell.self_discharge_frac_per_year = 0.015;
      break;
    case models::battery::Chemistry::kAlkaline:
      // Alkaline: 1.6 V fresh to ~1.0 V, a steady slope over the whole life (Energizer E91
      // discharge curves); the voltage itself tells the state of charge. ~2-3 %/year.
      cell.e0_V = 1.55;
      cell.plateau_slope_V = 0.4;
      cell.knee_V = 0.004;
      cell.knee_offset_frac = 0.02;
      cell.pulse_resistance_ohm = 0.2;
      cell.self_discharge_frac_per_year = 0.025;
      break;
    default:
      // Li-SOCl2 bobbin (and hybrid, and the ideal cell): OCV 3.67 V (Saft LS datasheets, project
      // reference published-figures.md section 5), a plateau falling ~0.1 V over the life and a
      // steep end (assumption from the shape of Saft's discharge curves: the last ~3 % of the
      // capacity); < 1 %/year self-discharge at 20 degC (Saft, Tadiran).
      cell.e0_V = 3.67;
      cell.temperature_coefficient_V_per_K = -2e-4;  // assumption: a fraction of a mV/K
      cell.plateau_slope_V = 0.1;
      cell.knee_V = 0.006;
      cell.knee_offset_frac = 0.005;
      // assumption: the source resistance a transmit pulse sees behind the device's buffer
      // capacitor, 0.5 Ohm at 20 degC (a bare bobbin cell is several ohms; see docs/estimation.md).
      cell.pulse_resistance_ohm = 0.5;
      cell.self_discharge_frac_per_year = 0.01;
      break;
  }
  return cell;
}

double RestVoltage_V(const PrimaryCellParams& cell, double remaining_frac, double temperature_degC) {
  // Below s = -s0/2 the knee term would blow up; the cell is dead long before.
  const double s = std::max(remaining_frac, -0.5 * cell.knee_offset_frac);
  return cell.e0_V + cell.temperature_coefficient_V_per_K * (temperature_degC - cell.reference_temperature_degC) -
         cell.plateau_slope_V * (1.0 - s) -
         cell.knee_V * (1.0 / (s + cell.knee_offset_frac) - 1.0 / (1.0 + cell.knee_offset_frac));
}

double RestVoltageSlope_V(const PrimaryCellParams& cell, double remaining_frac) {
  const double s = std::max(remaining_frac, -0.5 * cell.knee_offset_frac);
  const double d = s + cell.knee_offset_frac;
  return cell.plateau_slope_V + cell.knee_V / (d * d);
}

namespace {
double ArrheniusFactor(const PrimaryCellParams& cell, double temperature_degC) {
  const double t_K = temperature_degC + kZeroCelsius_K;
  const double t_ref_K = cell.reference_temperature_degC + kZeroCelsius_K;
  return std::exp(cell.resistance_activation_J_per_mol / kGasConstant_J_per_mol_K * (1.0 / t_K - 1.0 / t_ref_K));
}
}  // namespace

double PulseResistance_ohm(const PrimaryCellParams& cell, double remaining_frac, double temperature_degC) {
  const double s = std::clamp(remaining_frac, 0.0, 1.0);
  return cell.pulse_resistance_ohm * ArrheniusFactor(cell, temperature_degC) * (1.0 + cell.resistance_rise_frac * (1.0 - s));
}

double PulseResistanceSlope_ohm(const PrimaryCellParams& cell, double temperature_degC) {
  return -cell.pulse_resistance_ohm * ArrheniusFactor(cell, temperature_degC) * cell.resistance_rise_frac;
}

double SelfDischargeRate_per_s(const PrimaryCellParams& cell, double temperature_degC) {
  const double factor = std::exp2((temperature_degC - 20.0) / cell.self_discharge_doubling_degC);
  return cell.self_discharge_frac_per_year * factor / units::kSecondsPerYear;
}

double BrownOutRemainingFraction(const PrimaryCellParams& cell, double brown_out_V, double pulse_current_A,
                                 double temperature_degC, double resistance_scale) {
  // On [0, 1] the loaded voltage minus V_bo is c0 + c1 s - K/(s + s0) (the plateau's and the
  // resistance's terms are linear in s), rising with s; its root in s is the larger root of
  // the quadratic c1 s^2 + (c0 + c1 s0) s + (c0 s0 - K) = 0 (the product with s + s0 > 0).
  // Closed form: this runs for every estimate a server publishes.
  const double pulse_drop_full_V = pulse_current_A * resistance_scale * cell.pulse_resistance_ohm *
                                   ArrheniusFactor(cell, temperature_degC);  // R at s = 1
  const double K = cell.knee_V, s0 = cell.knee_offset_frac, kappa = cell.resistance_rise_frac;
  const double c0 = cell.e0_V + cell.temperature_coefficient_V_per_K * (temperature_degC - cell.reference_temperature_degC) -
                    cell.plateau_slope_V + K / (1.0 + s0) - pulse_drop_full_V * (1.0 + kappa) - brown_out_V;
  const double c1 = cell.plateau_slope_V + pulse_drop_full_V * kappa;
  const auto margin_V = [&](double s) { return c0 + c1 * s - K / (s + s0); };
  if (margin_V(0.0) >= 0.0) return 0.0;
  if (margin_V(1.0) < 0.0) return 1.0;
  const double a = c1, b = c0 + c1 * s0, c = c0 * s0 - K;
  double root;
  if (a == 0.0) {
    root = -c / b;
  } else {
    const double sqrt_disc = std::sqrt(std::max(0.0, b * b - 4.0 * a * c));
    // The larger root without cancellation (a > 0).
    root = b >= 0.0 ? 2.0 * c / (-b - sqrt_disc) : (-b + sqrt_disc) / (2.0 * a);
  }
  return std::clamp(root, 0.0, 1.0);
}

}  // namespace pb::models::battery
