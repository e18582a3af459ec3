'use strict';
// The C ABI of the fleet estimator (bindings/c/powerbudget_estimation.h) declared for koffi, and a
// small Fleet class over one pb_est_fleet handle. koffi is used because it ships prebuilt binaries
// inside its npm package: installing this node needs no compiler and no download besides npm's.
//
// Mirrors of the header (struct layouts, status codes, flag bits, reason names) live here only;
// the ABI version is checked on load so that a library with another layout is refused, not misread.

const koffi = require('koffi');

const EXPECTED_ABI_VERSION = 1;

// koffi runs every synchronous C call on a stack of its own, 1 MiB by default; the estimator is
// written for ordinary threads (8 MiB on Linux). Raise it to that before the first library is
// loaded (koffi refuses changes afterwards; untouched stack pages cost no memory). When another
// module loaded a library through koffi first, the setting stays as it was and `stackNote` says so.
const STACK_BYTES = 8 * 1024 * 1024;
let stackNote = null;
try {
  if (koffi.config().sync_stack_size < STACK_BYTES) koffi.config({ ...koffi.config(), sync_stack_size: STACK_BYTES });
} catch (error) {
  stackNote = `koffi's call stack stays at ${koffi.config().sync_stack_size} bytes (${error.message})`;
}

const STATUS_NAMES = ['ok', 'not_found', 'bad_argument', 'bad_profile', 'bad_snapshot', 'buffer_too_small', 'internal'];
const STATUS = { OK: 0, NOT_FOUND: 1, BAD_ARGUMENT: 2, BAD_PROFILE: 3, BAD_SNAPSHOT: 4, BUFFER_TOO_SMALL: 5, INTERNAL: 6 };

// The stable reason names of docs/estimation.md ("Bad data"), as pb_est_reason_count takes them.
const REASON_NAMES = [
  'malformed', 'missing_device', 'bad_timestamp', 'duplicate', 'out_of_order', 'charging_primary',
  'no_measurement', 'numerical_guard', 'non_finite', 'out_of_range', 'unknown_unit', 'clock_jump',
  'clock_backwards', 'counter_reset', 'battery_replaced', 'comment', 'no_header', 'empty_pack', 'non_numeric',
  'unknown_resource', 'device_mismatch',
];

// koffi registers type names process-wide, so they are declared once for every library loaded.
koffi.opaque('pb_est_fleet');
koffi.struct('pb_est_estimate', {
  device_id: 'const char *',
  time_s: 'double',
  chemistry: 'int32_t',
  soc_frac: 'double',
  soc_sd_frac: 'double',
  remaining_life_p10_s: 'double',
  remaining_life_p50_s: 'double',
  remaining_life_p90_s: 'double',
  capacity_C: 'double',
  capacity_sd_C: 'double',
  charge_used_C: 'double',
  drain_multiplier: 'double',
  drain_multiplier_sd: 'double',
  expected_current_A: 'double',
  planned_current_A: 'double',
  flags: 'uint32_t',
  drain_cause: 'int32_t',
  drain_flag_since_s: 'double',
  records_accepted: 'uint32_t',
  records_rejected: 'uint32_t',
  battery_epoch: 'uint32_t',
});

class EstimationError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'EstimationError';
    this.status = STATUS_NAMES[status] || `status ${status}`;
  }
}

const loaded = new Map(); // library path -> declared functions: one koffi.load per path

