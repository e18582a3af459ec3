#include "models/battery/physics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pb::models::battery {
namespace {

constexpr std::array<std::string_view, 3> kEndOfLifeNames = {"none", "brown_out", "charge_exhausted"};

// Scan points and bisection steps of the exhaustion-time search, and the calibration's limits.
constexpr int kScanPoints = 64;
constexpr int kMaxBisections = 200;
constexpr int kMaxCalibrationIterations = 200;
constexpr double kCalibrationTolerance_frac = 1e-12;

void CheckBattery(const BatteryParams& b) {
  if (!(b.capacity_C > 0.0) || !std::isfinite(b.capacity_C)) throw std::invalid_argument("battery: capacity must be > 0");
  if (!(b.nominal_voltage_V > 0.0)) throw std::invalid_argument("battery: nominal voltage must be > 0");
  if (!(b.reference_current_A >= 0.0) || !std::isfinite(b.reference_current_A))
    throw std::invalid_argument("battery: reference current must be >= 0");
  if (!std::isfinite(b.reference_temperature_degC))
    throw std::invalid_argument("battery: reference temperature must be finite");
}

}  // namespace

std::string_view EndOfLifeCauseName(EndOfLifeCause cause) { return kEndOfLifeNames[static_cast<std::size_t>(cause)]; }

std::span<const std::string_view> EndOfLifeCauseNames() { return kEndOfLifeNames; }

BatteryModel::BatteryModel(const BatteryParams& battery) : BatteryModel(battery, BatteryPhysicsParams{}) {}

BatteryModel::BatteryModel(const BatteryParams& battery, const BatteryPhysicsParams& physics)
    : battery_(battery),
      physics_(physics),
      charge_(MakeChargeModel(physics.charge)),
      derating_(MakeCapacityDerating(physics.derating)),
      self_discharge_(MakeSelfDischarge(physics.self_discharge)),
      voltage_(MakeVoltageModel(physics.voltage, battery.nominal_voltage_V)),
      buffer_(MakePulseBuffer(physics.pulse_buffer)) {
  CheckBattery(battery_);
  if (physics.charge.model == ChargeModelKind::kKibam && derating_->depends_on_current())
    throw std::invalid_argument(
        "battery physics: the KiBaM already produces the rate-capacity loss; give the derating table a single "
        "current column (temperature only) or use the \"none\" charge model");
  total_charge_C_ = CalibrateTotalCharge_C();
}

BatteryModel::BatteryModel(BatteryModel&&) noexcept = default;
BatteryModel& BatteryModel::operator=(BatteryModel&&) noexcept = default;
BatteryModel::~BatteryModel() = default;

BatteryState BatteryModel::Initial(double temperature_degC) const {
  BatteryState s;
  s.charge = charge_->Full(total_charge_C_);
  s.temperature_degC = temperature_degC;
  return s;
}

BatteryState BatteryModel::StepCell(const BatteryState& state, double cell_current_A, double temperature_degC,
                                    double dt_s) const {
  if (!std::isfinite(temperature_degC)) throw std::invalid_argument("battery step: temperature must be finite");
  return StepCellAtRate(state, cell_current_A, self_discharge_->RatePerSecond(temperature_degC), temperature_degC, dt_s);
}

BatteryState BatteryModel::StepCellAtRate(const BatteryState& state, double cell_current_A, double self_discharge_per_s,
                                          double temperature_degC, double dt_s) const {
  const ChargeStep c = charge_->Step(state.charge, cell_current_A, self_discharge_per_s, dt_s);
  BatteryState next = state;
  next.charge = c.state;
  next.delivered_C += cell_current_A * dt_s;
  next.self_discharged_C += c.self_discharged_C;
  next.elapsed_s += dt_s;
  next.rc_voltage_V = StepRcVoltage_V(*voltage_, state.rc_voltage_V, cell_current_A, temperature_degC, dt_s);
  next.temperature_degC = temperature_degC;
  return next;
}

BatteryState BatteryModel::Step(const BatteryState& state, double current_A, double temperature_degC,
                                double dt_s) const {
  return StepCell(state, current_A + buffer_->leakage_current_A(), temperature_degC, dt_s);
}

double BatteryModel::MeanCurrent_A(const BatteryState& state) const {
  return state.elapsed_s > 0.0 ? state.delivered_C / state.elapsed_s : 0.0;
}

double BatteryModel::Accessible_C(const BatteryState& state, double total_C) const {
  const double f = derating_->AccessibleFraction(state.temperature_degC, MeanCurrent_A(state));
  return charge_->AvailableHeight_C(state.charge) - (1.0 - f) * total_C;
}

