// The extension module `powerbudget._core` of the Python package `powerbudget` (docs/python.md):
// the fleet estimator of engine/estimation as Fleet, the design-time commands (engine_functions.hpp),
// and the engine's errors as Python exceptions carrying the engine's message. The package's
// __init__.py re-exports all of it as `powerbudget.*`.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "bindings/python/engine_functions.hpp"
#include "bindings/python/python_fleet.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"

namespace py = pybind11;
using pb::python::FleetOptions;
using pb::python::PythonFleet;

namespace {

template <typename Names>
py::tuple Tuple(const Names& names) {
  py::list out;
  for (const std::string_view name : names) out.append(py::str(std::string(name)));
  return py::tuple(out);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "Battery state and remaining life of a fleet of devices from their telemetry: powerbudget's fleet\n"
      "estimator (docs/estimation.md) in-process. See docs/python.md.";
  m.attr("__version__") = PB_VERSION;
  // Every flag name in bit order, from the writer (so this list cannot drift from its output).
  m.attr("FLAG_NAMES") = Tuple(pb::engine::estimation::telemetry_io::FlagNameList(~std::uint32_t{0}));
  m.attr("REASONS") = Tuple(pb::engine::estimation::kReasonNames);

  // Both are ValueErrors (bad input), so `except ValueError` catches every input problem. Plain
  // handles, never released: the types live as long as the process, and no destructor runs after
  // the interpreter has gone.
  static py::handle profile_error = PyErr_NewExceptionWithDoc(
      "powerbudget.ProfileError",
      "A device profile that cannot be used; the message names the file and field (JSON pointer) and the "
      "allowed range. Attributes: field (JSON pointer, may be empty), detail, file.",
      PyExc_ValueError, nullptr);
  static py::handle snapshot_error = PyErr_NewExceptionWithDoc(
      "powerbudget.SnapshotError",
      "A snapshot that cannot be restored: damaged, truncated, of another version or of a fleet with other "
      "parameters. The fleet is left unchanged.",
      PyExc_ValueError, nullptr);
  if (!profile_error || !snapshot_error) throw py::error_already_set();
  m.attr("ProfileError") = profile_error;
  m.attr("SnapshotError") = snapshot_error;
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const pb::engine::ProfileError& e) {
      py::object instance = profile_error(e.what());
      instance.attr("field") = e.field();
      instance.attr("detail") = e.detail();
      instance.attr("file") = e.file();
      PyErr_SetObject(profile_error.ptr(), instance.ptr());
    } catch (const pb::engine::estimation::SnapshotError& e) {
      PyErr_SetString(snapshot_error.ptr(), e.what());
    }
  });

  py::class_<PythonFleet>(m, "Fleet",
                          "A fleet estimator built from one device profile: feed it telemetry of any number of devices,\n"
                          "ask for each device's state of charge, remaining life P10/P50/P90 and flags.\n"
                          "Not to be shared between processes; threads may share it (calls are serialised).")
      .def(py::init([](const std::string& profile, std::vector<std::string> overrides, std::optional<std::string> profiles_dir,
                       double nrs_power_dBm, std::optional<double> brown_out_V) {
             FleetOptions options;
             options.overrides = std::move(overrides);
             options.profiles_dir = std::move(profiles_dir);
             options.nrs_power_dBm = nrs_power_dBm;
             options.brown_out_V = brown_out_V;
             return new PythonFleet(profile, options);
           }),
           py::arg("profile"), py::arg("overrides") = std::vector<std::string>{}, py::arg("profiles_dir") = py::none(),
           py::kw_only(), py::arg("nrs_power_dBm") = 32.0, py::arg("brown_out_V") = py::none(),
           "Fleet(profile, overrides=[], profiles_dir=None, *, nrs_power_dBm=32.0, brown_out_V=None)\n\n"
           "profile: a bundled device name ('mast-monitor') or a device profile file. overrides: 'PATH=VALUE'\n"
           "strings as `--set`. profiles_dir: where bundled profiles are (default: $POWERBUDGET_PROFILES, the\n"
           "source tree, or the installed ones). nrs_power_dBm, brown_out_V: as `powerbudget estimate`.\n"
           "Raises ProfileError naming the field.")
      .def("ingest_text", &PythonFleet::IngestText, py::arg("format"), py::arg("text"),
           "ingest_text(format, text) -> dict\n\n"
           "Telemetry text (str or bytes), one record per line: format 'csv' (the text starts with its header\n"
           "line), 'jsonl', 'senml' or 'influx'. Lines that do not parse are counted as malformed and skipped.\n"
           "Returns {'accepted', 'rejected', 'malformed', 'errors' (first 100, 'line N: ...'), 'ignored_columns'}.")
      .def("ingest", &PythonFleet::Ingest, py::arg("records"),
           "ingest(records) -> dict\n\n"
           "Records as dicts with the keys of the JSON-lines format ('device', 'time' (ISO 8601 or Unix s),\n"
           "'voltage_mV', 'level_pct', 'signal_dBm', 'temperature_degC', 'reports', 'fota', ...). A record that\n"
           "is not a dict, or a value of the wrong type, is counted as malformed. Returns {'accepted', 'rejected',\n"
           "'malformed', 'errors' (first 100, 'record I: ...'), 'ignored_keys'}.")
      .def("query", &PythonFleet::Query, py::arg("device"),
           "query(device) -> dict or None: the device's estimate with the keys of the JSON-lines estimate\n"
           "(soc_pct, soc_sd_pct, remaining_life_days {p10, p50, p90}, flags, drain_cause, ...).")
      .def("query_all", &PythonFleet::QueryAll, "query_all() -> list of dicts, in the order devices were first seen")
      .def("snapshot", &PythonFleet::Snapshot, "snapshot() -> bytes: the whole state, versioned and checksummed")
      .def("restore", &PythonFleet::Restore, py::arg("snapshot"),
           "restore(snapshot): the state of a snapshot of a fleet with the same parameters; raises SnapshotError\n"
           "(and changes nothing) when it is damaged, of another version, or of other parameters.")
      .def("counts", &PythonFleet::Counts, "counts() -> dict: records and fields handled by each rule, by reason name")
      .def_property_readonly("device_count", &PythonFleet::DeviceCount, "number of devices seen")
      .def_property_readonly("profile", &PythonFleet::ProfileName, "the device profile's name")
      .def("__len__", &PythonFleet::DeviceCount)
      .def("__repr__", [](const PythonFleet& f) {
        return "<powerbudget.Fleet profile='" + f.ProfileName() + "' devices=" + std::to_string(f.DeviceCount()) + ">";
      });

  pb::python::AddEngineFunctions(m);
}
