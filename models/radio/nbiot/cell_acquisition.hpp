// What a UE receives before it may access the cell after sleeping: synchronisation, the master
// information block and — when its stored copy is no longer valid — the system information.
//
// Synchronisation (TS 36.211 §10.2.7): NPSS in subframe 5 of every frame, NSSS in subframe 9 of
// every even frame (every frame standalone). The NSSS carries the physical cell identity and the
// 80 ms frame timing, 504 × 4 hypotheses ≈ 11 bits; the UE accumulates NSSS occasions until that
// detection closes at its downlink SINR. The same link-level law as the data channels prices it
// (link_adaptation.hpp: the NPDSCH modified-Shannon fit for the bits in one subframe, repetitions
// with the combining exponent): an assumption — no published per-SINR synchronisation time was
// found — that makes the time continuous in coupling loss instead of a constant per CE level.
//
// MIB-NB (TS 36.331 §5.2.1.2a, TS 36.211 §10.2.4): 34 bits + 16 CRC on NPBCH in subframe 0 of
// every frame; each 80 ms block is self-decodable, so a UE needs as many NPBCH subframes as its
// SINR asks, one per 10 ms frame. The UE reads it after every PSM sleep: it gives the frame
// number and systemInfoValueTag, which says whether the stored system information still holds.
//
// SIB1-NB and the SI messages (SIB2-NB, SIB3-NB, …; TS 36.331 §5.2.1.2a, TS 36.213 §16.4.1.3):
// SIB1-NB in subframe 4 of every other frame over 16 frames (8 subframes, 160 ms), repeated 4, 8
// or 16 times evenly over its 2.56 s period; each SI message in its window every si-Periodicity,
// 8 consecutive subframes repeated every other frame (si-RepetitionPattern) inside the window. The UE reads them when its stored copy is no longer valid:
// TS 36.331 §5.2.1.3 lets a UE keep system information for 3 hours after it last confirmed it
// valid (reading MIB-NB confirms it while the value tag is unchanged), so a device that wakes more
// often never re-reads it. Between the subframes it needs, the UE waits in light sleep.
#pragma once

#include "models/radio/nbiot/link_adaptation.hpp"

namespace pb::models::radio::nbiot {

// The operator's broadcast schedule (SIB1-NB scheduling in MIB-NB, SI scheduling in SIB1-NB).
struct SystemInformationSchedule {
  int sib1_repetitions = 16;        // 4, 8 or 16 per 2.56 s (schedulingInfoSIB1-NB)
  int sib1_tbs_bits = 680;          // 208, 328, 440 or 680
  double si_periodicity_s = 0.64;   // rf64 … rf4096
  int si_tbs_bits = 680;            // si-TB of each SI message, 56 … 680 bits
  int si_messages = 1;              // SI messages the UE needs (SIB2-NB and SIB3-NB may share one)
  double si_repetition_spacing_s = 0.02;  // si-RepetitionPattern: every 2nd radio frame
  double validity_s = 3.0 * 3600.0;       // stored system information validity (TS 36.331 §5.2.1.3)
  bool operator==(const SystemInformationSchedule&) const = default;
};

// Radio time of the acquisition steps at one downlink SINR.
struct AcquisitionTimes {
  double sync_receive_s = 0.0;       // NPSS/NSSS accumulation
  double mib_receive_s = 0.0;        // NPBCH subframes (the UE stays on between them)
  double system_information_receive_s = 0.0;   // SIB1-NB and SI-message subframes
  double system_information_sleep_s = 0.0;     // waiting for them, light sleep
};

inline constexpr double kRadioFrame_s = 10e-3;
// NSSS: 504 cell identities × 4 frame-timing hypotheses (TS 36.211 §10.2.7.2).
inline constexpr double kSyncHypothesisBits = 10.98;
// MIB-NB: 34 information bits + 16 CRC bits (TS 36.212 §6.4.1, TS 36.331 MasterInformationBlock-NB).
inline constexpr int kMibBits = 34 + 16;
// A SIB1-NB transport block occupies 8 subframes (subframe 4 of every other frame), an SI message
// 8 consecutive subframes (TS 36.213 §16.4.1.3; TS 36.331 si-TB 680 bits on 8 subframes).
inline constexpr int kBroadcastBlockSubframes = 8;
// SIB1-NB repeats over a 2.56 s period (TS 36.331 §5.2.1.2a).
inline constexpr double kSib1Period_s = 2.56;

AcquisitionTimes CellAcquisition(const LinkBudgetParams& budget, const SystemInformationSchedule& schedule,
                                 double downlink_sinr_dB);

}  // namespace pb::models::radio::nbiot
