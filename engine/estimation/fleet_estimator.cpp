#include "engine/estimation/fleet_estimator.hpp"

#include <algorithm>
#include <array>

#include "engine/estimation/device_estimate.hpp"
#include "engine/estimation/device_update.hpp"
#include "engine/estimation/record_checks.hpp"

namespace pb::estimation {

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

IngestResult FleetEstimator::Ingest(std::span<const TelemetryRecord> records) {
  // In blocks, each in three passes (device_index.hpp, PrefetchEntry): hash and prefetch the
  // table entries; take the candidate slots and prefetch their ids and states; then verify and
  // apply in record order. A candidate that is not the device (a new device, a hash collision,
  // a device first seen earlier in the same block) falls back to the plain lookup.
  constexpr std::size_t kBlock = 16;
  std::array<std::uint64_t, kBlock> hashes;
  std::array<std::uint32_t, kBlock> candidates;
  IngestResult result;
  for (std::size_t begin = 0; begin < records.size(); begin += kBlock) {
    const std::size_t n = std::min(kBlock, records.size() - begin);
    const TelemetryRecord* block = records.data() + begin;
    for (std::size_t i = 0; i < n; ++i) {
      hashes[i] = block[i].device_id.empty() ? 0 : DeviceIndex::Hash(block[i].device_id);
      index_.PrefetchEntry(hashes[i]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      candidates[i] = index_.Candidate(hashes[i]);
      if (candidates[i] == DeviceIndex::kNone) continue;
      __builtin_prefetch(&index_.ids()[candidates[i]]);
      const char* state = reinterpret_cast<const char*>(&states_[candidates[i]]);
      for (std::size_t line = 0; line < sizeof(DeviceState); line += 64) __builtin_prefetch(state + line, 1);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const TelemetryRecord& r = block[i];
      std::uint32_t slot = DeviceIndex::kNone;
      if (!r.device_id.empty())
        slot = index_.Holds(candidates[i], r.device_id) ? candidates[i] : index_.Find(r.device_id, hashes[i]);
      if (IngestAt(r, slot, hashes[i]))
        ++result.rejected;
      else
        ++result.accepted;
    }
  }
  return result;
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

}  // namespace pb::estimation
