#include "models/battery/kibam.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pb::models::battery {
namespace {

// (1 - e^-x)/x and (x - 1 + e^-x)/x without cancellation for small x (x = r t >= 0).
double OneMinusExpOverX(double x) { return x < 1e-8 ? 1.0 - 0.5 * x : -std::expm1(-x) / x; }
double ExcessOverX(double x) {
  return x < 1e-3 ? x * (1.0 / 2 - x * (1.0 / 6 - x * (1.0 / 24 - x * (1.0 / 120 - x / 720)))) : 1.0 + std::expm1(-x) / x;
}

// Total charge and self-discharge over the step: the part both models share.
struct TotalStep {
  double total_C;
  double self_discharged_C;
};

TotalStep StepTotal(double total_C, double current_A, double rate_per_s, double dt_s) {
  // A cell past empty does not self-discharge into negative charge.
  const double r = total_C > 0.0 ? rate_per_s : 0.0;
  const double x = r * dt_s;
  const double decay = std::exp(-x);
  return {total_C * decay - current_A * dt_s * OneMinusExpOverX(x),
          -total_C * std::expm1(-x) - current_A * dt_s * ExcessOverX(x)};
}

void CheckStepInputs(double current_A, double rate_per_s, double dt_s) {
  if (!std::isfinite(current_A) || !std::isfinite(rate_per_s) || rate_per_s < 0.0 || !std::isfinite(dt_s) ||
      dt_s < 0.0)
    throw std::invalid_argument("charge model step: current, self-discharge rate (>= 0) and dt (>= 0) must be finite");
}

class IdealCharge final : public ChargeModel {
 public:
  std::string_view name() const override { return "none"; }
  ChargeState Full(double total_C) const override { return {total_C, 0.0}; }
  ChargeStep Step(const ChargeState& s, double current_A, double rate_per_s, double dt_s) const override {
    CheckStepInputs(current_A, rate_per_s, dt_s);
    const TotalStep t = StepTotal(s.total_C(), current_A, rate_per_s, dt_s);
    return {{t.total_C, 0.0}, t.self_discharged_C};
  }
  double AvailableHeight_C(const ChargeState& s) const override { return s.total_C(); }
};

class KineticBatteryModel final : public ChargeModel {
 public:
  explicit KineticBatteryModel(const KibamParams& p) : c_(p.available_frac), kappa_(p.rate_constant_per_s) {
    if (!(c_ > 0.0 && c_ < 1.0)) throw std::invalid_argument("kibam: available fraction must be in (0, 1)");
    if (!(kappa_ > 0.0) || !std::isfinite(kappa_)) throw std::invalid_argument("kibam: rate constant must be > 0");
  }
  std::string_view name() const override { return "kibam"; }
  ChargeState Full(double total_C) const override { return {c_ * total_C, (1.0 - c_) * total_C}; }

  ChargeStep Step(const ChargeState& s, double current_A, double rate_per_s, double dt_s) const override {
    CheckStepInputs(current_A, rate_per_s, dt_s);
    const TotalStep t = StepTotal(s.total_C(), current_A, rate_per_s, dt_s);
    const double r = s.total_C() > 0.0 ? rate_per_s : 0.0;
    const double lambda = kappa_ + r;
    const double d0 = HeightDifference(s);
    const double d_inf = current_A / (c_ * lambda);
    const double d1 = d_inf + (d0 - d_inf) * std::exp(-lambda * dt_s);
    const double y1 = c_ * (t.total_C - (1.0 - c_) * d1);
    return {{y1, t.total_C - y1}, t.self_discharged_C};
  }

  double AvailableHeight_C(const ChargeState& s) const override { return s.available_C / c_; }

 private:
  double HeightDifference(const ChargeState& s) const { return s.bound_C / (1.0 - c_) - s.available_C / c_; }
  double c_;
  double kappa_;
};

constexpr std::array<std::string_view, 2> kNames = {"none", "kibam"};

}  // namespace

std::span<const std::string_view> ChargeModelNames() { return kNames; }

std::string_view ChargeModelName(ChargeModelKind kind) {
  return kind == ChargeModelKind::kKibam ? kNames[1] : kNames[0];
}

std::unique_ptr<ChargeModel> MakeChargeModel(const ChargeModelParams& params) {
  switch (params.model) {
    case ChargeModelKind::kNone: return std::make_unique<IdealCharge>();
    case ChargeModelKind::kKibam: return std::make_unique<KineticBatteryModel>(params.kibam);
  }
  throw std::invalid_argument("unknown charge model");
}

}  // namespace pb::models::battery
