#include "engine/lifetime/population.hpp"

#include <stdexcept>

#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/lifetime/sampling.hpp"

namespace pb::engine::lifetime {
namespace {

void ScaleModemCurrents(models::radio::ModemParams& m, double factor) {
  for (double* current : {&m.psm_current_A, &m.wakeup_current_A, &m.rx_current_A, &m.connected_idle_current_A,
                          &m.cdrx_sleep_current_A, &m.idle_sleep_current_A})
    *current *= factor;
  for (models::radio::TxCurrentPoint& p : m.tx_current_curve) p.current_A *= factor;
}

}  // namespace

InputValues MedianInputs(const UncertaintySpec& spec) {
  InputValues values;
  for (const UncertainParameter& p : spec) values.push_back(Median(p.distribution));
  return values;
}

PopulationModel::PopulationModel(const DeviceProfile& profile, const LifetimeOptions& options)
    : profile_(profile), options_(options) {
  options_.Validate();  // before the first device, not at each
  if (const auto* modelled = std::get_if<ModelledDevice>(&profile_.device)) plan_ = BuildPlan(*modelled);
}

DeviceLifetime PopulationModel::Evaluate(const InputValues& values) const {
  if (values.size() != profile_.uncertainty.size()) throw std::invalid_argument("one value per uncertain input");
  DeviceProfile device = profile_;
  LifetimeOptions options = options_;
  auto* modelled = std::get_if<ModelledDevice>(&device.device);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    switch (profile_.uncertainty[i].input) {
      case UncertainInput::kCouplingLoss_dB:
        if (modelled) modelled->coverage.coupling_loss_dB = v;
        break;
      case UncertainInput::kTemperatureOffset_degC: options.temperature_offset_degC += v; break;
      case UncertainInput::kCapacity_frac: device.battery.capacity_C *= v; break;
      case UncertainInput::kInterval_frac:
        if (modelled) modelled->reporting.interval_s *= v;
        break;
      case UncertainInput::kModemCurrent_frac:
        if (modelled) ScaleModemCurrents(modelled->modem, v);
        break;
      case UncertainInput::kRollbackProbability_frac:
        if (modelled) modelled->fota.rollback_probability_frac = v;
        break;
    }
  }
  // The budget's own rule (a CE level pinned by the profile serves any loss), so that the
  // population and a single budget never disagree on who is served.
  if (modelled && !HasService(*modelled, modelled->coverage.coupling_loss_dB))
    return DeviceLifetime{0.0, models::battery::EndOfLifeCause::kNone, true, -1};
  const BudgetResult budget = plan_ ? ComputeBudget(device, *plan_) : ComputeBudget(device);
  const models::battery::BatteryModel battery(device.battery, device.battery_physics);
  const LifetimeResult life = SimulateLifetime(device, budget, battery, options);
  return DeviceLifetime{life.lifetime_s, life.cause, false, budget.radio ? budget.radio->ce_level : -1};
}

}  // namespace pb::engine::lifetime
