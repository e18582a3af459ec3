// One accepted record applied to one device: the rules that need the device's history
// (order, duplicates, clock jumps, counter resets, a new cell), then the filter's predict and
// updates, the change detector and the bookkeeping for the flags. A record that cannot be used
// leaves the state exactly as it was (the update runs on a copy and is committed only when
// the result is finite).
#pragma once

#include <optional>

#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::engine::estimation {

// A new device (or a new cell) from its first record.
DeviceState InitialDeviceState(const FleetModel& model, const TelemetryRecord& record);

// Applies a checked record (record_checks.hpp). Returns the reason when it is rejected;
// handled-by-rule reasons are counted in `counts` and the record is used.
std::optional<Reason> ApplyRecord(const FleetModel& model, DeviceState& state, const TelemetryRecord& record,
                                  ReasonCounts& counts);

// Coupling loss from what the record tells (signal strength, else CE level), else the
// device's running mean.
double CouplingLoss_dB(const FleetModel& model, const DeviceState& state, const TelemetryRecord& record);

}  // namespace pb::engine::estimation
