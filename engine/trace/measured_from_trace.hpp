// A trace's analysis as a measured-events device (engine::MeasuredDevice): the idle current as
// the floor and one event per group of similar events (mean charge, mean duration, period),
// so that `simulate` gives a measured device the same lifetime treatment as a modelled one.
#pragma once

#include "engine/device_profile.hpp"
#include "engine/trace/trace_analysis.hpp"

namespace pb::engine::trace {

// Events keep the floor current they contain (the loader's convention: an event's energy is
// all of it, the floor runs the rest of the time). Throws std::invalid_argument for a
// non-positive voltage.
engine::MeasuredDevice MeasuredDeviceFromTrace(const TraceAnalysis& analysis, double supply_voltage_V);

}  // namespace pb::engine::trace
