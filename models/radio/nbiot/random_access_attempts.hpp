// How many preambles one NB-IoT random access takes, and what the failed ones cost: missed
// detection at the eNB, collisions with other devices, power ramping, back-off, the move to the
// next CE level, and the access given up.
//
// The MAC procedure (TS 36.321 Rel-13 §5.1):
// - §5.1.3 transmission: PREAMBLE_RECEIVED_TARGET_POWER = preambleInitialReceivedTargetPower +
//   DELTA_PREAMBLE + (PREAMBLE_TRANSMISSION_COUNTER − 1)·powerRampingStep; for NB-IoT at
//   enhanced-coverage level 0 less 10·log10(numRepetitionsPerPreambleAttempt), at levels > 0 the
//   target is the UE's maximum output power. DELTA_PREAMBLE is taken as 0 dB: TS 36.321 §7.6
//   gives offsets for the LTE PRACH formats 0-4 only.
// - TS 36.213 §16.3.1 (without enhanced random-access power control, Rel-15): at the lowest
//   configured repetition level P_NPRACH = min(P_CMAX, NARROWBAND_PREAMBLE_RECEIVED_TARGET_POWER
//   + PL); at the other levels P_NPRACH = P_CMAX. PL is the coupling loss, as in link.hpp.
// - §5.1.4 reception: the UE monitors the RAR window (ra-ResponseWindowSize-r13, 2..10 NPDCCH
//   periods of the level's common search space, TS 36.331 RACH-Info-NB-r13), starting 3
//   subframes after the preamble. No RAR for its preamble: the attempt failed. A RAR but another
//   device's identity in Msg4 (§5.1.5 contention resolution): the attempt failed too.
// - After a failed attempt the UE waits a back-off drawn uniformly in [0, Backoff Parameter]
//   (§5.1.4, §5.1.5; the Backoff Indicator of the RAR's MAC subheader, NB-IoT values in Table
//   7.2-2: 0, 256, 512, …, 524288 ms), then the next NPRACH opportunity of its level.
// - After maxNumPreambleAttemptCE failed attempts on one level (TS 36.331 3..10 per level) the
//   UE moves to the next CE level (it stays on the last); after preambleTransMax-CE attempts in
//   all (TS 36.331 3..200) it reports a random-access problem to RRC: the access failed.
//
// One attempt fails with f = 1 − Pd·(1 − Pc): Pd the preamble's detection probability at its
// received SNR, Pc the probability that another device picked the same preamble (an input: the
// cell model, engine/cell/random_access.hpp, computes it per CE level from the load).
//
// Pd against the SNR in the 180 kHz carrier (thermal noise, the eNB noise figure and the uplink
// interference margin of the link budget, link_adaptation.hpp) is the logistic fitted to the
// NPRACH detection curves of Hwang, Li & Ma, "Efficient detection and synchronization of
// superimposed NB-IoT NPRACH preambles", IEEE IoT Journal 6(1):1173-1182, 2019, as a public
// NB-IoT MAC simulator uses them (channel model of J. J. Alcaraz's NB-IoT simulator, Python
// `nprach_paramerters`): Pd = 1 / (1 + exp(−k·(SNR − SNR50(R)))),
//   SNR50(R) = −26.66 dB − 1.6 dB·log2(R),  k = 0.3227 per dB.
// Its 99 % point is SNR50 + ln(99)/k = −12.4 dB − 1.6 dB·log2(R); as energy, −12.4 dB in 180 kHz
// over one 5.6 ms repetition is 17.6 dB, near the 20 dB per preamble that the bundled networks'
// repetitions were sized with (docs/profile-sources.md, "Repetitions from a link budget"). The
// 3GPP requirement has the same form but gives one point per configuration, in a faded channel,
// not a curve: Pd ≥ 99 % at a stated SNR per preamble format and repetition count (TS 36.104
// §8.5.3; conformance test TS 36.141 §8.5.3, Table 8.5.3.5-1, e.g. format 0, 8 repetitions,
// 2 Rx antennas, EPA 1 Hz, 200 Hz offset: 6.7 dB per resource element, as the MathWorks LTE
// Toolbox example "NB-IoT PRACH Detection and False Alarm Conformance Test" quotes it), so the
// fitted curve is used. Formats 0 and 1 differ only in the cyclic prefix, which the detector
// discards, so one curve serves both.
//
// Expected values over the chain of attempts, exact (no simulation): reach(1) = 1,
// reach(n+1) = reach(n)·f(n); E[attempts] = Σ reach(n); P(failure) = reach(N)·f(N). With the
// same f everywhere E[attempts] = (1 − f^N)/(1 − f), the form the cell model uses.
//
// Approximations: attempts fail independently (the back-off spreads them); a failed attempt
// always waits the back-off the cell signals (the UE learns the BI from a RAR MAC PDU, which a
// device in deep coverage may not have decoded); a collided attempt costs the RAR, Msg3 and Msg4
// exchange of a successful one (the caller prices it, see expected_collisions); no capture effect.
#pragma once

