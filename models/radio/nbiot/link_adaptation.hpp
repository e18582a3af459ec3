// Link adaptation inside a coverage-enhancement level: what an eNB scheduler gives a UE at its
// SINR — data rate, tones, repetitions — turned into airtime per bit, per grant and per HARQ-ACK.
//
// SINR (link budget, TR 45.820 §5 / TR 36.888 MCL form):
//   uplink    SINR_UL = P_UE − CL − (−174 dBm/Hz + 10·log10(BW) + NF_eNB) − I_UL      [dB]
//   downlink  SINR_DL = P_eNB − CL − (−174 dBm/Hz + 10·log10(180 kHz) + NF_UE) − I_DL [dB]
//   P_UE from open-loop power control (link.hpp), BW = tones × subcarrier spacing, I the
//   interference margin (a noise rise).
//
// Rate at one transmission (modified Shannon bound fitted to 3GPP link-level simulations at
// 10 % BLER, Andres-Maldonado et al., "An Analytical Performance Evaluation Framework for
// NB-IoT", IEEE IoT Journal 6(4):7232–7240, 2019, parameter table):
//   SNR_required(r) = SNR_eff · (2^(r / (BW · BW_eff)) − 1)
//   ⇔ r(SINR) = BW · BW_eff · log2(1 + SINR / SNR_eff)
//   NPUSCH multi-tone BW_eff 0.35, SNR_eff 1.00; single tone BW_eff 0.35, SNR_eff 0.60;
//   NPDSCH (and the DCI on NPDCCH) BW_eff 0.58, SNR_eff 1.90.
// The rate lies between the most robust format (I_TBS 0 with the most resource units or
// subframes, TS 36.213 Tables 16.5.1.2-2 and 16.4.1.5.1-1) and the fastest one the UE category
// allows. Below the most robust format's SNR the scheduler repeats it; R repetitions gain
//   G(R) = 10 · γ · log10(R) dB,  γ = 0.58,
// the least-squares fit through TS 36.104 Table 8.5.1.1.1-1 (NPUSCH format 1, 3.75 kHz single
// tone, ETU 1 Hz): required SNR −1.9 / −9.2 / −12.2 dB at 1 / 16 / 64 repetitions (γ = 0.61 for
// 1→16 and 0.57 for 1→64; ideal combining would be γ = 1). The same γ serves every channel: the
// loss against ideal combining is channel estimation at low SNR (Andres-Maldonado et al. 2019,
// σ(SNR) terms), which NPDSCH and NPDCCH share.
//
// Airtime per information bit is then t = R / r: continuous and non-increasing in SINR, so the
// energy of a report is continuous and monotone in coupling loss inside a CE level. Repetitions
// are an expectation, not one of the allowed values {1, 2, 4, …}: the SINR a UE sees varies by
// several dB from one access to the next (shadowing, interference), and averaged over it the
// scheduler's staircase of discrete choices is smooth. For NPUSCH the scheduler chooses the tone
// configuration (3.75 kHz single tone, 15 kHz with 1/3/6/12 tones) that costs the UE the least
// transmit charge per bit (its current at the configuration's open-loop power times the airtime):
// each configuration's cost grows with coupling loss, so their minimum does too, and the report's
// energy never falls as coverage worsens. Choosing by airtime alone would let the UE drop to a
// lower-power configuration deeper in coverage, a gain no eNB scheduler aims at.
//
// A transmission fails with the target BLER and is retransmitted by HARQ: the expected number
// of transmissions of a block is 1 / (1 − BLER), each with its own grant and acknowledgement.
#pragma once

#include "models/radio/modem.hpp"
#include "models/radio/nbiot/airtime.hpp"

