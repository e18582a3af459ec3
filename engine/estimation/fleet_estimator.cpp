#include "engine/estimation/fleet_estimator.hpp"

#include "engine/estimation/device_estimate.hpp"
#include "engine/estimation/device_update.hpp"
#include "engine/estimation/record_checks.hpp"

namespace pb::estimation {

FleetEstimator::FleetEstimator(FleetModel model) : model_(std::move(model)), fingerprint_(Fingerprint(model_)) {}

std::optional<Reason> FleetEstimator::Ingest(const TelemetryRecord& input) {
  TelemetryRecord record = input;
  std::uint16_t dropped = 0;
  const std::optional<Reason> invalid = CheckRecord(model_.rules, model_.kind, record, counts_, dropped);
  std::uint32_t slot = record.device_id.empty() ? DeviceIndex::kNone : index_.Find(record.device_id);
  std::optional<Reason> reason = invalid;
  if (!invalid) {
    if (slot == DeviceIndex::kNone) {
      slot = index_.Insert(record.device_id);
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
  IngestResult result;
  for (const TelemetryRecord& r : records) {
    if (Ingest(r))
      ++result.rejected;
    else
      ++result.accepted;
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