double BatteryModel::AccessibleCharge_C(const BatteryState& state) const { return Accessible_C(state, total_charge_C_); }

double BatteryModel::SocFrac(const BatteryState& state) const {
  const double f = derating_->AccessibleFraction(state.temperature_degC, MeanCurrent_A(state));
  if (!(f > 0.0)) return 0.0;
  return std::clamp(AccessibleCharge_C(state) / (f * total_charge_C_), 0.0, 1.0);
}

double BatteryModel::OpenCircuitVoltage_V(const BatteryState& state, double temperature_degC) const {
  const double s = charge_->AvailableHeight_C(state.charge) / total_charge_C_;
  return voltage_->OpenCircuit_V(s, temperature_degC);
}

double BatteryModel::LoadedVoltage_V(const BatteryState& state, double current_A, double duration_s,
                                     double temperature_degC) const {
  const double s = std::clamp(charge_->AvailableHeight_C(state.charge) / total_charge_C_, 0.0, 1.0);
  const double tau1_s = voltage_->RcTimeConstant_s(temperature_degC);
  const double decay = tau1_s > 0.0 ? std::exp(-duration_s / tau1_s) : 0.0;
  const double source_V = voltage_->OpenCircuit_V(s, temperature_degC) - state.rc_voltage_V * decay;
  const double source_Ohm =
      voltage_->SeriesResistance_Ohm(1.0 - s, temperature_degC) + voltage_->RcResistance_Ohm(temperature_degC) * (1.0 - decay);
  return buffer_->EndOfPulseVoltage_V(source_V, source_Ohm, current_A, duration_s);
}

EndOfLifeCause BatteryModel::EndOfLife(const BatteryState& state, const EndOfLifeCriteria& criteria) const {
  if (AccessibleCharge_C(state) <= 0.0) return EndOfLifeCause::kChargeExhausted;
  if (LoadedVoltage_V(state, criteria.pulse_current_A, criteria.pulse_duration_s, state.temperature_degC) <
      criteria.min_voltage_V)
    return EndOfLifeCause::kBrownOut;
  return EndOfLifeCause::kNone;
}

std::optional<double> BatteryModel::TimeToExhausted_s(const BatteryState& state, double cell_current_A,
                                                      double temperature_degC, double horizon_s,
                                                      double total_C) const {
  auto accessible_after = [&](double t_s) {
    return Accessible_C(StepCell(state, cell_current_A, temperature_degC, t_s), total_C);
  };
  if (accessible_after(0.0) <= 0.0) return 0.0;
  double lo_s = 0.0;
  double hi_s = -1.0;
  if (AccessibleIsUnimodal(state, cell_current_A)) {
    if (accessible_after(horizon_s) > 0.0) return std::nullopt;
    hi_s = horizon_s;
  }
  // Otherwise (the floor moves with the mean current, or the cell is charged) the accessible
  // charge may dip and recover: scan for the first point past a crossing, then bisect.
  for (int i = 1; hi_s < 0.0 && i <= kScanPoints; ++i) {
    const double t_s = horizon_s * i / kScanPoints;
    if (accessible_after(t_s) <= 0.0) {
      hi_s = t_s;
      break;
    }
    lo_s = t_s;
  }
  if (hi_s < 0.0) return std::nullopt;
  for (int i = 0; i < kMaxBisections && hi_s - lo_s > 1e-13 * hi_s; ++i) {
    const double mid_s = 0.5 * (lo_s + hi_s);
    (accessible_after(mid_s) > 0.0 ? lo_s : hi_s) = mid_s;
  }
  return hi_s;
}

bool BatteryModel::AccessibleIsUnimodal(const BatteryState& state, double cell_current_A) const {
  // With a discharge current and a constant derating floor the accessible charge h1 - floor is
  // unimodal: h1' = e^(-r t) (-(I + r Q0) + A e^(-kappa t)) changes sign at most once, + to -.
  // Then positive at both ends means positive throughout, and a crossing is unique.
  const bool floor_constant = !derating_->depends_on_current() || state.elapsed_s == 0.0 ||
                              MeanCurrent_A(state) == cell_current_A;
  return floor_constant && cell_current_A >= 0.0;
}

