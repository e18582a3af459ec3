/* powerbudget fleet estimation, C ABI (issue #6).
 *
 * A stable C interface over engine::estimation::FleetEstimator, for servers in Java (JNA/Panama),
 * Python (ctypes/cffi) or Node (ffi-napi) that load libpb_estimation_c.so. One fleet handle holds
 * one parameter set (built from a device profile) and the state of every device seen.
 *
 * Rules of the interface:
 *   - every function returns a pb_est_status (or a plain value where stated); nothing throws
 *     across it; pb_est_last_error() gives the message of the last failure on that handle;
 *   - SI units throughout (seconds, volts, amperes, coulombs, fractions 0..1), positive current
 *     discharges the battery;
 *   - a handle is not thread-safe: one per thread (shard a fleet by device id);
 *   - strings returned (device ids, messages) belong to the handle and stay valid until the
 *     next call on that handle.
 *
 *   pb_est_fleet* fleet = NULL;
 *   if (pb_est_create("mast-monitor", NULL, NULL, 0, &fleet) != PB_EST_OK) ...
 *   pb_est_record r = {"dev-1", 1704067200.0, PB_EST_FIELD_LEVEL | PB_EST_FIELD_VOLTAGE, 3.61, ...};
 *   pb_est_ingest(fleet, &r, 1, &accepted, &rejected);
 *   pb_est_estimate e;
 *   pb_est_query(fleet, "dev-1", &e);
 *   pb_est_destroy(fleet);
 */
#ifndef POWERBUDGET_ESTIMATION_H
#define POWERBUDGET_ESTIMATION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EST_ABI_VERSION 1u

#if defined(__GNUC__)
#define PB_EST_API __attribute__((visibility("default")))
#else
#define PB_EST_API
#endif

typedef enum pb_est_status {
  PB_EST_OK = 0,
  PB_EST_NOT_FOUND = 1,        /* no such device */
  PB_EST_BAD_ARGUMENT = 2,     /* a NULL where a value is needed, an unknown format name */
  PB_EST_BAD_PROFILE = 3,      /* the profile does not load (message names the field) */
  PB_EST_BAD_SNAPSHOT = 4,     /* damaged, other version, or other fleet parameters */
  PB_EST_BUFFER_TOO_SMALL = 5, /* the size needed is returned */
  PB_EST_INTERNAL = 6          /* a bug: please report the message */
} pb_est_status;

/* Field bits of pb_est_record.present (a field counts only when its bit is set). */
#define PB_EST_FIELD_VOLTAGE (1u << 0)        /* supply voltage at rest, LwM2M /3/0/7 */
#define PB_EST_FIELD_CURRENT (1u << 1)        /* battery current, /3/0/8 */
#define PB_EST_FIELD_LEVEL (1u << 2)          /* battery level 0..1, /3/0/9 */
#define PB_EST_FIELD_BATTERY_STATUS (1u << 3) /* /3/0/20 */
#define PB_EST_FIELD_SIGNAL (1u << 4)         /* radio signal strength (RSRP) dBm, /4/0/2 */
#define PB_EST_FIELD_CE_LEVEL (1u << 5)       /* coverage-enhancement level 0..2 */
#define PB_EST_FIELD_TEMPERATURE (1u << 6)    /* degC, IPSO 3303 */
#define PB_EST_FIELD_REPORTS (1u << 7)        /* reports sent, cumulative */
#define PB_EST_FIELD_FOTA (1u << 8)           /* FOTA updates, cumulative */
#define PB_EST_FIELD_PULSE_DROP (1u << 9)     /* voltage drop under a transmit pulse */

/* Flag bits of pb_est_estimate.flags. */
#define PB_EST_FLAG_DRAIN_FAST (1u << 0)
#define PB_EST_FLAG_BROWN_OUT_RISK (1u << 1)
#define PB_EST_FLAG_DATA_QUALITY (1u << 2)
#define PB_EST_FLAG_CHARGING (1u << 3)
#define PB_EST_FLAG_BATTERY_REPLACED (1u << 4)

