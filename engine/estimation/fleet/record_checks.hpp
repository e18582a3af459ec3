// The per-record rules that need no device history: fields that are not finite or outside
// their physical range are dropped (the rest of the record is used), and records that cannot
// be used at all are rejected. Each is counted by reason. History rules (order, duplicates,
// clock jumps, counters, a new cell) are in device_update.hpp.
#pragma once

#include <optional>

#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::engine::estimation {

// Cleans `record` in place. Returns the reason when the whole record is rejected. Dropped
// fields are counted in `counts` and flagged in `dropped` (a bit per Reason).
std::optional<Reason> CheckRecord(const RecordRules& rules, CellKind kind, TelemetryRecord& record,
                                  ReasonCounts& counts, std::uint16_t& dropped);

}  // namespace pb::engine::estimation
