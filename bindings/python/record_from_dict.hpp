// A telemetry record from a Python dict with the keys of the JSON-lines telemetry format
// (docs/estimation.md, "Telemetry in"), read by the JSON reader's rules so that a dict and the
// same object as a JSONL line give the same record: unknown keys are ignored (and reported), None
// for a value is an absent value (JSON null), a device that is not text, a value that is not a
// number or a time that is neither a number nor ISO 8601 text makes the record malformed. Unlike JSON, a NaN or infinity can reach here; it is kept, and the estimator drops
// that field and counts it as non_finite.
#pragma once

#include <pybind11/pybind11.h>

#include <deque>
#include <set>
#include <string>

#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::python {

// Fills `record` from `item`. The device id is stored in `ids` (the record points into it).
// Unknown keys are added to `ignored_keys`. Returns false with `error` set when the record is
// malformed. Needs the GIL.
bool RecordFromDict(pybind11::handle item, std::deque<std::string>& ids, std::set<std::string>& ignored_keys,
                    engine::estimation::TelemetryRecord& record, std::string& error);

}  // namespace pb::python
