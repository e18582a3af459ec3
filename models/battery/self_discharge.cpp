#include "models/battery/self_discharge.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

#include "models/units.hpp"

namespace pb::models::battery {
namespace {

constexpr double kReferenceTemperature_degC = 20.0;

class NoSelfDischarge final : public SelfDischarge {
 public:
  std::string_view name() const override { return "none"; }
  double RatePerSecond(double) const override { return 0.0; }
};

class ArrheniusSelfDischarge final : public SelfDischarge {
 public:
  explicit ArrheniusSelfDischarge(const SelfDischargeParams& p)
      : rate_at_20degC_per_s_(-std::log1p(-p.frac_per_year_at_20degC) / units::kSecondsPerYear),
        doubling_interval_degC_(p.doubling_interval_degC) {
    if (!(p.frac_per_year_at_20degC >= 0.0 && p.frac_per_year_at_20degC < 1.0))
      throw std::invalid_argument("self-discharge: fraction per year must be in [0, 1)");
    if (!(p.doubling_interval_degC > 0.0) || !std::isfinite(p.doubling_interval_degC))
      throw std::invalid_argument("self-discharge: doubling interval must be > 0");
  }
  std::string_view name() const override { return "arrhenius"; }
  double RatePerSecond(double temperature_degC) const override {
    return rate_at_20degC_per_s_ * std::exp2((temperature_degC - kReferenceTemperature_degC) / doubling_interval_degC_);
  }

 private:
  double rate_at_20degC_per_s_;
  double doubling_interval_degC_;
};

constexpr std::array<std::string_view, 2> kNames = {"none", "arrhenius"};

}  // namespace

std::span<const std::string_view> SelfDischargeNames() { return kNames; }

std::string_view SelfDischargeName(SelfDischargeKind kind) {
  return kind == SelfDischargeKind::kArrhenius ? kNames[1] : kNames[0];
}

std::unique_ptr<SelfDischarge> MakeSelfDischarge(const SelfDischargeParams& params) {
  switch (params.model) {
    case SelfDischargeKind::kNone: return std::make_unique<NoSelfDischarge>();
    case SelfDischargeKind::kArrhenius: return std::make_unique<ArrheniusSelfDischarge>(params);
  }
  throw std::invalid_argument("unknown self-discharge model");
}

}  // namespace pb::models::battery
