// NB-IoT physical-layer airtime: how long a payload occupies NPUSCH/NPDSCH/NPDCCH/NPRACH.
//
// Transport-block sizes come from 3GPP TS 36.213 (Rel-13/14):
//   NPDSCH: Table 16.4.1.5.1-1, TBS(I_TBS, I_SF), N_SF = {1,2,3,4,5,6,8,10} subframes of 1 ms.
//   NPUSCH format 1: Table 16.5.1.2-2, TBS(I_TBS, I_RU), N_RU = {1,2,3,4,5,6,8,10} resource units.
// Resource-unit duration (TS 36.211 Table 10.1.2.3-1): 15 kHz spacing: 1 tone 8 ms, 3 tones 4 ms,
// 6 tones 2 ms, 12 tones 1 ms; 3.75 kHz spacing: 1 tone 32 ms.
// NPRACH preamble (TS 36.211 §10.1.6): a symbol group is a cyclic prefix plus 5 symbols of
// 266.67 us; format 0 CP 66.67 us (1.4 ms/group), format 1 CP 266.67 us (1.6 ms/group);
// 4 symbol groups per repetition.
// NPUSCH format 2 (HARQ-ACK) uses one tone and one resource unit of 4 slots: 2 ms at 15 kHz,
// 8 ms at 3.75 kHz (TS 36.211 Table 10.1.2.3-1).
//
// Category limits (TS 36.306 §4.1C): Cat-NB1 max TBS 680 bits DL / 1000 bits UL;
// Cat-NB2 2536 bits both ways.
//
// Approximation (documented in docs/models.md): a payload is segmented into transport blocks of
// the largest TBS allowed by the category at the configured I_TBS; the last block uses the
// smallest N_SF / N_RU whose TBS carries the remaining bits. Airtime is counted as the on-air
// duration times repetitions; scheduling gaps are added by the caller (the report procedure).
#pragma once

#include <cstdint>

namespace pb::models::radio::nbiot {

enum class UeCategory { kNB1, kNB2 };

inline constexpr int kMaxItbs = 13;  // I_TBS 0..13 in both tables (13 only for Cat-NB2)
inline constexpr int kNumIsf = 8;    // I_SF 0..7
inline constexpr int kNumIru = 8;    // I_RU 0..7
inline constexpr double kSubframe_s = 1e-3;  // TS 36.211 §4.1, §10.1.1: NPDSCH and NPDCCH count in 1 ms subframes

// TBS in bits; throws std::out_of_range when (itbs, index) is not in the table (itbs outside
// 0..13, isf/iru outside 0..7). Both tables are the full Rel-14 tables (no empty cells): the
// cells that the Rel-13 tables left empty are exactly those above the Cat-NB1 limits (680 bits
// DL, 1000 bits UL), so the category limit, not the lookup, keeps Cat-NB1 inside Rel-13.
int NpdschTbsBits(int itbs, int isf);
int NpuschTbsBits(int itbs, int iru);
int SubframesForIsf(int isf);        // N_SF; std::out_of_range outside 0..7
int ResourceUnitsForIru(int iru);    // N_RU; std::out_of_range outside 0..7

int MaxDownlinkTbsBits(UeCategory category);
int MaxUplinkTbsBits(UeCategory category);

// Resource-unit duration; throws std::invalid_argument for an invalid tone/spacing combination.
double ResourceUnitDuration_s(int subcarriers, double subcarrier_spacing_kHz);

struct UplinkLink {
  int subcarriers = 1;                  // 1, 3, 6 or 12 (15 kHz); 1 (3.75 kHz)
  double subcarrier_spacing_kHz = 15.0; // 15 or 3.75
  int itbs = 0;                         // 0..12 (NB1), 0..13 (NB2); 0..10 with 1 subcarrier
  int repetitions = 1;                  // 1, 2, 4, ..., 128 (TS 36.213 Table 16.5.1.1-3)
  UeCategory category = UeCategory::kNB1;
};

struct DownlinkLink {
  int itbs = 0;         // 0..12 (NB1), 0..13 (NB2)
  int repetitions = 1;  // 1, 2, 4, ..., 128, 192, 256, 384, 512, 768, 1024, 1536, 2048
                        // (TS 36.213 Table 16.4.1.3-2)
  UeCategory category = UeCategory::kNB1;
};

struct Transfer {
  int transport_blocks = 0;
  int carried_bits = 0;    // sum of the TBS of all blocks (>= payload bits)
  double airtime_s = 0.0;  // on-air time including repetitions
};

// Airtime to carry payload_bits (>= 0; 0 gives an empty Transfer). Throws std::invalid_argument
// for out-of-range link parameters.
Transfer UplinkTransfer(int payload_bits, const UplinkLink& link);
Transfer DownlinkTransfer(int payload_bits, const DownlinkLink& link);

// One NPRACH attempt: 4 symbol groups per repetition. format is 0 or 1; repetitions 1, 2, 4,
// ..., 128 (numRepetitionsPerPreambleAttempt). Throws std::invalid_argument otherwise.
double NprachPreambleDuration_s(int format, int repetitions);

// NPUSCH format 2 HARQ-ACK airtime for one acknowledgement with repetitions (1, 2, 4, ..., 128,
// ack-NACK-NumRepetitions); spacing 15 or 3.75 kHz. Throws std::invalid_argument otherwise.
double HarqAckDuration_s(double subcarrier_spacing_kHz, int repetitions);

}  // namespace pb::models::radio::nbiot