BatteryModel::StepOutcome BatteryModel::StepUnlessExhausted(const BatteryState& state, double current_A,
                                                            double temperature_degC, double dt_s) const {
  if (!std::isfinite(temperature_degC)) throw std::invalid_argument("battery step: temperature must be finite");
  const double cell_A = current_A + buffer_->leakage_current_A();
  if (AccessibleIsUnimodal(state, cell_A)) {
    // TimeToExhausted_s's first two probes (at 0 and at the horizon), the second being the step
    // itself. The probe at 0 needs only what Accessible_C reads of StepCell(state, ..., 0): the
    // charge wells after a zero step, the step's temperature, and the mean current, which a zero
    // step leaves as it was (delivered + I * 0 over elapsed + 0).
    const double rate_per_s = self_discharge_->RatePerSecond(temperature_degC);
    const double f_start = derating_->AccessibleFraction(temperature_degC, MeanCurrent_A(state));
    const ChargeState wells_at_start = charge_->Step(state.charge, cell_A, rate_per_s, 0.0).state;
    if (charge_->AvailableHeight_C(wells_at_start) - (1.0 - f_start) * total_charge_C_ > 0.0) {
      BatteryState next = StepCellAtRate(state, cell_A, rate_per_s, temperature_degC, dt_s);
      // A derating table with one current column gives the same factor at any mean current
      // (Interpolate2D adds weight x 0), so the factor at the start serves the end.
      const double f_end = derating_->depends_on_current()
                               ? derating_->AccessibleFraction(temperature_degC, MeanCurrent_A(next))
                               : f_start;
      const double accessible_C = charge_->AvailableHeight_C(next.charge) - (1.0 - f_end) * total_charge_C_;
      if (accessible_C > 0.0) return {std::nullopt, std::move(next), accessible_C};
    }
  }
  // Running out inside the step (or a charge that may dip and recover): the search itself.
  if (const auto exhausted_s = TimeToExhausted_s(state, cell_A, temperature_degC, dt_s, total_charge_C_))
    return {exhausted_s, state, 0.0};
  BatteryState next = StepCell(state, cell_A, temperature_degC, dt_s);
  const double accessible_C = Accessible_C(next, total_charge_C_);
  return {std::nullopt, std::move(next), accessible_C};
}

std::optional<double> BatteryModel::TimeToChargeExhausted_s(const BatteryState& state, double current_A,
                                                            double temperature_degC, double horizon_s) const {
  return TimeToExhausted_s(state, current_A + buffer_->leakage_current_A(), temperature_degC, horizon_s,
                           total_charge_C_);
}

double BatteryModel::CalibrateTotalCharge_C() const {
  const BatteryParams& b = battery_;
  const double f_ref = derating_->AccessibleFraction(b.reference_temperature_degC, b.reference_current_A);
  if (!(f_ref > 0.0)) throw std::invalid_argument("battery physics: derating is zero at the reference point");
  if (b.reference_current_A <= 0.0) return b.capacity_C / f_ref;  // no rating discharge to reproduce

  // Charge delivered by a constant discharge at the reference point from a full cell of total_C.
  auto delivered_C = [&](double total_C) {
    BatteryState full;
    full.charge = charge_->Full(total_C);
    full.temperature_degC = b.reference_temperature_degC;
    double horizon_s = 2.0 * total_C / b.reference_current_A;
    for (int i = 0; i < 60; ++i, horizon_s *= 2.0)
      if (const auto t_s = TimeToExhausted_s(full, b.reference_current_A, b.reference_temperature_degC, horizon_s,
                                             total_C))
        return *t_s * b.reference_current_A;
    throw std::invalid_argument("battery physics: the rating discharge never ends");
  };

  // delivered_C grows with total_C and never exceeds it: bracket, then regula falsi (Illinois).
  double lo_C = b.capacity_C;
  double f_lo = delivered_C(lo_C) - b.capacity_C;
  if (f_lo >= -kCalibrationTolerance_frac * b.capacity_C) return lo_C;
  double hi_C = 2.0 * lo_C;
  double f_hi = delivered_C(hi_C) - b.capacity_C;
  for (int i = 0; f_hi < 0.0; ++i) {
    if (i > 60) throw std::invalid_argument("battery physics: cannot reach the rated capacity");
    lo_C = hi_C;
    f_lo = f_hi;
    hi_C *= 2.0;
    f_hi = delivered_C(hi_C) - b.capacity_C;
  }
  int side = 0;
  for (int i = 0; i < kMaxCalibrationIterations; ++i) {
    const double mid_C = (lo_C * f_hi - hi_C * f_lo) / (f_hi - f_lo);
    const double f_mid = delivered_C(mid_C) - b.capacity_C;
    if (std::abs(f_mid) <= kCalibrationTolerance_frac * b.capacity_C) return mid_C;
    if (f_mid < 0.0) {
      lo_C = mid_C;
      f_lo = f_mid;
      if (side == -1) f_hi *= 0.5;
      side = -1;
    } else {
      hi_C = mid_C;
      f_hi = f_mid;
      if (side == 1) f_lo *= 0.5;
      side = 1;
    }
  }
  throw std::invalid_argument("battery physics: calibration of the total charge did not converge");
}

}  // namespace pb::models::battery
