// Battery energy of a piece of modem time, converted exactly as engine/budget.cpp converts an
// activity: the tally's charge at the modem's currents and the link's transmit currents, at the
// modem's supply voltage, then through the device's supply path (models/supply.hpp). Used for
// what the budget has no activity for: a retried preamble, waiting for a download slot, the
// reception of a multicast session.
#pragma once

#include "engine/device_profile.hpp"
#include "models/link.hpp"
#include "models/modem_tally.hpp"

namespace pb::engine::cell {

double TallyBatteryEnergy_J(const DeviceProfile& profile, const models::Link& link, const models::ModemTally& tally);

// The link of a device at a coupling loss (the profile's forced CE level wins), as the budget selects it.
models::Link DeviceLink(const ModelledDevice& device, double coupling_loss_dB);

}  // namespace pb::engine::cell
