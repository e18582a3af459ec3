// What the NB-IoT network decides for a device: coverage-enhancement (CE) levels with their
// repetitions and link settings, open-loop power control, RRC timers, core-network round trip
// and NAT timeout, paging cycle, and the NAS timers it grants.
//
// CE level selection (TS 36.321 §5.1.1, TS 36.331 rsrp-ThresholdsPrachInfoList): the UE picks
// the NPRACH resource by RSRP thresholds; we express the thresholds as coupling loss, the
// quantity TR 45.820 evaluates at (144/154/164 dB).
#pragma once

#include <array>
#include <optional>
#include <string>

namespace pb::models::radio::nbiot {

struct CeLevelParams {
  int nprach_repetitions;
  double nprach_periodicity_s;
  int nprach_preamble_format;
  int npdcch_repetitions;         // Rmax of the UE-specific search space
  int paging_npdcch_repetitions;  // Rmax of the paging (Type-1 common) search space
  int npdsch_repetitions;
  int npdsch_itbs;
  int npusch_repetitions;
  int npusch_itbs;
  int npusch_subcarriers;
  double npusch_subcarrier_spacing_kHz;
  int harq_ack_repetitions;
  double sync_time_s;                // NPSS/NSSS acquisition after PSM
  double system_information_time_s;  // MIB-NB + SIB1-NB + SIB2-NB
  bool operator==(const CeLevelParams&) const = default;
};

inline constexpr int kNumCeLevels = 3;

struct NetworkParams {
  std::string name;
  double ce0_max_coupling_loss_dB;
  double ce1_max_coupling_loss_dB;
  double max_coupling_loss_dB;
  std::array<CeLevelParams, kNumCeLevels> ce_levels;

  // Open-loop power control (TS 36.213 §16.2.1.1.1 NPUSCH, §16.3.1 NPRACH).
  double npusch_p0_dBm;
  double npusch_alpha_frac;
  double nprach_target_received_power_dBm;

  double inactivity_timer_s;  // RRC inactivity timer (network side)
  double cdrx_cycle_s;
  double cdrx_on_duration_s;
  bool release_assistance_supported;
  double scheduling_gap_s;  // NPDCCH-to-data and data-to-next-grant delay

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

}  // namespace pb::models::radio::nbiot
