// What the NB-IoT network decides for a device: coverage-enhancement (CE) levels with their
// NPRACH resources and search spaces, the link budget of its carrier, open-loop power control,
// the broadcast schedule of its system information, RRC timers, core-network round trip and NAT timeout, paging cycle, and the NAS timers it grants.
//
// CE level selection (TS 36.321 §5.1.1, TS 36.331 rsrp-ThresholdsPrachInfoList in SIB2-NB): the
// UE picks the NPRACH resource by comparing its RSRP with the operator's thresholds. RSRP is the
// NRS power per resource element less the coupling loss; with the NRS at the carrier's power
// spread over its 12 subcarriers, RSRP = P_carrier − 10·log10(12) − CL, so the loader turns the
// operator's RSRP thresholds into the coupling losses kept here (TR 45.820 evaluates at coupling
// loss, 144/154/164 dB). The CE level fixes the NPRACH resource (repetitions, periodicity) and the
// NPDCCH search space (Rmax, G); inside the level the eNB adapts the data channels to the UE's
// SINR (link_adaptation.hpp).
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string>

#include "models/radio/nbiot/cell_acquisition.hpp"
#include "models/radio/nbiot/link_adaptation.hpp"

namespace pb::models::radio::nbiot {

struct CeLevelParams {
  int nprach_repetitions;
  double nprach_periodicity_s;
  int nprach_preamble_format;
  int npdcch_repetitions;         // Rmax of the UE-specific search space
  double npdcch_search_space_g;   // G: the search space starts every G·Rmax subframes (TS 36.213 §16.6)
  int paging_npdcch_repetitions;  // Rmax of the paging (Type-1 common) search space
  bool operator==(const CeLevelParams&) const = default;
};

inline constexpr int kNumCeLevels = 3;

// The delays the scheduler leaves between a DCI, the data and the acknowledgement (TS 36.213):
// NPDSCH starts 5 subframes + k0 after the end of its DCI N1 (§16.4.1); the HARQ-ACK starts k0 − 1
// subframes after the end of the NPDSCH (§16.4.2); NPUSCH starts k0 subframes after the end of its
// DCI N0 (§16.5.1); after an uplink transmission the UE need not monitor the NPDCCH for 3
// subframes (§16.6, kUplinkToGrant_s, fixed by the standard). The network's scheduler chooses
// each k0 from the allowed set.
struct SchedulingDelays {
  double npdsch_delay_s = 5e-3;      // DCI N1 end → NPDSCH start (5 ms + k0)
  double harq_ack_delay_s = 12e-3;   // NPDSCH end → HARQ-ACK start (k0 − 1 ms)
  double npusch_delay_s = 8e-3;      // DCI N0 end → NPUSCH start (k0)
  bool operator==(const SchedulingDelays&) const = default;
};
// TS 36.213 §16.6: no NPDCCH monitoring in the 3 subframes after an NPUSCH transmission.
inline constexpr double kUplinkToGrant_s = 3e-3;
// TS 36.213 §16.4.1: NPDSCH starts at subframe n + 5 + k0 after the DCI ending in subframe n.
inline constexpr double kNpdschMinimumDelay_s = 5e-3;

// What SIB2-NB configures for random access (TS 36.331 RACH-ConfigCommon-NB-r13,
// PowerRampingParameters, RACH-Info-NB-r13, NPRACH-Parameters-NB-r13). Values from the network
// profile; allowed values in the comments. preambleInitialReceivedTargetPower is the network's
// nprach_target_received_power_dBm (NetworkParams), not repeated here.
struct RandomAccessSettings {
  double power_ramping_step_dB = 2.0;  // 0, 2, 4, 6 dB
  // maxNumPreambleAttemptCE-r13 of each CE level: 3, 4, 5, 6, 7, 8, 10.
  std::array<int, kNumCeLevels> max_preamble_attempts_per_ce_level{3, 3, 3};
  int preamble_trans_max = 10;        // preambleTransMax-CE-r13: 3, 4, 5, 6, 7, 8, 10, 20, 50, 100, 200
  double backoff_indicator_s = 0.0;   // TS 36.321 Table 7.2-2 (NB-IoT): 0, 0.256, 0.512, …, 524.288 s
  // ra-ResponseWindowSize-r13 of each CE level, in NPDCCH periods: 2, 3, 4, 5, 6, 7, 8, 10.
  std::array<int, kNumCeLevels> rar_window_npdcch_periods{5, 5, 5};
  bool operator==(const RandomAccessSettings&) const = default;
};

struct NetworkParams {
  std::string name;
  double ce0_max_coupling_loss_dB;
  double ce1_max_coupling_loss_dB;
  double max_coupling_loss_dB;
  std::array<CeLevelParams, kNumCeLevels> ce_levels;
  LinkBudgetParams link_budget;
  SystemInformationSchedule system_information;  // broadcast schedule and validity (cell_acquisition.hpp)

  // Open-loop power control (TS 36.213 §16.2.1.1.1 NPUSCH, §16.3.1 NPRACH).
  double npusch_p0_dBm;
  double npusch_alpha_frac;
  double nprach_target_received_power_dBm;

  double inactivity_timer_s;  // RRC inactivity timer (network side)
  double cdrx_cycle_s;
  double cdrx_on_duration_s;
  bool release_assistance_supported;
  SchedulingDelays scheduling;
  RandomAccessSettings random_access;  // preamble retries (random_access_attempts.hpp)  // NPDCCH-to-data, data-to-acknowledgement and uplink-to-grant delays

  double server_rtt_s;  // eNB ↔ application server round trip
  double nat_binding_timeout_s;
  double idle_drx_cycle_s;

  // NAS timers the network grants; nullopt = grants what the device requests.
  std::optional<double> granted_t3412_s;
  std::optional<double> granted_t3324_s;
  std::optional<double> granted_edrx_cycle_s;
  std::optional<double> granted_ptw_s;
  bool operator==(const NetworkParams&) const = default;
};

// NRS power per resource element: the carrier's power over its 12 subcarriers (TS 36.213 §16.2.2:
// nrs-Power is the NRS EPRE; no power boosting assumed).
inline double NrsPowerPerResourceElement_dBm(const LinkBudgetParams& budget) {
  return budget.enb_tx_power_dBm - 10.0 * std::log10(12.0);
}

}  // namespace pb::models::radio::nbiot
