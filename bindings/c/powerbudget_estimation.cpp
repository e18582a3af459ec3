// The C ABI over est::FleetEstimator (powerbudget_estimation.h): argument checks,
// type conversion, and every exception caught at the boundary.
#include "bindings/c/powerbudget_estimation.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <deque>
#include <exception>
#include <string>
#include <vector>

#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace est = pb::engine::estimation;

struct pb_est_fleet {
  explicit pb_est_fleet(est::FleetModel model) : fleet(std::move(model)) {}
  est::FleetEstimator fleet;
  std::string error;
  std::deque<std::string> ids;  // device ids handed out in estimates
  std::vector<std::uint8_t> snapshot;
};

namespace {

thread_local std::string create_error;

pb_est_status Fail(pb_est_fleet* f, pb_est_status status, const std::string& message) {
  if (f) f->error = message;
  return status;
}

est::TelemetryRecord ToRecord(const pb_est_record& r) {
  est::TelemetryRecord t;
  t.device_id = r.device_id ? std::string_view(r.device_id) : std::string_view();
  t.time_s = r.time_s;
  t.present = r.present & est::field::kMeasurements;
  t.voltage_V = r.voltage_V;
  t.current_A = r.current_A;
  t.level_frac = r.level_frac;
  t.signal_dBm = r.signal_dBm;
  t.temperature_degC = r.temperature_degC;
  t.pulse_drop_V = r.pulse_drop_V;
  t.reports_count = r.reports_count;
  t.fota_count = r.fota_count;
  t.ce_level = r.ce_level;
  t.battery_status = r.battery_status;
  return t;
}

void ToEstimate(pb_est_fleet* f, const est::DeviceEstimate& e, pb_est_estimate& out) {
  f->ids.push_back(e.device_id);
  out.device_id = f->ids.back().c_str();
  out.time_s = e.time_s;
  out.chemistry = static_cast<int32_t>(e.kind);
  out.soc_frac = e.soc_frac;
  out.soc_sd_frac = e.soc_sd_frac;
  out.remaining_life_p10_s = e.remaining_life.p10_s;
  out.remaining_life_p50_s = e.remaining_life.p50_s;
  out.remaining_life_p90_s = e.remaining_life.p90_s;
  out.capacity_C = e.capacity_C;
  out.capacity_sd_C = e.capacity_sd_C;
  out.charge_used_C = e.charge_used_C;
  out.drain_multiplier = e.drain_multiplier;
  out.drain_multiplier_sd = e.drain_multiplier_sd;
  out.expected_current_A = e.expected_current_A;
  out.planned_current_A = e.planned_current_A;
  out.flags = e.flags;
  out.drain_cause = static_cast<int32_t>(e.drain_cause);
  out.drain_flag_since_s = e.drain_flag_since_s;
  out.records_accepted = e.records_accepted;
  out.records_rejected = e.records_rejected;
  out.battery_epoch = e.battery_epoch;
}

// Runs body, turning exceptions into statuses.
template <typename Body>
pb_est_status Guard(pb_est_fleet* f, Body body) {
  try {
    return body();
  } catch (const est::SnapshotError& e) {
    return Fail(f, PB_EST_BAD_SNAPSHOT, e.what());
  } catch (const std::invalid_argument& e) {
    return Fail(f, PB_EST_BAD_ARGUMENT, e.what());
  } catch (const std::exception& e) {
    return Fail(f, PB_EST_INTERNAL, e.what());
  } catch (...) {
    return Fail(f, PB_EST_INTERNAL, "unknown exception");
  }
}

}  // namespace

