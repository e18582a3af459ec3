#include "engine/profile_io/battery_physics_loader.hpp"

#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include "engine/errors.hpp"
#include "models/units.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::profile_io {
namespace {

namespace m = pb::models::battery;
namespace u = pb::units;
using engine::ProfileError;

// Temperatures a table may span: beyond any cell's operating range on both sides.
constexpr double kMinTemperature_degC = -80.0;
constexpr double kMaxTemperature_degC = 150.0;
constexpr int kOcvMonotonicityChecks = 1000;

std::vector<std::string> Names(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

std::string Element(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

std::string Describe(const Json& value) {
  std::string s = value.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

double CheckedElement(const Json& value, const std::string& pointer, double min, double max) {
  if (!value.is_number()) throw ProfileError(pointer, "expected a number, got " + Describe(value));
  const double x = value.get<double>();
  if (!std::isfinite(x) || x < min || x > max)
    throw ProfileError(pointer, "value " + FormatNumber(x) + " is out of range; allowed " + FormatNumber(min) + " to " +
                                    FormatNumber(max));
  return x;
}

std::vector<double> NumberArray(ObjectReader& r, std::string_view key, double min, double max) {
  const Json& array = r.Array(key, 1);
  std::vector<double> out;
  for (std::size_t i = 0; i < array.size(); ++i)
    out.push_back(CheckedElement(array[i], Element(r.PointerTo(key), i), min, max));
  return out;
}

// A table axis: at least one point, strictly increasing.
std::vector<double> Axis(ObjectReader& r, std::string_view key, double min, double max) {
  std::vector<double> xs = NumberArray(r, key, min, max);
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (!(xs[i] > xs[i - 1]))
      throw ProfileError(Element(r.PointerTo(key), i), "value " + FormatNumber(xs[i]) +
                                                           " must exceed the previous point " + FormatNumber(xs[i - 1]) +
                                                           " (axis points strictly increase)");
  return xs;
}

// rows x columns numbers given as an array of rows; returned row-major.
std::vector<double> Matrix(ObjectReader& r, std::string_view key, std::size_t rows, std::string_view rows_key,
                           std::size_t columns, std::string_view columns_key, double min, double max) {
  const Json& array = r.Array(key, 1);
  if (array.size() != rows)
    r.Fail(key, "expected " + std::to_string(rows) + " rows (one per entry of '" + std::string(rows_key) + "'), got " +
                    std::to_string(array.size()));
  std::vector<double> out;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string row_pointer = Element(r.PointerTo(key), i);
    if (!array[i].is_array() || array[i].size() != columns)
      throw ProfileError(row_pointer, "expected an array of " + std::to_string(columns) + " numbers (one per entry of '" +
                                          std::string(columns_key) + "'), got " + Describe(array[i]));
    for (std::size_t j = 0; j < columns; ++j) out.push_back(CheckedElement(array[i][j], Element(row_pointer, j), min, max));
  }
  return out;
}

// A key that belongs to a model variant the profile did not choose.
void RejectUnless(ObjectReader& r, bool chosen, std::string_view key, std::string_view model_key,
                  std::string_view variant) {
  if (!chosen && r.Has(key))
    r.Fail(key, "only allowed with " + std::string(model_key) + " \"" + std::string(variant) + "\"");
}

m::ChargeModelParams ParseCharge(ObjectReader& r) {
  m::ChargeModelParams c;
  const bool kibam = r.Choice("charge_model", Names(m::ChargeModelNames())) == "kibam";
  RejectUnless(r, kibam, "kibam_available_frac", "charge_model", "kibam");
  RejectUnless(r, kibam, "kibam_rate_constant_per_s", "charge_model", "kibam");
  if (kibam) {
    c.model = m::ChargeModelKind::kKibam;
    c.kibam.available_frac = r.Number("kibam_available_frac", 0.001, 0.999);
    c.kibam.rate_constant_per_s = r.Number("kibam_rate_constant_per_s", 1e-12, 1.0);
  }
  return c;
}

m::DeratingParams ParseDerating(ObjectReader& r) {
  m::DeratingParams d;
  const bool table = r.Choice("derating_model", Names(m::DeratingNames())) == "table";
  RejectUnless(r, table, "derating", "derating_model", "table");
  if (!table) return d;
  d.model = m::DeratingKind::kTable;
  ObjectReader t = r.Object("derating");
  d.table.rows = Axis(t, "temperatures_degC", kMinTemperature_degC, kMaxTemperature_degC);
  for (double i_mA : Axis(t, "currents_mA", 0.0, 1e6)) d.table.columns.push_back(u::mA(i_mA));
  d.table.values = Matrix(t, "factors_frac", d.table.rows.size(), "temperatures_degC", d.table.columns.size(),
                          "currents_mA", 0.0, 1.0);
  t.Finish();
  return d;
}

m::SelfDischargeParams ParseSelfDischarge(ObjectReader& r) {
  m::SelfDischargeParams s;
  const bool arrhenius = r.Choice("self_discharge_model", Names(m::SelfDischargeNames())) == "arrhenius";
  RejectUnless(r, arrhenius, "self_discharge_frac_per_year_at_20degC", "self_discharge_model", "arrhenius");
  RejectUnless(r, arrhenius, "self_discharge_doubling_degC", "self_discharge_model", "arrhenius");
  if (arrhenius) {
    s.model = m::SelfDischargeKind::kArrhenius;
    s.frac_per_year_at_20degC = r.Number("self_discharge_frac_per_year_at_20degC", 0.0, 0.99);
    s.doubling_interval_degC = r.Number("self_discharge_doubling_degC", 1.0, 100.0);
  }
  return s;
}

void CheckOcvRises(ObjectReader& r, std::string_view key, const std::vector<double>& ocv_V, std::size_t row) {
  for (std::size_t j = 1; j < ocv_V.size(); ++j)
    if (ocv_V[j] < ocv_V[j - 1])
      throw ProfileError(Element(Element(r.PointerTo(key), row), j),
                         "open-circuit voltage " + FormatNumber(ocv_V[j]) + " V is below the previous " +
                             FormatNumber(ocv_V[j - 1]) + " V: it must not fall as the state of charge rises");
}

m::OcvParams ParseOcvTable(ObjectReader o) {
  m::OcvParams ocv;
  ocv.form = m::OcvForm::kTable;
  ocv.table.rows = Axis(o, "temperatures_degC", kMinTemperature_degC, kMaxTemperature_degC);
  ocv.table.columns = Axis(o, "soc_frac", 0.0, 1.0);
  ocv.table.values = Matrix(o, "voltages_V", ocv.table.rows.size(), "temperatures_degC", ocv.table.columns.size(),
                            "soc_frac", 0.0, 60.0);
  const std::size_t n = ocv.table.columns.size();
  for (std::size_t i = 0; i < ocv.table.rows.size(); ++i)
    CheckOcvRises(o, "voltages_V",
                  std::vector<double>(ocv.table.values.begin() + static_cast<std::ptrdiff_t>(i * n),
                                      ocv.table.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * n)),
                  i);
  o.Finish();
  return ocv;
}

m::OcvParams ParseOcvPolynomials(ObjectReader o) {
  m::OcvParams ocv;
  ocv.form = m::OcvForm::kPolynomial;
  ocv.polynomial_temperatures_degC = Axis(o, "temperatures_degC", kMinTemperature_degC, kMaxTemperature_degC);
  const Json& rows = o.Array("coefficients_V", 1);
  if (rows.size() != ocv.polynomial_temperatures_degC.size())
    o.Fail("coefficients_V", "expected " + std::to_string(ocv.polynomial_temperatures_degC.size()) +
                                 " coefficient lists (one per entry of 'temperatures_degC'), got " +
                                 std::to_string(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_pointer = Element(o.PointerTo("coefficients_V"), i);
    if (!rows[i].is_array() || rows[i].empty() || rows[i].size() > 10)
      throw ProfileError(row_pointer, "expected 1 to 10 coefficients a0, a1, ... (OCV = sum a_k soc^k), got " +
                                          Describe(rows[i]));
    std::vector<double> a;
    for (std::size_t k = 0; k < rows[i].size(); ++k) a.push_back(CheckedElement(rows[i][k], Element(row_pointer, k), -1e4, 1e4));
    // The polynomial must give a plausible voltage that does not fall as the state of charge rises.
    double previous_V = -1.0;
    for (int j = 0; j <= kOcvMonotonicityChecks; ++j) {
      const double s = static_cast<double>(j) / kOcvMonotonicityChecks;
      double v = 0.0;
      for (auto it = a.rbegin(); it != a.rend(); ++it) v = v * s + *it;
      if (v < 0.0 || v > 60.0 || v < previous_V - 1e-12)
        throw ProfileError(row_pointer, "the polynomial gives " + FormatNumber(v) + " V at soc " + FormatNumber(s) +
                                            ": it must stay within 0 to 60 V and not fall as the state of charge rises");
      previous_V = v;
    }
    ocv.polynomial_coefficients_V.push_back(std::move(a));
  }
  o.Finish();
  return ocv;
}

m::VoltageParams ParseVoltage(ObjectReader& r) {
  m::VoltageParams v;
  const bool table = r.Choice("voltage_model", Names(m::VoltageModelNames())) == "table";
  for (std::string_view key : {"ocv", "ocv_polynomial", "resistance", "rc_branch"})
    RejectUnless(r, table, key, "voltage_model", "table");
  if (!table) return v;
  v.model = m::VoltageKind::kTable;

  const bool has_table = r.Has("ocv");
  const bool has_polynomial = r.Has("ocv_polynomial");
  if (has_table && has_polynomial) r.Fail("ocv_polynomial", "give either \"ocv\" or \"ocv_polynomial\", not both");
  if (!has_table && !has_polynomial)
    r.Fail("ocv", "required field is missing: give \"ocv\" (a table) or \"ocv_polynomial\"");
  if (has_table) {
    v.ocv = ParseOcvTable(r.Object("ocv"));
    r.Ignore("ocv_polynomial");
  } else {
    v.ocv = ParseOcvPolynomials(r.Object("ocv_polynomial"));
    r.Ignore("ocv");
  }

  ObjectReader res = r.Object("resistance");
  v.resistance.rows = Axis(res, "temperatures_degC", kMinTemperature_degC, kMaxTemperature_degC);
  v.resistance.columns = Axis(res, "dod_frac", 0.0, 1.0);
  v.resistance.values = Matrix(res, "resistances_Ohm", v.resistance.rows.size(), "temperatures_degC",
                               v.resistance.columns.size(), "dod_frac", 0.0, 1e4);
  res.Finish();

  if (r.Has("rc_branch")) {
    ObjectReader rc = r.Object("rc_branch");
    v.rc.enabled = true;
    v.rc.temperatures_degC = Axis(rc, "temperatures_degC", kMinTemperature_degC, kMaxTemperature_degC);
    v.rc.resistances_Ohm = NumberArray(rc, "resistances_Ohm", 0.0, 1e4);
    if (v.rc.resistances_Ohm.size() != v.rc.temperatures_degC.size())
      rc.Fail("resistances_Ohm", "expected " + std::to_string(v.rc.temperatures_degC.size()) +
                                     " values (one per entry of 'temperatures_degC')");
    v.rc.capacitance_F = rc.Number("capacitance_F", 1e-6, 1e7);
    rc.Finish();
  } else {
    r.Ignore("rc_branch");
  }
  return v;
}

m::PulseBufferParams ParsePulseBuffer(ObjectReader& r) {
  m::PulseBufferParams b;
  const bool capacitor = r.Choice("pulse_buffer_model", Names(m::PulseBufferNames())) == "capacitor";
  RejectUnless(r, capacitor, "pulse_buffer", "pulse_buffer_model", "capacitor");
  if (!capacitor) return b;
  b.model = m::PulseBufferKind::kCapacitor;
  ObjectReader c = r.Object("pulse_buffer");
  b.capacitance_F = c.Number("capacitance_F", 1e-6, 1e4);
  b.esr_Ohm = c.Number("esr_Ohm", 0.0, 1e3);
  b.leakage_current_A = u::uA(c.Number("leakage_current_uA", 0.0, 1e5));
  c.Finish();
  return b;
}

}  // namespace

models::battery::BatteryPhysicsParams ParseBatteryPhysics(const Json& physics, const std::string& pointer) {
  ObjectReader r(physics, pointer);
  models::battery::BatteryPhysicsParams p;
  p.charge = ParseCharge(r);
  p.derating = ParseDerating(r);
  p.self_discharge = ParseSelfDischarge(r);
  p.voltage = ParseVoltage(r);
  p.pulse_buffer = ParsePulseBuffer(r);
  if (p.charge.model == m::ChargeModelKind::kKibam && p.derating.table.columns.size() > 1)
    throw ProfileError(r.PointerTo("derating") + "/currents_mA",
                       "with charge_model \"kibam\" the derating table must have a single current column: the KiBaM "
                       "already produces the rate-capacity loss");
  r.Finish();
  return p;
}

}  // namespace pb::engine::profile_io
