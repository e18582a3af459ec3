/* The C ABI driven from C: create a fleet from the bundled mast-monitor profile,
 * ingest structs and text, query one and all, count bad data, snapshot and restore. Exits
 * non-zero on the first failed check. Built as C11 with the project's warnings. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "powerbudget_estimation.h"

static int failures = 0;
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

static pb_est_record Report(const char* id, double t, double level, double reports) {
  pb_est_record r;
  memset(&r, 0, sizeof r);
  r.device_id = id;
  r.time_s = t;
  r.present = PB_EST_FIELD_LEVEL | PB_EST_FIELD_VOLTAGE | PB_EST_FIELD_SIGNAL | PB_EST_FIELD_REPORTS;
  r.level_frac = level;
  r.voltage_V = 3.65;
  r.signal_dBm = -110.0;
  r.reports_count = reports;
  return r;
}

int main(int argc, char** argv) {
  const char* profiles = argc > 1 ? argv[1] : NULL;
  pb_est_fleet* fleet = NULL;
  CHECK(pb_est_abi_version() == PB_EST_ABI_VERSION);
  CHECK(pb_est_create("no-such-device", profiles, NULL, 0, &fleet) == PB_EST_BAD_PROFILE && fleet == NULL);
  CHECK(strlen(pb_est_create_error()) > 0);
  const char* overrides[] = {"reporting.interval_s=3600"};
  if (pb_est_create("mast-monitor", profiles, overrides, 1, &fleet) != PB_EST_OK) {
    fprintf(stderr, "create failed: %s\n", pb_est_create_error());
    return 1;
  }

  /* Two devices, a day of hourly reports; then a duplicate and a record with nothing usable. */
  pb_est_record batch[50];
  size_t n = 0, accepted = 0, rejected = 0, malformed = 0;
  for (int h = 0; h < 24; ++h) {
    batch[n++] = Report("dev-a", 1704067200.0 + 3600.0 * h, 0.90, h + 1);
    batch[n++] = Report("dev-b", 1704067300.0 + 3600.0 * h, 0.50, h + 1);
  }
  batch[n] = batch[n - 2];
  ++n;
  batch[n] = Report("dev-a", 1704067200.0 + 3600.0 * 30, NAN, 40);
  batch[n++].present = PB_EST_FIELD_LEVEL;
  CHECK(pb_est_ingest(fleet, batch, n, &accepted, &rejected) == PB_EST_OK);
  CHECK(accepted == 48 && rejected == 2);
  CHECK(pb_est_device_count(fleet) == 2);
  CHECK(pb_est_reason_count(fleet, "duplicate") == 1);
  CHECK(pb_est_reason_count(fleet, "no_measurement") == 1);
  CHECK(pb_est_reason_count(fleet, "non_finite") == 1);
  CHECK(pb_est_reason_count(fleet, "no_such_reason") == 0);

  /* Text ingest: InfluxDB line protocol, one malformed line. */
  const char* text =
      "telemetry,device=dev-c level_pct=75i,voltage_mV=3640i,signal_dBm=-100i,reports=1i 1704067200000000000\n"
      "this is not line protocol\n"
      "telemetry,device=dev-c level_pct=75i,voltage_mV=3641i,signal_dBm=-100i,reports=2i 1704070800000000000\n";
  CHECK(pb_est_ingest_text(fleet, "influx", text, strlen(text), &accepted, &rejected, &malformed) == PB_EST_OK);
  CHECK(accepted == 2 && rejected == 0 && malformed == 1);
  CHECK(strstr(pb_est_last_error(fleet), "line 2") != NULL);
  CHECK(pb_est_ingest_text(fleet, "xml", text, strlen(text), &accepted, &rejected, &malformed) == PB_EST_BAD_ARGUMENT);

  pb_est_estimate e;
  CHECK(pb_est_query(fleet, "dev-a", &e) == PB_EST_OK);
  CHECK(strcmp(e.device_id, "dev-a") == 0);
  CHECK(e.chemistry == 0);
  CHECK(fabs(e.soc_frac - 0.9) < 0.03);
  CHECK(e.soc_sd_frac > 0.0 && e.soc_sd_frac < 0.05);
  CHECK(e.remaining_life_p10_s > 0.0 && e.remaining_life_p10_s <= e.remaining_life_p50_s &&
        e.remaining_life_p50_s <= e.remaining_life_p90_s);
  CHECK(e.records_accepted == 24 && e.records_rejected == 2);
  CHECK(pb_est_query(fleet, "nobody", &e) == PB_EST_NOT_FOUND);

  pb_est_estimate all[3];
  size_t written = 0;
  CHECK(pb_est_query_all(fleet, all, 1, &written) == PB_EST_BUFFER_TOO_SMALL && written == 3);
  CHECK(pb_est_query_all(fleet, all, 3, &written) == PB_EST_OK && written == 3);
  CHECK(strcmp(all[2].device_id, "dev-c") == 0);
  const double p50_c = all[2].remaining_life_p50_s;

  /* Snapshot, restore into a new fleet: the same estimates. A damaged blob is refused. */
  size_t size = 0;
  CHECK(pb_est_snapshot(fleet, NULL, 0, &size) == PB_EST_OK && size > 0);
  unsigned char* blob = (unsigned char*)malloc(size);
  CHECK(pb_est_snapshot(fleet, blob, size, &size) == PB_EST_OK);
  pb_est_fleet* restored = NULL;
  CHECK(pb_est_create("mast-monitor", profiles, overrides, 1, &restored) == PB_EST_OK);
  CHECK(pb_est_restore(restored, blob, size) == PB_EST_OK);
  CHECK(pb_est_device_count(restored) == 3);
  CHECK(pb_est_query(restored, "dev-c", &e) == PB_EST_OK && e.remaining_life_p50_s == p50_c);
  blob[size / 2] ^= 0x5a;
  CHECK(pb_est_restore(restored, blob, size) == PB_EST_BAD_SNAPSHOT);
  CHECK(strstr(pb_est_last_error(restored), "checksum") != NULL);
  CHECK(pb_est_device_count(restored) == 3);
  free(blob);

  CHECK(pb_est_ingest(NULL, batch, 1, NULL, NULL) == PB_EST_BAD_ARGUMENT);
  pb_est_destroy(restored);
  pb_est_destroy(fleet);
  pb_est_destroy(NULL);
  if (failures == 0) printf("c_abi_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