extern "C" {

uint32_t pb_est_abi_version(void) { return PB_EST_ABI_VERSION; }

pb_est_status pb_est_create(const char* profile, const char* profiles_dir, const char* const* overrides,
                            size_t override_count, pb_est_fleet** out) {
  if (out) *out = nullptr;
  if (!profile || !out || (override_count > 0 && !overrides)) {
    create_error = "pb_est_create: profile and out are required";
    return PB_EST_BAD_ARGUMENT;
  }
  try {
    pb::engine::profile_io::LoadOptions options;
    options.profiles_root = profiles_dir ? std::filesystem::path(profiles_dir) : pb::engine::profile_io::DefaultProfilesRoot();
    for (size_t i = 0; i < override_count; ++i) options.overrides.emplace_back(overrides[i] ? overrides[i] : "");
    const pb::engine::DeviceProfile device = pb::engine::profile_io::LoadDeviceProfile(
        pb::engine::profile_io::ResolveDevicePath(profile, options.profiles_root), options);
    *out = new pb_est_fleet(est::MakeFleetModel(device));
    create_error.clear();
    return PB_EST_OK;
  } catch (const pb::engine::ProfileError& e) {
    create_error = e.what();
    return PB_EST_BAD_PROFILE;
  } catch (const std::invalid_argument& e) {
    create_error = e.what();
    return PB_EST_BAD_PROFILE;
  } catch (const std::exception& e) {
    create_error = e.what();
    return PB_EST_INTERNAL;
  } catch (...) {
    create_error = "unknown exception";
    return PB_EST_INTERNAL;
  }
}

const char* pb_est_create_error(void) { return create_error.c_str(); }

void pb_est_destroy(pb_est_fleet* fleet) { delete fleet; }

const char* pb_est_last_error(const pb_est_fleet* fleet) { return fleet ? fleet->error.c_str() : "no fleet"; }

pb_est_status pb_est_ingest(pb_est_fleet* f, const pb_est_record* records, size_t count, size_t* accepted,
                            size_t* rejected) {
  if (!f || (count > 0 && !records)) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_ingest: fleet and records are required");
  return Guard(f, [&] {
    f->ids.clear();
    size_t ok = 0, bad = 0;
    for (size_t i = 0; i < count; ++i) (f->fleet.Ingest(ToRecord(records[i])) ? bad : ok) += 1;
    if (accepted) *accepted = ok;
    if (rejected) *rejected = bad;
    return PB_EST_OK;
  });
}

pb_est_status pb_est_ingest_text(pb_est_fleet* f, const char* format, const char* text, size_t length,
                                 size_t* accepted, size_t* rejected, size_t* malformed) {
  if (!f || !format || (length > 0 && !text)) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_ingest_text: fleet, format and text are required");
  return Guard(f, [&] {
    f->ids.clear();
    est::telemetry_io::TelemetryReader reader(est::telemetry_io::ParseInputFormat(format));
    std::vector<est::TelemetryRecord> records;
    std::string error;
    est::ReasonCounts reader_counts{};
    size_t ok = 0, bad = 0, broken = 0, line_number = 0;
    // Lines are parsed into a batch and the batch ingested at once (FleetEstimator::Ingest of a
    // span overlaps the devices' memory loads); the ids point into `text` or the reader.
    const auto ingest_batch = [&] {
      const est::IngestResult result = f->fleet.Ingest(records);
      ok += result.accepted;
      bad += result.rejected;
      records.clear();
      reader.ReleaseIds();
    };
    constexpr size_t kBatchRecords = 1024;
    const std::string_view all(text ? text : "", length);
    for (size_t start = 0; start < all.size();) {
      const size_t end = all.find('\n', start);
      const std::string_view line = all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      start = end == std::string_view::npos ? all.size() : end + 1;
      ++line_number;
      const size_t first = records.size();
      if (!reader.AppendLine(line, records, error, reader_counts)) {
        ++broken;
        f->fleet.Count(est::Reason::kMalformed);
        f->error = "line " + std::to_string(line_number) + ": " + error;
        continue;
      }
      // An id with a NUL byte (text is length-delimited, so a line may carry one) could not come
      // back out of this interface, whose ids are C strings: the device would be listed under a
      // shorter id that pb_est_query cannot find, and two such devices would look alike.
      if (std::any_of(records.begin() + static_cast<std::ptrdiff_t>(first), records.end(),
                      [](const est::TelemetryRecord& r) { return r.device_id.find('\0') != std::string_view::npos; })) {
        records.resize(first);
        ++broken;
        f->fleet.Count(est::Reason::kMalformed);
        f->error = "line " + std::to_string(line_number) + ": a device id with a NUL byte (ids are C strings here)";
        continue;
      }
      if (records.size() >= kBatchRecords) ingest_batch();
    }
    ingest_batch();
    for (size_t i = 0; i < reader_counts.size(); ++i) f->fleet.Count(static_cast<est::Reason>(i), reader_counts[i]);
    if (accepted) *accepted = ok;
    if (rejected) *rejected = bad;
    if (malformed) *malformed = broken;
    return PB_EST_OK;
  });
}

size_t pb_est_device_count(const pb_est_fleet* f) { return f ? f->fleet.device_count() : 0; }

pb_est_status pb_est_query(pb_est_fleet* f, const char* device_id, pb_est_estimate* out) {
  if (!f || !device_id || !out) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_query: fleet, device_id and out are required");
  return Guard(f, [&] {
    f->ids.clear();
    const auto e = f->fleet.Query(device_id);
    if (!e) return Fail(f, PB_EST_NOT_FOUND, std::string("no device ") + device_id);
    ToEstimate(f, *e, *out);
    return PB_EST_OK;
  });
}

pb_est_status pb_est_query_all(pb_est_fleet* f, pb_est_estimate* out, size_t capacity, size_t* written) {
  if (!f || !written || (capacity > 0 && !out)) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_query_all: fleet and written are required");
  return Guard(f, [&] {
    *written = f->fleet.device_count();
    if (capacity < *written) return Fail(f, PB_EST_BUFFER_TOO_SMALL, "pb_est_query_all: buffer too small");
    f->ids.clear();
    size_t i = 0;
    f->fleet.ForEachEstimate([&](const est::DeviceEstimate& e) { ToEstimate(f, e, out[i++]); });
    return PB_EST_OK;
  });
}

uint64_t pb_est_reason_count(const pb_est_fleet* f, const char* reason) {
  if (!f || !reason) return 0;
  for (size_t i = 0; i < est::kNumReasons; ++i)
    if (est::kReasonNames[i] == reason) return f->fleet.counts()[i];
  return 0;
}

pb_est_status pb_est_snapshot(pb_est_fleet* f, uint8_t* buffer, size_t capacity, size_t* size) {
  if (!f || !size || (capacity > 0 && !buffer)) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_snapshot: fleet and size are required");
  return Guard(f, [&] {
    f->snapshot = f->fleet.Snapshot();
    *size = f->snapshot.size();
    if (capacity < f->snapshot.size()) return capacity == 0 ? PB_EST_OK : Fail(f, PB_EST_BUFFER_TOO_SMALL, "pb_est_snapshot: buffer too small");
    std::memcpy(buffer, f->snapshot.data(), f->snapshot.size());
    return PB_EST_OK;
  });
}

pb_est_status pb_est_restore(pb_est_fleet* f, const uint8_t* data, size_t size) {
  if (!f || (size > 0 && !data)) return Fail(f, PB_EST_BAD_ARGUMENT, "pb_est_restore: fleet and data are required");
  return Guard(f, [&] {
    f->ids.clear();
    f->fleet.Restore(std::span<const std::uint8_t>(data, size));
    return PB_EST_OK;
  });
}

}  // extern "C"
