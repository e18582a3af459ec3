#include "engine/cell/tally_energy.hpp"

#include <variant>

#include "models/device/supply.hpp"

namespace pb::engine::cell {

double TallyBatteryEnergy_J(const DeviceProfile& profile, const models::radio::nbiot::Link& link, const models::radio::ModemTally& tally) {
  const models::radio::ModemParams& modem = std::get<ModelledDevice>(profile.device).modem;
  models::device::LoadDraw load;
  load.charge_C = tally.Charge_C(modem, link.tx_currents());
  load.energy_J = load.charge_C * modem.supply_voltage_V;
  return models::device::BatteryEnergy_J(profile.supply, load, profile.battery.nominal_voltage_V);
}

models::radio::nbiot::Link DeviceLink(const ModelledDevice& device, double coupling_loss_dB) {
  if (device.coverage.forced_ce_level)
    return models::radio::nbiot::SelectLinkAtCeLevel(device.modem, device.network, coupling_loss_dB, *device.coverage.forced_ce_level);
  return models::radio::nbiot::SelectLink(device.modem, device.network, coupling_loss_dB);
}

}  // namespace pb::engine::cell
