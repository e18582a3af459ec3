// One device's estimate as a Python dict with the keys and units of the JSON-lines estimate
// (docs/json-output.md, "estimate"; engine/estimation/telemetry_io/estimate_writer.cpp), at full
// double precision where the text format rounds to 6 significant digits.
#pragma once

#include <pybind11/pybind11.h>

#include "engine/estimation/fleet/estimate.hpp"

namespace pb::python {

// Needs the GIL.
pybind11::dict EstimateToDict(const engine::estimation::DeviceEstimate& estimate);

}  // namespace pb::python
