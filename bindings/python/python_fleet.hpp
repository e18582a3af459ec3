// powerbudget.Fleet: a FleetEstimator as Python sees it. Conversions to and from Python objects
// happen with the GIL held; the estimator's work (parsing, filtering, snapshots) runs with the GIL
// released under this object's own mutex, so other Python threads go on meanwhile and two threads
// sharing one Fleet are serialised instead of racing (the estimator is not thread-safe).
#pragma once

#include <pybind11/pybind11.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/estimation/fleet/fleet_estimator.hpp"

namespace pb::python {

struct FleetOptions {
  std::vector<std::string> overrides;      // "PATH=VALUE", as --set
  std::optional<std::string> profiles_dir; // none: $POWERBUDGET_PROFILES, the source tree, or installed
  double nrs_power_dBm = 32.0;             // as `estimate --nrs-power-dBm`
  std::optional<double> brown_out_V;       // as `estimate --brown-out-V`; none: the profile's
};

class PythonFleet {
 public:
  // Loads the device profile (a bundled name or a file); throws engine::ProfileError naming the
  // field, std::invalid_argument for bad options.
  PythonFleet(const std::string& profile, const FleetOptions& options);

  // Text in one of the telemetry formats (csv with its header line, jsonl, senml, influx), str or
  // bytes. Returns {"accepted", "rejected", "malformed", "errors": ["line 3: ...", ...],
  // "ignored_columns": [...]}.
  pybind11::dict IngestText(const std::string& format, pybind11::handle text);
  // Records as dicts with the JSON-lines keys. Returns {"accepted", "rejected", "malformed",
  // "errors": ["record 3: ...", ...], "ignored_keys": [...]}.
  pybind11::dict Ingest(pybind11::handle records);

  pybind11::object Query(const std::string& device) const;  // dict, or None for an unknown device
  pybind11::list QueryAll() const;                          // in the order devices were first seen
  pybind11::bytes Snapshot() const;
  void Restore(pybind11::handle blob);                      // bytes-like; throws SnapshotError
  pybind11::dict Counts() const;                            // every reason, zeros included
  std::size_t DeviceCount() const;
  std::string ProfileName() const;

 private:
  // Runs work on the estimator with the GIL released and this fleet's lock held (in that order:
  // a thread never waits for the lock while holding the GIL, so no thread can deadlock on them).
  template <typename Work>
  auto Locked(Work work) const {
    pybind11::gil_scoped_release unlocked;
    std::lock_guard lock(mutex_);
    return work();
  }

  mutable std::mutex mutex_;
  engine::estimation::FleetEstimator fleet_;
};

}  // namespace pb::python
