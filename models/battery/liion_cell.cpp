#include "models/battery/liion_cell.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/units.hpp"

namespace pb::models::battery {
namespace {

double Polynomial(const std::array<double, 6>& a, double s) {
  double v = a[5];
  for (int k = 4; k >= 0; --k) v = v * s + a[static_cast<std::size_t>(k)];
  return v;
}

double PolynomialSlope(const std::array<double, 6>& a, double s) {
  double v = 5.0 * a[5];
  for (int k = 4; k >= 1; --k) v = v * s + k * a[static_cast<std::size_t>(k)];
  return v;
}

// Interpolates f(polynomial) linearly in temperature between the tabulated curves.
template <typename Eval>
double AcrossTemperature(const LiIonCellParams& cell, double temperature_degC, Eval eval) {
  const auto& curves = cell.ocv;
  if (curves.empty()) throw std::logic_error("LiIonCellParams: no OCV curve");
  if (curves.size() == 1 || temperature_degC <= curves.front().temperature_degC) return eval(curves.front());
  if (temperature_degC >= curves.back().temperature_degC) return eval(curves.back());
  std::size_t i = 1;
  while (curves[i].temperature_degC < temperature_degC) ++i;
  const OcvPolynomial& lo = curves[i - 1];
  const OcvPolynomial& hi = curves[i];
  const double w = (temperature_degC - lo.temperature_degC) / (hi.temperature_degC - lo.temperature_degC);
  return (1.0 - w) * eval(lo) + w * eval(hi);
}

}  // namespace

double OpenCircuitVoltage_V(const LiIonCellParams& cell, double soc_frac, double temperature_degC) {
  const double s = std::clamp(soc_frac, 0.0, 1.0);
  return AcrossTemperature(cell, temperature_degC, [s](const OcvPolynomial& c) { return Polynomial(c.coefficients_V, s); });
}

double OpenCircuitVoltageSlope_V(const LiIonCellParams& cell, double soc_frac, double temperature_degC) {
  const double s = std::clamp(soc_frac, 0.0, 1.0);
  return AcrossTemperature(cell, temperature_degC,
                           [s](const OcvPolynomial& c) { return PolynomialSlope(c.coefficients_V, s); });
}

LiIonCellParams Inr18650_20r() {
  LiIonCellParams cell;
  cell.name = "Samsung INR18650-20R";
  // Rated 2.0 Ah: CALCE references its SOC to it (shared/data/battery/README.md).
  cell.capacity_C = units::mAh_to_C(2000.0);
  // 5th-order fits OCV(s), cell SP20-1, CALCE incremental-OCV test, files
  // calce_inr18650_20r/ocv_soc/<T>/5th_order_polynomial_coefficients.csv (column Sample1_SP20-1).
  cell.ocv = {
      {0.0, {3.202159552424796, 3.480672703038475, -12.998389964896003, 23.918477650645766, -19.3750262048515,
             5.93369892068063}},
      {25.0, {3.1958428465403843, 3.788182846558917, -14.574538777212481, 27.33863490037897, -22.66038702820067,
              7.076491427803388}},
      {45.0, {3.2553279539752955, 2.9695385990070817, -10.661178996070323, 19.29259500704074, -15.176375689502713,
              4.492462723550697}},
  };
  // Identified at 25 degC from CALCE 25C/DST_80SOC.csv by Nelder-Mead on the voltage error with
  // the coulomb-counted SOC (RMSE 6.1 mV); FUDS gives R0 71 mOhm, R1 13 mOhm, tau1 14 s, so the
  // figures carry over between drive cycles. At other temperatures R0 is learnt online (the
  // filter's third state): the 0 degC fit gives R0 107 mOhm, which the filter finds by itself.
  cell.r0_ohm = 0.0732;
  cell.r1_ohm = 0.0145;
  cell.tau1_s = 20.0;
  // The same fit with a separate charging R0 gives 71.9 mOhm against 73.2 mOhm discharging.
  cell.r0_charge_ratio = 0.98;
  // assumption: 99.5 % coulombic efficiency while charging, typical of NMC at low rates
  // (Plett 2015, ch. 2); CALCE's own SOC truth assumes 100 %.
  cell.charge_efficiency_frac = 0.995;
  return cell;
}

LiIonCellParams ScaledLiIonCell(const LiIonCellParams& cell, double capacity_C) {
  LiIonCellParams scaled = cell;
  const double ratio = capacity_C / cell.capacity_C;
  scaled.capacity_C = capacity_C;
  scaled.r0_ohm = cell.r0_ohm / ratio;
  scaled.r1_ohm = cell.r1_ohm / ratio;
  return scaled;
}

}  // namespace pb::models::battery
