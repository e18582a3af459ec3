// From a device's filter state to what a user reads: state of charge with its standard
// deviation, remaining life quantiles under the expected future load, and the flags.
#pragma once

#include <string_view>

#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/estimate.hpp"

namespace pb::engine::estimation {

DeviceEstimate MakeEstimate(const FleetModel& model, std::string_view device_id, const DeviceState& state);

// The remaining-life forecast input of a device (exposed for tests).
LifeForecastInput ForecastInput(const FleetModel& model, const DeviceState& state);

}  // namespace pb::engine::estimation
