// The fleet estimator a server embeds: one parameter set (FleetModel, from a device profile)
// and one small state per device. Feed it batches of telemetry records in any order across
// devices (each device's own records in time order, mostly); ask for one device, or all;
// snapshot the whole state and restore it after a restart.
//
//   FleetEstimator fleet(MakeFleetModel(profile));
//   fleet.Ingest(records);                          // std::span<const TelemetryRecord>
//   std::optional<DeviceEstimate> e = fleet.Query("dev-00042");
//   std::vector<std::uint8_t> blob = fleet.Snapshot();
//   FleetEstimator restored(model); restored.Restore(blob);   // identical estimates
//
// Bad data never corrupts a device: every record passes the rules of record_checks.hpp and
// device_update.hpp; rejected records and dropped fields are counted by reason (counts()).
// Not thread-safe: one estimator per thread (shard a fleet by device id to use more cores).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "engine/estimation/fleet/device_index.hpp"
#include "engine/estimation/fleet/device_state.hpp"
#include "engine/estimation/fleet/estimate.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::engine::estimation {

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IngestResult {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
};

class FleetEstimator {
 public:
  explicit FleetEstimator(FleetModel model);

  IngestResult Ingest(std::span<const TelemetryRecord> records);
  // The same, calling after(i, accepted) once record i has been applied (or rejected), in
  // record order, before record i + 1 is: an estimate queried there is the device's after that
  // record, as with Ingest of one record at a time (estimate --emit record).
  IngestResult Ingest(std::span<const TelemetryRecord> records,
                      const std::function<void(std::size_t index, bool accepted)>& after);
  // One record; returns the reason when it was rejected.
  std::optional<Reason> Ingest(const TelemetryRecord& record);
  // For readers: a line that did not parse, a unit that was not understood.
  void Count(Reason reason, std::uint64_t n = 1) { counts_[static_cast<std::size_t>(reason)] += n; }

  std::optional<DeviceEstimate> Query(std::string_view device_id) const;
  std::vector<DeviceEstimate> QueryAll() const;  // in the order devices were first seen
  // The same without building the vector.
  void ForEachEstimate(const std::function<void(const DeviceEstimate&)>& visit) const;

  std::size_t device_count() const { return states_.size(); }
  const ReasonCounts& counts() const { return counts_; }
  const FleetModel& model() const { return model_; }
  // Raw state, for tests and the benchmark.
  const DeviceState* State(std::string_view device_id) const;

  // Versioned, checksummed, lossless (docs/estimation.md, "Snapshot format"). Restore throws
  // SnapshotError and leaves the estimator unchanged when the blob is damaged, of another
  // version, or from a fleet with other parameters.
  std::vector<std::uint8_t> Snapshot() const;
  void Restore(std::span<const std::uint8_t> snapshot);

 private:
  // One record whose device slot is already known (kNone: a device not seen yet, or a record
  // without an id).
  std::optional<Reason> IngestAt(const TelemetryRecord& record, std::uint32_t slot, std::uint64_t hash);
  template <class After>
  IngestResult IngestPipelined(std::span<const TelemetryRecord> records, After&& after);

  FleetModel model_;
  std::uint64_t fingerprint_;
  DeviceIndex index_;
  std::vector<DeviceState, LargeArrayAllocator<DeviceState>> states_;
  ReasonCounts counts_{};
};

}  // namespace pb::engine::estimation
