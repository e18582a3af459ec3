// Battery energy of a piece of modem time, converted exactly as engine/budget.cpp converts an
// activity: the tally's charge at the modem's currents and the link's transmit currents, at the
// modem's supply voltage, then through the device's supply path (models/device/supply.hpp). Used for
// what the budget has no activity for: a retried preamble, waiting for a download slot, the
// reception of a multicast session.
#pragma once

#include "engine/device_profile.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/radio/modem_tally.hpp"

namespace pb::engine::cell {

double TallyBatteryEnergy_J(const DeviceProfile& profile, const models::radio::nbiot::Link& link, const models::radio::ModemTally& tally);

// The link of a device at a coupling loss (the profile's forced CE level wins), as the budget selects it.
models::radio::nbiot::Link DeviceLink(const ModelledDevice& device, double coupling_loss_dB);

}  // namespace pb::engine::cell