typedef struct pb_est_record {
  const char* device_id; /* NUL-terminated; only read during the call */
  double time_s;         /* Unix time */
  uint32_t present;      /* PB_EST_FIELD_* */
  double voltage_V;
  double current_A;
  double level_frac;
  double signal_dBm;
  double temperature_degC;
  double pulse_drop_V;
  double reports_count;
  double fota_count;
  int32_t ce_level;
  int32_t battery_status;
} pb_est_record;

typedef struct pb_est_estimate {
  const char* device_id;          /* owned by the fleet handle */
  double time_s;                  /* the device's last accepted record */
  int32_t chemistry;              /* 0 primary, 1 Li-ion */
  double soc_frac;
  double soc_sd_frac;
  double remaining_life_p10_s;
  double remaining_life_p50_s;
  double remaining_life_p90_s;
  double capacity_C;
  double capacity_sd_C;
  double charge_used_C;
  double drain_multiplier;
  double drain_multiplier_sd;
  double expected_current_A;
  double planned_current_A;
  uint32_t flags;                 /* PB_EST_FLAG_* */
  int32_t drain_cause;            /* 0 none, 1 reporting rate, 2 coverage, 3 FOTA, 4 unmodelled */
  double drain_flag_since_s;      /* 0: not raised */
  uint32_t records_accepted;
  uint32_t records_rejected;
  uint32_t battery_epoch;
} pb_est_estimate;

typedef struct pb_est_fleet pb_est_fleet;

PB_EST_API uint32_t pb_est_abi_version(void);

/* profile: a device profile file or a bundled name ("mast-monitor"); profiles_dir: where bundled
 * profiles are (NULL: $POWERBUDGET_PROFILES or the installed ones); overrides: "PATH=VALUE"
 * strings as the CLI's --set. On failure *out is NULL and, for PB_EST_BAD_PROFILE, the message
 * is available from pb_est_create_error(). */
PB_EST_API pb_est_status pb_est_create(const char* profile, const char* profiles_dir, const char* const* overrides,
                            size_t override_count, pb_est_fleet** out);
PB_EST_API const char* pb_est_create_error(void); /* thread-local message of the last failed create */
PB_EST_API void pb_est_destroy(pb_est_fleet* fleet);
PB_EST_API const char* pb_est_last_error(const pb_est_fleet* fleet);

/* A batch of records; accepted/rejected may be NULL. */
PB_EST_API pb_est_status pb_est_ingest(pb_est_fleet* fleet, const pb_est_record* records, size_t count, size_t* accepted,
                            size_t* rejected);
/* Text lines in "csv" (first line a header), "jsonl", "senml" or "influx"; malformed lines are
 * counted and skipped (the message of the last is in pb_est_last_error), and so is a line whose
 * device id holds a NUL byte, which the C strings of this interface could not give back. */
PB_EST_API pb_est_status pb_est_ingest_text(pb_est_fleet* fleet, const char* format, const char* text, size_t length,
                                 size_t* accepted, size_t* rejected, size_t* malformed);

PB_EST_API size_t pb_est_device_count(const pb_est_fleet* fleet);
PB_EST_API pb_est_status pb_est_query(pb_est_fleet* fleet, const char* device_id, pb_est_estimate* out);
/* Fills out[0..capacity); *written devices; PB_EST_BUFFER_TOO_SMALL with *written = the count
 * needed when capacity is short. */
PB_EST_API pb_est_status pb_est_query_all(pb_est_fleet* fleet, pb_est_estimate* out, size_t capacity, size_t* written);

/* Records (and fields) rejected or handled, by the stable reason name ("duplicate",
 * "out_of_order", ... docs/estimation.md); 0 for an unknown name. */
PB_EST_API uint64_t pb_est_reason_count(const pb_est_fleet* fleet, const char* reason);

/* Snapshot into buffer (capacity bytes); *size = the bytes needed (call with capacity 0 first). */
PB_EST_API pb_est_status pb_est_snapshot(pb_est_fleet* fleet, uint8_t* buffer, size_t capacity, size_t* size);
/* Replaces the fleet's state; on failure the fleet is unchanged. */
PB_EST_API pb_est_status pb_est_restore(pb_est_fleet* fleet, const uint8_t* data, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* POWERBUDGET_ESTIMATION_H */