namespace pb::models::radio::nbiot {

// How the carrier is deployed (TS 36.300 §5.5a): in-band, NPDSCH shares the PRB with the LTE
// control region and CRS and may use I_TBS 0..10 only (TS 36.213 §16.4.1.5.1).
enum class Deployment { kStandalone, kGuardBand, kInBand };

// What the network's radio side contributes to the link budget.
struct LinkBudgetParams {
  Deployment deployment = Deployment::kStandalone;
  double enb_tx_power_dBm;        // NB-IoT carrier power (per 180 kHz)
  double enb_noise_figure_dB;
  double ue_noise_figure_dB;
  double uplink_interference_margin_dB;
  double downlink_interference_margin_dB;
  // Share of downlink resource elements NPDSCH/NPDCCH can use after NPSS/NSSS/NPBCH/SIB1-NB
  // (and, in-band, the LTE control region and CRS).
  double downlink_resource_share_frac;
  double target_bler_frac;  // first-transmission BLER the scheduler aims at (HARQ retransmits)
  bool operator==(const LinkBudgetParams&) const = default;
};

// Constants of the modified Shannon fit and the repetition gain (sources above).
inline constexpr double kThermalNoiseDensity_dBmPerHz = -174.0;
inline constexpr double kNpuschMultiToneBandwidthEfficiency = 0.35;
inline constexpr double kNpuschMultiToneSnrEfficiency = 1.00;
inline constexpr double kNpuschSingleToneBandwidthEfficiency = 0.35;
inline constexpr double kNpuschSingleToneSnrEfficiency = 0.60;
inline constexpr double kNpdschBandwidthEfficiency = 0.58;
inline constexpr double kNpdschSnrEfficiency = 1.90;
inline constexpr double kRepetitionCombiningExponent = 0.58;
inline constexpr double kNbiotCarrierBandwidth_Hz = 180e3;
// DCI format N0/N1: 23 information bits + 16 CRC bits (TS 36.212 §6.4.3), on one NPDCCH
// subframe at aggregation level 2 (the whole PRB) per repetition.
inline constexpr int kDciBits = 23 + 16;
// NPUSCH format 2 carries one HARQ-ACK bit on one tone per resource unit of 4 slots
// (TS 36.211 Table 10.1.2.3-1).
inline constexpr int kHarqAckBits = 1;

// The UE's NPUSCH power for a tone configuration (TS 36.213 §16.2.1.1.1 open loop, capped).
struct UplinkPowerControl {
  double max_tx_power_dBm;  // P_CMAX
  double p0_dBm;            // P_O_NPUSCH
  double alpha_frac;
};

// One direction's adapted link: airtime per bit at one repetition and the repetitions, and
// what they give per bit on air.
struct AdaptedChannel {
  double sinr_dB = 0.0;
  double rate_bps = 0.0;          // information rate of one transmission (before repetition)
  double repetitions = 1.0;       // expected, >= 1
  double time_per_bit_s = 0.0;    // repetitions / rate, per transmission attempt
  int subcarriers = 12;           // NPUSCH only
  double subcarrier_spacing_kHz = 15.0;
  double tx_power_dBm = 0.0;      // NPUSCH only
  double tx_current_A = 0.0;      // NPUSCH only: the modem's current at tx_power_dBm
};

struct AdaptedLink {
  AdaptedChannel npusch;          // data uplink
  AdaptedChannel npdsch;          // data downlink
  double npdcch_repetitions = 1;  // per DCI, expected, <= Rmax is checked by the caller
  double harq_ack_time_s = 0.0;   // one NPUSCH format 2 acknowledgement, with repetitions
  double harq_ack_tx_power_dBm = 0.0;
  double transmissions_per_block = 1.0;  // 1 / (1 − BLER)
};

// Repetitions needed to reach required_snr_dB at sinr_dB (>= 1).
double RepetitionsNeeded(double required_snr_dB, double sinr_dB);
// SNR one transmission of `bits` over `subframes` downlink subframes needs (the NPDSCH fit above,
// on the whole PRB): for broadcast channels in subframes of their own (NPBCH, SIB1-NB, NSSS).
double DownlinkRequiredSnr_dB(double bits, int subframes);
// Noise power in a bandwidth with a receiver noise figure and an interference margin.
double NoisePower_dBm(double bandwidth_Hz, double noise_figure_dB, double interference_margin_dB);

// The NPUSCH data channel: the tone configuration with the least airtime, each at its power.
AdaptedChannel AdaptUplink(const LinkBudgetParams& budget, const UplinkPowerControl& power, const ModemParams& modem,
                           double coupling_loss_dB);
// The NPDSCH data channel.
AdaptedChannel AdaptDownlink(const LinkBudgetParams& budget, UeCategory category, double coupling_loss_dB);
// Everything a connection needs at this coupling loss.
AdaptedLink AdaptLink(const LinkBudgetParams& budget, const UplinkPowerControl& power, const ModemParams& modem,
                      double coupling_loss_dB);

}  // namespace pb::models::radio::nbiot
