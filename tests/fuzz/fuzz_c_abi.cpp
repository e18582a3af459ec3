// Fuzz target: the C ABI of the fleet estimator (bindings/c/powerbudget_estimation.h), as a
// server in another language drives it. Its contract: nothing throws across it, and only a bug
// returns PB_EST_INTERNAL — so either is a finding here, and so is a broken promise of the
// header. One fleet of the bundled mast monitor is created once; each input starts from its
// empty state (restored from the snapshot taken at creation, which also keeps runs
// deterministic). The input is used four ways:
//   1. as telemetry text in each format pb_est_ingest_text accepts (csv, jsonl, senml, influx);
//   2. as binary records for pb_est_ingest (device id, field bits, raw doubles: NaN, infinities);
//   3. as a snapshot, restored as it is (pb_est_restore must refuse it or take it);
//   4. as the body of a snapshot framed with this fleet's header and a valid checksum, so the
//      fuzzer reaches the device records behind the checksum and the fingerprint.
// After each: every device is queried (alone and all at once, the same figures), and the state
// is snapshotted, restored and snapshotted again, which the header promises is bit-identical.
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/c/powerbudget_estimation.h"
#include "engine/estimation/fleet/reject_reason.hpp"
#include "tests/fuzz/profiles_root.hpp"

namespace {

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_c_abi: %s\n", what.c_str());
  std::abort();
}

void Expect(const char* call, pb_est_status status, const pb_est_fleet* fleet,
            std::initializer_list<pb_est_status> allowed = {PB_EST_OK}) {
  for (pb_est_status ok : allowed)
    if (status == ok) return;
  Finding(std::string(call) + " returned " + std::to_string(static_cast<int>(status)) + ": " + pb_est_last_error(fleet));
}

std::vector<std::uint8_t> Snapshot(pb_est_fleet* fleet) {
  std::size_t size = 0;
  Expect("pb_est_snapshot (size)", pb_est_snapshot(fleet, nullptr, 0, &size), fleet);
  std::vector<std::uint8_t> blob(size);
  Expect("pb_est_snapshot", pb_est_snapshot(fleet, blob.data(), blob.size(), &size), fleet);
  return blob;
}

struct Fleet {
  pb_est_fleet* handle = nullptr;
  std::vector<std::uint8_t> empty;  // the snapshot of the fleet before any record
};

Fleet& MastMonitorFleet() {
  static Fleet fleet = [] {
    Fleet f;
    const std::string root = pb::fuzz::ProfilesRoot().string();
    if (pb_est_create("mast-monitor", root.c_str(), nullptr, 0, &f.handle) != PB_EST_OK) {
      std::fprintf(stderr, "fuzz_c_abi: cannot create the fleet: %s\n", pb_est_create_error());
      std::abort();
    }
    f.empty = Snapshot(f.handle);
    return f;
  }();
  return fleet;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool SameEstimate(const pb_est_estimate& a, const pb_est_estimate& b) {
  return std::strcmp(a.device_id, b.device_id) == 0 && SameBits(a.time_s, b.time_s) && a.chemistry == b.chemistry &&
         SameBits(a.soc_frac, b.soc_frac) && SameBits(a.soc_sd_frac, b.soc_sd_frac) &&
         SameBits(a.remaining_life_p10_s, b.remaining_life_p10_s) &&
         SameBits(a.remaining_life_p50_s, b.remaining_life_p50_s) &&
         SameBits(a.remaining_life_p90_s, b.remaining_life_p90_s) && SameBits(a.capacity_C, b.capacity_C) &&
         SameBits(a.capacity_sd_C, b.capacity_sd_C) && SameBits(a.charge_used_C, b.charge_used_C) &&
         SameBits(a.drain_multiplier, b.drain_multiplier) && SameBits(a.drain_multiplier_sd, b.drain_multiplier_sd) &&
         SameBits(a.expected_current_A, b.expected_current_A) && SameBits(a.planned_current_A, b.planned_current_A) &&
         a.flags == b.flags && a.drain_cause == b.drain_cause && SameBits(a.drain_flag_since_s, b.drain_flag_since_s) &&
         a.records_accepted == b.records_accepted && a.records_rejected == b.records_rejected &&
         a.battery_epoch == b.battery_epoch;
}

// Restores a snapshot, or refuses it and leaves the state as it was (the header's promise).
// Returns whether it was taken.
bool RestoreOrKeep(pb_est_fleet* fleet, const std::uint8_t* data, std::size_t size, const char* call) {
  const std::vector<std::uint8_t> before = Snapshot(fleet);
  const pb_est_status status = pb_est_restore(fleet, data, size);
  Expect(call, status, fleet, {PB_EST_OK, PB_EST_BAD_SNAPSHOT});
  if (status == PB_EST_OK) return true;
  if (Snapshot(fleet) != before) Finding(std::string(call) + ": a refused snapshot changed the fleet");
  return false;
}

// Queries, counts and the snapshot round trip on whatever state the fleet is in (also a state
// restored from a fuzzed snapshot).
void CheckState(pb_est_fleet* fleet) {
  std::size_t count = 0;
  const pb_est_status sized = pb_est_query_all(fleet, nullptr, 0, &count);
  Expect("pb_est_query_all (size)", sized, fleet, {count == 0 ? PB_EST_OK : PB_EST_BUFFER_TOO_SMALL});
  if (count != pb_est_device_count(fleet)) Finding("pb_est_device_count differs from pb_est_query_all's count");
  std::vector<pb_est_estimate> all(count);
  std::size_t written = 0;
  Expect("pb_est_query_all", pb_est_query_all(fleet, all.data(), all.size(), &written), fleet);
  // Each estimate's id belongs to the handle until the next call: keep copies.
  std::vector<std::string> ids;
  for (const pb_est_estimate& e : all) ids.emplace_back(e.device_id);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    all[i].device_id = ids[i].c_str();
    pb_est_estimate one{};
    const pb_est_status queried = pb_est_query(fleet, ids[i].c_str(), &one);
    Expect("pb_est_query", queried, fleet);
    if (!SameEstimate(one, all[i])) Finding("pb_est_query of " + ids[i] + " differs from its pb_est_query_all entry");
  }
  Expect("pb_est_query (unknown device)", pb_est_query(fleet, "no such device \x01", &all.emplace_back()), fleet,
         {PB_EST_OK, PB_EST_NOT_FOUND});
  for (std::string_view reason : pb::engine::estimation::kReasonNames)
    static_cast<void>(pb_est_reason_count(fleet, std::string(reason).c_str()));

  const std::vector<std::uint8_t> blob = Snapshot(fleet);
  Expect("pb_est_restore (own snapshot)", pb_est_restore(fleet, blob.data(), blob.size()), fleet);
  if (Snapshot(fleet) != blob) Finding("snapshot, restore, snapshot is not bit-identical");
  RestoreOrKeep(fleet, blob.data(), blob.size() - 1, "pb_est_restore (truncated snapshot)");
}