#include <array>
#include <vector>

#include "models/radio/modem.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::models::radio::nbiot {

// RandomAccessSettings (what SIB2-NB configures) lives with the network (network.hpp).

// Throws std::invalid_argument naming the setting when one is outside the values above.
void CheckRandomAccessSettings(const RandomAccessSettings& settings);

struct RandomAccessConditions {
  double coupling_loss_dB = 0.0;
  int first_ce_level = 0;  // the level the UE starts on (RSRP, or pinned by the network)
  // Probability that an attempt on each level's NPRACH collides (engine/cell SolveAccess).
  std::array<double, kNumCeLevels> collision_probability_frac{};
  // Stop walking the chain once the probability of reaching the next attempt falls below this:
  // the expectations then miss less than this share of a further attempt's cost. 0 walks all
  // preamble_trans_max attempts (and gives the failure probability of the whole chain).
  double negligible_reach_probability_frac = 0.0;
};

// Logistic fit of the NPRACH detection probability (sources above).
inline constexpr double kNprachSnr50SingleRepetition_dB = -26.656;
inline constexpr double kNprachSnr50PerDoubling_dB = -1.6;
inline constexpr double kNprachDetectionSlope_perdB = 0.3227;

// Detection probability of one preamble attempt with `repetitions` at an SNR in 180 kHz.
double PreambleDetectionProbability(double snr_dB, int repetitions);
// SNR of a preamble sent at tx_power_dBm over the coupling loss, in the 180 kHz carrier.
double PreambleSnr_dB(const LinkBudgetParams& budget, double tx_power_dBm, double coupling_loss_dB);
// Transmit power of the attempt with PREAMBLE_TRANSMISSION_COUNTER = transmission_counter on a
// CE level (TS 36.321 §5.1.3, TS 36.213 §16.3.1).
double PreambleTxPower_dBm(const ModemParams& modem, const NetworkParams& network,
                           const RandomAccessSettings& settings, int ce_level, int transmission_counter,
                           double coupling_loss_dB);
// The RAR window of a CE level: ra-ResponseWindowSize NPDCCH periods of G·Rmax subframes
// (TS 36.213 §16.6; the level's search space stands in for the RA common search space).
double RarWindow_s(const CeLevelParams& ce, int npdcch_periods);

// One preamble transmission of the access.
struct PreambleAttempt {
  int transmission_counter = 1;  // PREAMBLE_TRANSMISSION_COUNTER, from 1
  int ce_level = 0;
  double tx_power_dBm = 0.0;
  double preamble_duration_s = 0.0;
  double received_snr_dB = 0.0;
  double detection_probability_frac = 0.0;
  double failure_probability_frac = 0.0;  // 1 − Pd·(1 − Pc)
  double reach_probability_frac = 0.0;    // the access gets this far
};

struct RandomAccessAttempts {
  std::vector<PreambleAttempt> attempts;  // in order: preamble_trans_max, fewer when the walk stopped early
  double expected_attempts = 1.0;         // preamble transmissions per access
  double first_preamble_duration_s = 0.0;  // one attempt on the first level
  // Expected preamble air time over the air time of one attempt on the first level.
  double preamble_airtime_factor = 1.0;
  double expected_preamble_airtime_s = 0.0;
  // Expected NPRACH charge over all attempts, each at its own ramped power's current.
  double expected_preamble_charge_C = 0.0;
  double expected_missed_detections = 0.0;  // attempts that got no RAR
  double expected_collisions = 0.0;         // attempts lost at contention resolution
  // Time beyond one successful first attempt: RAR windows waited out by missed attempts (the UE
  // monitors the search space), and back-offs plus waits for the next NPRACH opportunity.
  double expected_rar_window_wait_s = 0.0;
  double expected_backoff_wait_s = 0.0;
  double expected_extra_wait_s = 0.0;  // the sum of the two
  // Probability that the access reaches each CE level (1 for the first; it moved up otherwise).
  std::array<double, kNumCeLevels> reach_ce_level_probability_frac{};
  double failure_probability_frac = 0.0;  // all attempts walked failed (the chain's end, if walked to it)
};

// Throws std::invalid_argument for invalid settings, a first CE level outside 0..2 or a collision
// probability outside [0, 1].
RandomAccessAttempts ExpectedRandomAccessAttempts(const ModemParams& modem, const NetworkParams& network,
                                                  const RandomAccessSettings& settings,
                                                  const RandomAccessConditions& conditions);
// The same expectations without the list of attempts and the charge (attempts empty,
// expected_preamble_charge_C 0): what the budget needs at every coupling loss, without
// allocating.
RandomAccessAttempts ExpectedRandomAccessTotals(const ModemParams& modem, const NetworkParams& network,
                                                const RandomAccessSettings& settings,
                                                const RandomAccessConditions& conditions);

}  // namespace pb::models::radio::nbiot
