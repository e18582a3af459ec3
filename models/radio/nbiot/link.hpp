// The radio link a device gets at a given coupling loss: its CE level, transmit powers, and the
// data rates, repetitions and tones the eNB adapts to its SINR inside the level
// (link_adaptation.hpp), as time per bit, per grant and per acknowledgement.
//
// NPUSCH power (TS 36.213 §16.2.1.1.1): P = min(P_CMAX, 10·log10(M) + P_O_NPUSCH + α·PL) dBm,
//   M = 1/4 for 3.75 kHz single tone, else the number of 15 kHz tones; with more than 2
//   repetitions the UE transmits at P_CMAX. With the bundled power-control settings the open
//   loop reaches P_CMAX near 130 dB, well before the eNB needs repetitions (beyond ~155 dB), so
//   the second rule adds no step (tests/models/test_link_adaptation.cpp checks continuity).
// NPRACH power (TS 36.321 §5.1.3, TS 36.213 §16.3.1): at CE level 0
//   P = min(P_CMAX, NARROWBAND_PREAMBLE_RECEIVED_TARGET_POWER + PL); at CE levels 1 and 2 the
//   preamble is sent at P_CMAX.
// PL is taken equal to the coupling loss (antenna gains folded in, as in TR 45.820).
#pragma once

#include "models/radio/modem.hpp"
#include "models/radio/modem_tally.hpp"
#include "models/radio/nbiot/link_adaptation.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::models::radio::nbiot {

struct Link {
  int ce_level = 0;
  double coupling_loss_dB = 0.0;
  double npusch_tx_power_dBm = 0.0;
  double nprach_tx_power_dBm = 0.0;
  double npusch_tx_current_A = 0.0;
  double nprach_tx_current_A = 0.0;
  double harq_ack_tx_current_A = 0.0;
  const CeLevelParams* ce = nullptr;  // points into the NetworkParams given to SelectLink
  AdaptedLink adapted;                // rates, tones and repetitions at this coupling loss
  LinkTimes times;                    // per bit, grant and acknowledgement, retransmissions included
  TxCurrents tx_currents() const { return TxCurrents{npusch_tx_current_A, nprach_tx_current_A, harq_ack_tx_current_A}; }
};

// Time per bit, grant and acknowledgement on an adapted link: each block is sent
// transmissions_per_block times on average, each time with its grant and acknowledgement.
LinkTimes TimesOf(const AdaptedLink& link);

// A first-attempt miss probability below this changes no figure the budget prints.
inline constexpr double kNegligibleMissedDetection_frac = 1e-6;
// The chain of retries is walked until reaching the next attempt is this unlikely: what is left
// out is below 1e-12 of an attempt's cost.
inline constexpr double kNegligibleRetryReach_frac = 1e-12;

// NPUSCH transmissions longer than 256 ms are interrupted by a 40 ms gap after every 256 ms, in
// which the UE re-synchronises to the downlink (TS 36.211 §10.1.3.6, Rel-13 uplink gaps for
// coverage enhancement) [R].
inline constexpr double kUplinkGapEvery_s = 0.256;
inline constexpr double kUplinkGap_s = 0.040;
// Gap time within one transmission of this length.
double UplinkGapTime_s(double transmission_s);

// CE level for a coupling loss: 0 up to ce0_max, 1 up to ce1_max, 2 up to max_coupling_loss.
// Throws std::out_of_range above max_coupling_loss_dB (no service).
int CeLevelForCouplingLoss(const NetworkParams& network, double coupling_loss_dB);

double NprachTxPower_dBm(const ModemParams& modem, const NetworkParams& network, int ce_level,
                         double coupling_loss_dB);

Link SelectLink(const ModemParams& modem, const NetworkParams& network, double coupling_loss_dB);
// The same with a CE level forced by the profile (e.g. a network that pins devices to CE2).
Link SelectLinkAtCeLevel(const ModemParams& modem, const NetworkParams& network,
                         double coupling_loss_dB, int ce_level);

}  // namespace pb::models::radio::nbiot
