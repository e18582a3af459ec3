// The process model's source of truth for a primary cell: what the device profile says a
// device spends, as a function of what a report tells (coverage, reports sent, FOTA). Built
// once per fleet from engine::ComputeBudget on a grid of coupling losses (1 dB steps over the
// network's whole range), so the filter's per-record prediction is a table lookup and no second
// copy of the radio model exists.
//
// The budget's activities are split by what drives them:
//   per report: report, rrc_inactivity_tail, security_handshake, lwm2m_registration,
//               mqtt_keepalive, mcu_active, sensor, idle_paging (the active time after each
//               connection)
//   per FOTA:   fota (download, flash, secure boot, re-registration, rollback share)
//   per second: psm_floor, mcu_sleep, supply_quiescent, tau, floor and measured events
// Charge between two reports (n reports sent, f FOTA updates, dt seconds, at coupling loss L):
//   D = floor_A(L) dt + n q_report_C(L) + f q_fota_C(L)
// The PSM floor shrinks a little when more reports are sent; at NB-IoT duty cycles (< 1 %)
// the error of holding it is below 0.1 % of D.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/device_profile.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {

struct DrainBin {
  double coupling_loss_dB = 0.0;
  int ce_level = 0;
  double report_C = 0.0;        // charge per report, all per-report activities
  double floor_A = 0.0;         // time-driven current
  double fota_C = 0.0;          // charge per FOTA update
  double pulse_current_A = 0.0; // battery current during an uplink transmission
  double report_var_C2 = 0.0;   // variance of report_C over the coverage uncertainty (smoothed tables)
  double fota_var_C2 = 0.0;     // the same for fota_C: a FOTA near a CE boundary costs one level or the other
  std::string largest_report_activity;  // the per-report activity with the most charge
  bool operator==(const DrainBin&) const = default;
};

struct DrainTable {
  std::vector<DrainBin> bins;     // ascending coupling loss, 1 dB apart
  double min_coupling_loss_dB = 0.0;
  std::array<double, 2> ce_upper_dB{};  // CE0 and CE1 upper bounds (CE2 up to the last bin)
  // The device as planned: its profile's coupling loss and reporting interval.
  double nominal_coupling_loss_dB = 0.0;
  double nominal_report_interval_s = 0.0;
  double nominal_fota_per_s = 0.0;
  double nominal_current_A = 0.0;       // budget average battery current
  double battery_voltage_V = 0.0;
  DrainBin plan;                        // the bin at the nominal coupling loss, never smoothed
  bool operator==(const DrainTable&) const = default;

  // The bin for a coupling loss, clamped to the table; a reported CE level clamps the coupling
  // loss into that level's range first (ce_level < 0: not reported).
  const DrainBin& At(double coupling_loss_dB, int ce_level = -1) const;
  int IndexOf(double coupling_loss_dB, int ce_level = -1) const;
  const DrainBin& Nominal() const { return plan; }
  // Reports per day at the planned interval (0 for a device that does not report).
  double PlannedReportsPerDay() const {
    return nominal_report_interval_s > 0.0 ? units::kSecondsPerDay / nominal_report_interval_s : 0.0;
  }
  // A bin's current at the planned interval: its floor and its reports, FOTA apart.
  double BaseCurrent_A(const DrainBin& bin) const {
    return bin.floor_A + (nominal_report_interval_s > 0.0 ? bin.report_C / nominal_report_interval_s : 0.0);
  }
  // Representative coupling loss of a CE level when only the level is reported.
  double CeLevelCentre_dB(int ce_level) const;
};

// Evaluates the budget at every grid point (throws engine::ProfileError for a profile the
// budget rejects).
DrainTable BuildDrainTable(const engine::DeviceProfile& profile);

// The expected cost given a coupling loss known only to within sd_dB (a reported RSRP is a
// noisy measurement, and the link moves between reports): each bin becomes the Gaussian-
// weighted mean of its neighbours, clamped at the table's ends. Near a CE-level boundary a
// report's cost jumps several-fold; without this the estimator would charge a whole CE level
// for a 1 dB error in the signal strength.
DrainTable SmoothDrainTable(const DrainTable& table, double sd_dB);

}  // namespace pb::engine::estimation
