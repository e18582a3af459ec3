// The resources of one NB-IoT carrier (one 180 kHz PRB) and what the anchor carrier spends on
// itself before any device is served.
//
// Downlink (TS 36.211 §10.2): 1000 subframes of 1 ms per second. On the anchor carrier
//   NPBCH  subframe 0 of every radio frame                    100 /s  (§10.2.4)
//   NPSS   subframe 5 of every radio frame                    100 /s  (§10.2.7.1)
//   NSSS   subframe 9 of every even radio frame                50 /s  (§10.2.7.2)
//   SIB1-NB subframe 4 of every other frame over 16 frames, i.e. 8 subframes per repetition,
//          R = 4, 8 or 16 repetitions per 2560 ms (TS 36.213 §16.4.1.3, TS 36.331
//          schedulingInfoSIB1)                                 8·R / 2.56 s
//   other system information (SIB2-NB, SIB3-NB, ...): a scenario figure in subframes per second.
// What is left carries NPDCCH and NPDSCH for all devices: available_dl = 1000 − overhead /s.
//
// Uplink (TS 36.211 §10.1): 180 kHz, counted as bandwidth × time (Hz·s per second). NPRACH
// (§10.1.6, 3.75 kHz preamble subcarriers) reserves, per CE level c, N_c subcarriers (12, 24,
// 36 or 48; TS 36.331 nprach-NumSubcarriers) for the preamble duration × repetitions once per
// NPRACH period: reserved_c = N_c · 3.75 kHz · T_preamble·R_c / T_period,c. NPUSCH gets the rest.
// Each subcarrier of an opportunity is one preamble (the start subcarrier of the hopping
// pattern), so N_c is also the number of preambles per opportunity.
#pragma once

#include <array>

#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::engine::cell {

inline constexpr double kCarrierBandwidth_Hz = 180e3;      // 12 × 15 kHz (TS 36.211 §10.1.2)
using models::radio::nbiot::kSubframe_s;                   // TS 36.211 §4.1
inline constexpr double kSubframesPerSecond = 1.0 / kSubframe_s;
inline constexpr double kNprachSubcarrierSpacing_Hz = 3.75e3;  // TS 36.211 §10.1.6.2
inline constexpr int kMaxNprachSubcarriers = 48;          // 180 kHz / 3.75 kHz
inline constexpr double kNpbchSubframesPerSecond = 100.0;  // subframe 0 of each 10 ms frame
inline constexpr double kNpssSubframesPerSecond = 100.0;   // subframe 5 of each frame
inline constexpr double kNsssSubframesPerSecond = 50.0;    // subframe 9 of even frames
inline constexpr double kSib1SubframesPerRepetition = 8.0; // every other frame over 16 frames
inline constexpr double kSib1Period_s = 2.56;              // SIB1-NB modification period

struct CarrierParams {
  // NPRACH subcarriers (= preambles per opportunity) of CE levels 0, 1, 2: 12, 24, 36 or 48.
  std::array<int, models::radio::nbiot::kNumCeLevels> nprach_subcarriers{};
  int sib1_repetitions = 0;                          // 4, 8 or 16 per 2560 ms
  double other_system_information_subframes_per_s = 0.0;
  bool operator==(const CarrierParams&) const = default;
};

// Subframes per second the anchor carrier spends on NPBCH, NPSS, NSSS and system information.
double AnchorOverheadSubframes_per_s(const CarrierParams& carrier);
// Subframes per second left for NPDCCH and NPDSCH. Throws std::invalid_argument when none is left.
double AvailableDownlinkSubframes_per_s(const CarrierParams& carrier);

// Uplink bandwidth × time NPRACH of one CE level reserves per second (Hz·s/s = Hz).
double NprachReservation_Hz(const CarrierParams& carrier, const models::radio::nbiot::CeLevelParams& ce, int ce_level);
// What NPUSCH can use: 180 kHz less every CE level's NPRACH reservation. Throws
// std::invalid_argument when NPRACH takes the whole uplink.
double AvailableUplink_Hz(const CarrierParams& carrier, const models::radio::nbiot::NetworkParams& network);

}  // namespace pb::engine::cell
