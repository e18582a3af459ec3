// Reading the optional "physics" object of a battery profile into models::battery::BatteryPhysicsParams.
// Field units as on datasheets (mA, uA, degC, fraction per year, Ohm, F) are converted to SI here.
// Every error is an engine::ProfileError naming the JSON pointer, the value and the allowed range;
// unknown keys are errors. The fields, their units, ranges and sources: docs/battery-models.md.
#pragma once

#include <string>

#include "engine/profile_io/json_reader.hpp"
#include "models/battery/physics.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::profile_io {

// physics: the "physics" object; pointer: its JSON pointer (e.g. "/battery/physics").
models::battery::BatteryPhysicsParams ParseBatteryPhysics(const Json& physics, const std::string& pointer);

}  // namespace pb::engine::profile_io