void Reset(const Fleet& fleet) {
  Expect("pb_est_restore (empty)", pb_est_restore(fleet.handle, fleet.empty.data(), fleet.empty.size()), fleet.handle);
}

// Reads fixed-size fields from the input, zero once it runs out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  template <typename T>
  T Next() {
    T value{};
    const std::size_t n = std::min(sizeof value, size_ - std::min(at_, size_));
    std::memcpy(&value, data_ + at_, n);
    at_ += sizeof value;
    return value;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

std::vector<pb_est_record> Records(const std::uint8_t* data, std::size_t size) {
  static const std::array<const char*, 5> kIds = {"dev-00000", "dev-00001", "d", "", nullptr};
  std::vector<pb_est_record> records;
  Bytes in(data, size);
  while (!in.empty()) {
    pb_est_record r{};
    r.device_id = kIds[in.Next<std::uint8_t>() % kIds.size()];
    r.present = in.Next<std::uint16_t>();
    r.time_s = in.Next<double>();
    r.voltage_V = in.Next<double>();
    r.current_A = in.Next<double>();
    r.level_frac = in.Next<double>();
    r.signal_dBm = in.Next<double>();
    r.temperature_degC = in.Next<double>();
    r.pulse_drop_V = in.Next<double>();
    r.reports_count = in.Next<double>();
    r.fota_count = in.Next<double>();
    r.ce_level = in.Next<std::int32_t>();
    r.battery_status = in.Next<std::int32_t>();
    records.push_back(r);
  }
  return records;
}

// This fleet's snapshot header (magic, version, fingerprint), the body, and a valid CRC-32.
std::vector<std::uint8_t> Framed(const std::vector<std::uint8_t>& empty, const std::uint8_t* body, std::size_t size) {
  constexpr std::size_t kHeader = 4 + 4 + 8;
  std::vector<std::uint8_t> blob(empty.begin(), empty.begin() + kHeader);
  blob.insert(blob.end(), body, body + size);
  const auto crc = static_cast<std::uint32_t>(crc32_z(0, blob.data(), blob.size()));
  for (int shift = 0; shift < 32; shift += 8) blob.push_back(static_cast<std::uint8_t>(crc >> shift));
  return blob;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fleet& fleet = MastMonitorFleet();
  pb_est_fleet* handle = fleet.handle;

  Reset(fleet);
  for (const char* format : {"csv", "jsonl", "senml", "influx"}) {
    std::size_t accepted = 0, rejected = 0, malformed = 0;
    Expect("pb_est_ingest_text",
           pb_est_ingest_text(handle, format, reinterpret_cast<const char*>(data), size, &accepted, &rejected, &malformed),
           handle);
  }
  CheckState(handle);

  Reset(fleet);
  const std::vector<pb_est_record> records = Records(data, size);
  std::size_t accepted = 0, rejected = 0;
  Expect("pb_est_ingest", pb_est_ingest(handle, records.data(), records.size(), &accepted, &rejected), handle);
  if (accepted + rejected != records.size()) Finding("pb_est_ingest: accepted + rejected is not the record count");
  CheckState(handle);

  Reset(fleet);
  if (RestoreOrKeep(handle, data, size, "pb_est_restore (input as it is)")) CheckState(handle);

  Reset(fleet);
  const std::vector<std::uint8_t> framed = Framed(fleet.empty, data, size);
  if (RestoreOrKeep(handle, framed.data(), framed.size(), "pb_est_restore (input framed)")) CheckState(handle);
  return 0;
}