// Loads the library at `path` and declares its functions; throws when it does not load or its
// ABI version is not the one these declarations describe.
function loadLibrary(path) {
  if (loaded.has(path)) return loaded.get(path);
  const lib = koffi.load(path);
  const api = {
    path,
    abiVersion: lib.func('uint32_t pb_est_abi_version(void)'),
    create: lib.func('int pb_est_create(const char *profile, const char *profiles_dir, const char **overrides, ' +
                     'size_t override_count, _Out_ pb_est_fleet **out)'),
    createError: lib.func('const char *pb_est_create_error(void)'),
    destroy: lib.func('void pb_est_destroy(pb_est_fleet *fleet)'),
    lastError: lib.func('const char *pb_est_last_error(const pb_est_fleet *fleet)'),
    ingestText: lib.func('int pb_est_ingest_text(pb_est_fleet *fleet, const char *format, const uint8_t *text, ' +
                         'size_t length, _Out_ size_t *accepted, _Out_ size_t *rejected, _Out_ size_t *malformed)'),
    deviceCount: lib.func('size_t pb_est_device_count(const pb_est_fleet *fleet)'),
    query: lib.func('int pb_est_query(pb_est_fleet *fleet, const char *device_id, _Out_ pb_est_estimate *out)'),
    reasonCount: lib.func('uint64_t pb_est_reason_count(const pb_est_fleet *fleet, const char *reason)'),
    snapshot: lib.func('int pb_est_snapshot(pb_est_fleet *fleet, uint8_t *buffer, size_t capacity, _Out_ size_t *size)'),
    restore: lib.func('int pb_est_restore(pb_est_fleet *fleet, const uint8_t *data, size_t size)'),
  };
  const version = api.abiVersion();
  if (version !== EXPECTED_ABI_VERSION) {
    throw new Error(`${path}: C ABI version ${version}, this node needs version ${EXPECTED_ABI_VERSION}`);
  }
  loaded.set(path, api);
  return api;
}

// One pb_est_fleet: one parameter set (from a device profile) and the state of every device seen.
// Not thread-safe, like the handle; Node-RED calls a node from one thread.
class Fleet {
  // options: { profile, profilesDir (optional), overrides: ["PATH=VALUE", ...] }
  constructor(api, options) {
    this.api = api;
    const overrides = options.overrides || [];
    const out = [null];
    const status = api.create(options.profile, options.profilesDir || null, overrides.length ? overrides : null,
                              overrides.length, out);
    if (status !== STATUS.OK) throw new EstimationError(status, `profile '${options.profile}': ${api.createError()}`);
    this.handle = out[0];
  }

  check(status, what) {
    if (status !== STATUS.OK) throw new EstimationError(status, `${what}: ${this.api.lastError(this.handle)}`);
  }

  live() {
    if (!this.handle) throw new Error('the fleet is closed');
    return this.handle;
  }

  // Text lines in "senml" (one pack a line), "jsonl", "csv" or "influx". Malformed lines are
  // counted and skipped by the library; `error` is the message of the last one.
  ingestText(format, text) {
    const bytes = Buffer.from(text, 'utf8');
    const accepted = [0], rejected = [0], malformed = [0];
    this.check(this.api.ingestText(this.live(), format, bytes, bytes.length, accepted, rejected, malformed),
               'ingest');
    const result = { accepted: Number(accepted[0]), rejected: Number(rejected[0]), malformed: Number(malformed[0]) };
    result.error = result.malformed > 0 ? this.api.lastError(this.handle) : null;
    return result;
  }

  // The device's estimate (the raw C struct, SI units), or null when the device is unknown.
  query(deviceId) {
    const estimate = {};
    const status = this.api.query(this.live(), deviceId, estimate);
    if (status === STATUS.NOT_FOUND) return null;
    this.check(status, `query '${deviceId}'`);
    return estimate;
  }

  deviceCount() {
    return Number(this.api.deviceCount(this.live()));
  }

  // Counts by reason name since the fleet was created (or restored): { duplicate: 3, ... }.
  reasonCounts() {
    const counts = {};
    for (const name of REASON_NAMES) counts[name] = Number(this.api.reasonCount(this.live(), name));
    return counts;
  }

  snapshot() {
    const size = [0];
    this.check(this.api.snapshot(this.live(), null, 0, size), 'snapshot');
    const buffer = Buffer.alloc(Number(size[0]));
    this.check(this.api.snapshot(this.handle, buffer, buffer.length, size), 'snapshot');
    return buffer;
  }

  // Replaces the fleet's state; on failure (damaged, other version, other profile) nothing changes.
  restore(buffer) {
    this.check(this.api.restore(this.live(), buffer, buffer.length), 'restore');
  }

  close() {
    if (this.handle) this.api.destroy(this.handle);
    this.handle = null;
  }
}

module.exports = { loadLibrary, Fleet, EstimationError, REASON_NAMES, EXPECTED_ABI_VERSION, stackNote: () => stackNote };
