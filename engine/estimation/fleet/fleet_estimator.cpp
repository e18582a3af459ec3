#include "engine/estimation/fleet/fleet_estimator.hpp"

#include <algorithm>
#include <array>

#include "engine/estimation/fleet/device_estimate.hpp"
#include "engine/estimation/fleet/device_update.hpp"
#include "engine/estimation/fleet/record_checks.hpp"

namespace pb::engine::estimation {

FleetEstimator::FleetEstimator(FleetModel model) : model_(std::move(model)), fingerprint_(Fingerprint(model_)) {}

std::optional<Reason> FleetEstimator::Ingest(const TelemetryRecord& record) {
  if (record.device_id.empty()) return IngestAt(record, DeviceIndex::kNone, 0);
  const std::uint64_t hash = DeviceIndex::Hash(record.device_id);
  return IngestAt(record, index_.Find(record.device_id, hash), hash);
}

std::optional<Reason> FleetEstimator::IngestAt(const TelemetryRecord& input, std::uint32_t slot, std::uint64_t hash) {
  TelemetryRecord record = input;
  std::uint16_t dropped = 0;
  const std::optional<Reason> invalid = CheckRecord(model_.rules, model_.kind, record, counts_, dropped);
  std::optional<Reason> reason = invalid;
  if (!invalid) {
    if (slot == DeviceIndex::kNone) {
      slot = index_.Insert(record.device_id, hash);
      states_.push_back(InitialDeviceState(model_, record));
    } else {
      reason = ApplyRecord(model_, states_[slot], record, counts_);
    }
  }
  if (slot != DeviceIndex::kNone) {
    DeviceState& st = states_[slot];
    st.quality_mask = static_cast<std::uint16_t>(st.quality_mask | dropped);
    if (reason) {
      ++st.records_rejected;
      st.quality_mask = static_cast<std::uint16_t>(st.quality_mask | (1u << static_cast<unsigned>(*reason)));
    }
  }
  if (reason) ++counts_[static_cast<std::size_t>(*reason)];
  return reason;
}

template <class After>
IngestResult FleetEstimator::IngestPipelined(std::span<const TelemetryRecord> records, After&& after) {
  // A three-stage software pipeline (device_index.hpp, PrefetchEntry): record i is hashed and
  // its table entry prefetched; kLead records later its candidate slot is read and the
  // device's id and state prefetched; kLead records after that it is verified and applied, in
  // record order. A candidate that is not the device (a new device, a hash collision, a device
  // inserted by a record in flight) falls back to the plain lookup.
  constexpr std::size_t kLead = 4;
  constexpr std::size_t kRing = 16;  // a power of two > 2 kLead
  std::array<std::uint64_t, kRing> hashes;
  std::array<std::uint32_t, kRing> candidates;
  IngestResult result;
  const std::size_t n = records.size();
  for (std::size_t i = 0; i < n + 2 * kLead; ++i) {
    if (i < n) {
      const std::string_view id = records[i].device_id;
      hashes[i % kRing] = id.empty() ? 0 : DeviceIndex::Hash(id);
      index_.PrefetchEntry(hashes[i % kRing]);
    }
    if (i >= kLead && i - kLead < n) {
      const std::size_t k = (i - kLead) % kRing;
      candidates[k] = index_.Candidate(hashes[k]);
      if (candidates[k] != DeviceIndex::kNone) {
        __builtin_prefetch(&index_.ids()[candidates[k]]);
        const char* state = reinterpret_cast<const char*>(&states_[candidates[k]]);
        for (std::size_t line = 0; line < sizeof(DeviceState); line += 64) __builtin_prefetch(state + line, 1);
      }
    }
    if (i >= 2 * kLead) {
      const std::size_t at = i - 2 * kLead, k = at % kRing;
      const TelemetryRecord& r = records[at];
      std::uint32_t slot = DeviceIndex::kNone;
      if (!r.device_id.empty())
        slot = index_.Holds(candidates[k], r.device_id) ? candidates[k] : index_.Find(r.device_id, hashes[k]);
      const bool accepted = !IngestAt(r, slot, hashes[k]);
      ++(accepted ? result.accepted : result.rejected);
      after(at, accepted);
    }
  }
  return result;
}

IngestResult FleetEstimator::Ingest(std::span<const TelemetryRecord> records) {
  return IngestPipelined(records, [](std::size_t, bool) {});
}

IngestResult FleetEstimator::Ingest(std::span<const TelemetryRecord> records,
                                    const std::function<void(std::size_t, bool)>& after) {
  return IngestPipelined(records, after);
}

const DeviceState* FleetEstimator::State(std::string_view device_id) const {
  const std::uint32_t slot = index_.Find(device_id);
  return slot == DeviceIndex::kNone ? nullptr : &states_[slot];
}

std::optional<DeviceEstimate> FleetEstimator::Query(std::string_view device_id) const {
  const std::uint32_t slot = index_.Find(device_id);
  if (slot == DeviceIndex::kNone) return std::nullopt;
  return MakeEstimate(model_, index_.ids()[slot], states_[slot]);
}

void FleetEstimator::ForEachEstimate(const std::function<void(const DeviceEstimate&)>& visit) const {
  for (std::size_t i = 0; i < states_.size(); ++i) visit(MakeEstimate(model_, index_.ids()[i], states_[i]));
}

std::vector<DeviceEstimate> FleetEstimator::QueryAll() const {
  std::vector<DeviceEstimate> all;
  all.reserve(states_.size());
  ForEachEstimate([&all](const DeviceEstimate& e) { all.push_back(e); });
  return all;
}

}  // namespace pb::engine::estimation
