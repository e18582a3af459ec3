// The engine's design-time commands for Python: simulate (the budget), lifetime (the calendar
// simulation), montecarlo (a population) and prove (the verdict). Each loads the profile as the
// CLI does (a bundled name or a file, PATH=VALUE overrides as --set), runs the same engine
// function the CLI runs with the CLI's defaults, and returns a dict with the keys of the CLI's
// JSON (docs/json-output.md) at full double precision; series and per-device results are NumPy
// arrays. The package's Python layer (powerbudget/__init__.py) wraps them into dataclasses.
#pragma once

#include <pybind11/pybind11.h>

namespace pb::python {

// Adds _simulate, _lifetime, _montecarlo and _prove to the extension module.
void AddEngineFunctions(pybind11::module_& m);

}  // namespace pb::python
