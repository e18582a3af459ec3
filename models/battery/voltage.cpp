#include "models/battery/voltage.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace pb::models::battery {
namespace {

class NominalVoltage final : public VoltageModel {
 public:
  explicit NominalVoltage(double nominal_V) : nominal_V_(nominal_V) {}
  std::string_view name() const override { return "none"; }
  double OpenCircuit_V(double, double) const override { return nominal_V_; }
  double SeriesResistance_Ohm(double, double) const override { return 0.0; }
  double RcResistance_Ohm(double) const override { return 0.0; }
  double RcTimeConstant_s(double) const override { return 0.0; }

 private:
  double nominal_V_;
};

double Polynomial(const std::vector<double>& coefficients, double s) {
  double v = 0.0;
  for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it) v = v * s + *it;  // Horner
  return v;
}

class TableVoltage final : public VoltageModel {
 public:
  explicit TableVoltage(const VoltageParams& p) : p_(p) {
    if (p_.ocv.form == OcvForm::kTable) {
      CheckTable(p_.ocv.table, "open-circuit voltage table");
    } else {
      CheckAxis(p_.ocv.polynomial_temperatures_degC, "open-circuit voltage polynomials (temperatures)");
      if (p_.ocv.polynomial_coefficients_V.size() != p_.ocv.polynomial_temperatures_degC.size())
        throw std::invalid_argument("open-circuit voltage polynomials: one coefficient list per temperature");
      for (const auto& a : p_.ocv.polynomial_coefficients_V)
        if (a.empty() || !std::all_of(a.begin(), a.end(), [](double x) { return std::isfinite(x); }))
          throw std::invalid_argument("open-circuit voltage polynomials: coefficients must be finite");
    }
    CheckTable(p_.resistance, "series resistance table");
    for (double r : p_.resistance.values)
      if (r < 0.0) throw std::invalid_argument("series resistance table: resistances must be >= 0");
    if (p_.rc.enabled) {
      CheckAxis(p_.rc.temperatures_degC, "RC branch (temperatures)");
      if (p_.rc.resistances_Ohm.size() != p_.rc.temperatures_degC.size())
        throw std::invalid_argument("RC branch: one resistance per temperature");
      for (double r : p_.rc.resistances_Ohm)
        if (!(r >= 0.0) || !std::isfinite(r)) throw std::invalid_argument("RC branch: resistances must be >= 0");
      if (!(p_.rc.capacitance_F > 0.0) || !std::isfinite(p_.rc.capacitance_F))
        throw std::invalid_argument("RC branch: capacitance must be > 0");
    }
  }
  std::string_view name() const override { return "table"; }

  double OpenCircuit_V(double soc_frac, double temperature_degC) const override {
    const double s = std::clamp(soc_frac, 0.0, 1.0);
    if (p_.ocv.form == OcvForm::kTable) return Interpolate2D(p_.ocv.table, temperature_degC, s);
    // Linear in temperature between the two polynomials around T, held beyond the outer ones.
    const auto& ts = p_.ocv.polynomial_temperatures_degC;
    const auto& as = p_.ocv.polynomial_coefficients_V;
    if (temperature_degC <= ts.front()) return Polynomial(as.front(), s);
    if (temperature_degC >= ts.back()) return Polynomial(as.back(), s);
    const std::size_t i = static_cast<std::size_t>(std::upper_bound(ts.begin(), ts.end(), temperature_degC) - ts.begin()) - 1;
    const double w = (temperature_degC - ts[i]) / (ts[i + 1] - ts[i]);
    return Polynomial(as[i], s) + w * (Polynomial(as[i + 1], s) - Polynomial(as[i], s));
  }
  double SeriesResistance_Ohm(double dod_frac, double temperature_degC) const override {
    return Interpolate2D(p_.resistance, temperature_degC, std::clamp(dod_frac, 0.0, 1.0));
  }
  double RcResistance_Ohm(double temperature_degC) const override {
    return p_.rc.enabled ? Interpolate1D(p_.rc.temperatures_degC, p_.rc.resistances_Ohm, temperature_degC) : 0.0;
  }
  double RcTimeConstant_s(double temperature_degC) const override {
    return RcResistance_Ohm(temperature_degC) * p_.rc.capacitance_F;
  }

 private:
  VoltageParams p_;
};

constexpr std::array<std::string_view, 2> kNames = {"none", "table"};

}  // namespace

double StepRcVoltage_V(const VoltageModel& model, double rc_voltage_V, double current_A, double temperature_degC,
                       double dt_s) {
  const double tau_s = model.RcTimeConstant_s(temperature_degC);
  if (!(tau_s > 0.0)) return model.RcResistance_Ohm(temperature_degC) * current_A;  // no branch: 0
  const double a = std::exp(-dt_s / tau_s);
  return a * rc_voltage_V + (1.0 - a) * model.RcResistance_Ohm(temperature_degC) * current_A;
}

std::span<const std::string_view> VoltageModelNames() { return kNames; }

std::string_view VoltageModelName(VoltageKind kind) { return kind == VoltageKind::kTable ? kNames[1] : kNames[0]; }

std::unique_ptr<VoltageModel> MakeVoltageModel(const VoltageParams& params, double nominal_voltage_V) {
  switch (params.model) {
    case VoltageKind::kNone: return std::make_unique<NominalVoltage>(nominal_voltage_V);
    case VoltageKind::kTable: return std::make_unique<TableVoltage>(params);
  }
  throw std::invalid_argument("unknown voltage model");
}

}  // namespace pb::models::battery
