#include "models/radio/nbiot/random_access_attempts.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/procedures.hpp"

namespace pb::models::radio::nbiot {
namespace {

bool OneOf(int value, std::initializer_list<int> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// The message is only built when the check fails: the settings are checked on every access the
// budget evaluates, millions of times a second.
template <typename Message>
void Require(bool ok, Message&& what) {
  if (!ok) throw std::invalid_argument("random access: " + std::string(what()));
}

// 10·log10(2): a doubling of the repetitions in dB.
constexpr double kDecibelsPerDoubling = 3.0102999566398120;

// log2 of a repetition count. Repetitions are powers of two in every configuration (TS 36.331),
// so the log is exact and needs no logarithm: this runs for every preamble attempt of every
// access the budget evaluates.
double Doublings(int repetitions) {
  const auto r = static_cast<unsigned>(repetitions);
  return (r & (r - 1)) == 0 ? std::countr_zero(r) : std::log2(repetitions);
}

// Walks the MAC counters (TS 36.321 §5.1.4) and accumulates the expectations over the chain of
// attempts; with kDetail it also lists the attempts and prices each preamble at its current.
// The two public entry points share this walk so that the chain's rules exist once.
template <bool kDetail>
RandomAccessAttempts Walk(const ModemParams& modem, const NetworkParams& network, const RandomAccessSettings& settings,
                          const RandomAccessConditions& conditions) {
  CheckRandomAccessSettings(settings);
  if (conditions.first_ce_level < 0 || conditions.first_ce_level >= kNumCeLevels)
    throw std::invalid_argument("random access: the first CE level must be 0, 1 or 2");
  for (double p : conditions.collision_probability_frac)
    if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("random access: a collision probability must be in [0, 1]");

  RandomAccessAttempts r;
  if constexpr (kDetail) r.attempts.reserve(static_cast<std::size_t>(settings.preamble_trans_max));
  r.expected_attempts = 0.0;
  // The level changes after its maxNumPreambleAttemptCE attempts, the last level keeps the rest.
  int level = conditions.first_ce_level;
  int attempts_on_level = 0;
  double reach = 1.0;
  PreambleAttempt a;
  // What stays the same on a level, worked out when the walk first reaches it.
  struct Level {
    double preamble_duration_s = 0.0;  // 0: not reached yet
    double missed_wait_s = 0.0;        // a missed attempt waits out the RAR window
    double retry_wait_s = 0.0;         // before a retry on this level
    // The last attempt's power and what it gave: attempts at an unchanged power (every level
    // but the lowest sends at P_CMAX; ramping stops there) are detected alike.
    double tx_power_dBm = std::numeric_limits<double>::quiet_NaN();
    double received_snr_dB = 0.0;
    double detection_probability_frac = 0.0;
  };
  std::array<Level, kNumCeLevels> levels{};
  for (int counter = 1; counter <= settings.preamble_trans_max; ++counter) {
    if (attempts_on_level == settings.max_preamble_attempts_per_ce_level[static_cast<std::size_t>(level)] &&
        level + 1 < kNumCeLevels) {
      ++level;
      attempts_on_level = 0;
    }
    ++attempts_on_level;
    const auto level_index = static_cast<std::size_t>(level);
    const CeLevelParams& ce = network.ce_levels[level_index];
    Level& on_level = levels[level_index];
    if (on_level.preamble_duration_s == 0.0) {
      on_level.preamble_duration_s = NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions);
      // No RAR: the window is waited out to its end (it opens 3 subframes after the preamble).
      on_level.missed_wait_s = kRarWindowOffset_s + RarWindow_s(ce, settings.rar_window_npdcch_periods[level_index]);
      // A retry: the mean of the uniform back-off, then on average half an NPRACH period of the
      // level before its opportunity.
      on_level.retry_wait_s = 0.5 * settings.backoff_indicator_s + 0.5 * ce.nprach_periodicity_s;
    }
    a.transmission_counter = counter;
    a.ce_level = level;
    a.tx_power_dBm = PreambleTxPower_dBm(modem, network, settings, level, counter, conditions.coupling_loss_dB);
    a.preamble_duration_s = on_level.preamble_duration_s;
    if (a.tx_power_dBm != on_level.tx_power_dBm) {
      on_level.tx_power_dBm = a.tx_power_dBm;
      on_level.received_snr_dB = PreambleSnr_dB(network.link_budget, a.tx_power_dBm, conditions.coupling_loss_dB);
      on_level.detection_probability_frac = PreambleDetectionProbability(on_level.received_snr_dB, ce.nprach_repetitions);
    }
    a.received_snr_dB = on_level.received_snr_dB;
    a.detection_probability_frac = on_level.detection_probability_frac;
    const double collision = conditions.collision_probability_frac[level_index];
    a.failure_probability_frac = 1.0 - a.detection_probability_frac * (1.0 - collision);
    a.reach_probability_frac = reach;
    if constexpr (kDetail) {
      r.attempts.push_back(a);
      r.expected_preamble_charge_C += reach * a.preamble_duration_s * TxCurrent_A(modem, a.tx_power_dBm);
    }
    if (counter == 1) r.first_preamble_duration_s = a.preamble_duration_s;

    r.reach_ce_level_probability_frac[level_index] = std::max(r.reach_ce_level_probability_frac[level_index], reach);
    r.expected_attempts += reach;
    r.expected_preamble_airtime_s += reach * a.preamble_duration_s;
    const double missed = reach * (1.0 - a.detection_probability_frac);
    r.expected_missed_detections += missed;
    r.expected_collisions += reach * (a.failure_probability_frac - (1.0 - a.detection_probability_frac));
    r.expected_rar_window_wait_s += missed * on_level.missed_wait_s;
    if (counter > 1) r.expected_backoff_wait_s += reach * on_level.retry_wait_s;
    reach *= a.failure_probability_frac;
    if (reach < conditions.negligible_reach_probability_frac) break;
  }
  r.preamble_airtime_factor = r.expected_preamble_airtime_s / r.first_preamble_duration_s;
  r.expected_extra_wait_s = r.expected_rar_window_wait_s + r.expected_backoff_wait_s;
  // The last attempt walked failed too: reach has been multiplied by its failure probability.
  r.failure_probability_frac = reach;
  return r;
}

}  // namespace

void CheckRandomAccessSettings(const RandomAccessSettings& s) {
  // TS 36.331 PowerRampingParameters: powerRampingStep dB0, dB2, dB4, dB6.
  const double step = s.power_ramping_step_dB;
  Require(step == 0.0 || step == 2.0 || step == 4.0 || step == 6.0,
          [&] { return "powerRampingStep must be 0, 2, 4 or 6 dB, not " + std::to_string(step); });
  for (int attempts : s.max_preamble_attempts_per_ce_level)  // maxNumPreambleAttemptCE-r13
    Require(OneOf(attempts, {3, 4, 5, 6, 7, 8, 10}), [&] {
      return "maxNumPreambleAttemptCE must be 3, 4, 5, 6, 7, 8 or 10, not " + std::to_string(attempts);
    });
  Require(OneOf(s.preamble_trans_max, {3, 4, 5, 6, 7, 8, 10, 20, 50, 100, 200}), [&] {  // preambleTransMax-CE-r13
    return "preambleTransMax-CE must be 3, 4, 5, 6, 7, 8, 10, 20, 50, 100 or 200, not " +
           std::to_string(s.preamble_trans_max);
  });
  // TS 36.321 Table 7.2-2, NB-IoT column: index 0 is 0 ms, index i (1..12) is 256·2^(i−1) ms.
  bool backoff_ok = s.backoff_indicator_s == 0.0;
  double allowed_s = 0.256;
  for (int i = 0; i < 12 && !backoff_ok; ++i, allowed_s *= 2.0)  // read in ms and converted: not bit-exact
    backoff_ok = std::abs(s.backoff_indicator_s - allowed_s) < 1e-9;
  Require(backoff_ok, [&] {
    return "the backoff indicator must be 0, 0.256, 0.512, ..., 524.288 s (TS 36.321 Table 7.2-2), not " +
           std::to_string(s.backoff_indicator_s);
  });
  for (int periods : s.rar_window_npdcch_periods)  // ra-ResponseWindowSize-r13 pp2..pp10
    Require(OneOf(periods, {2, 3, 4, 5, 6, 7, 8, 10}), [&] {
      return "ra-ResponseWindowSize must be 2, 3, 4, 5, 6, 7, 8 or 10 NPDCCH periods, not " + std::to_string(periods);
    });
}

double PreambleDetectionProbability(double snr_dB, int repetitions) {
  if (repetitions < 1) throw std::invalid_argument("preamble repetitions must be >= 1");
  const double snr50_dB = kNprachSnr50SingleRepetition_dB + kNprachSnr50PerDoubling_dB * Doublings(repetitions);
  return 1.0 / (1.0 + std::exp(-kNprachDetectionSlope_perdB * (snr_dB - snr50_dB)));
}

double PreambleSnr_dB(const LinkBudgetParams& budget, double tx_power_dBm, double coupling_loss_dB) {
  static const double carrier_noise_dBm = NoisePower_dBm(kNbiotCarrierBandwidth_Hz, 0.0, 0.0);
  return tx_power_dBm - coupling_loss_dB -
         (carrier_noise_dBm + budget.enb_noise_figure_dB + budget.uplink_interference_margin_dB);
}

double PreambleTxPower_dBm(const ModemParams& modem, const NetworkParams& network, const RandomAccessSettings& settings,
                           int ce_level, int transmission_counter, double coupling_loss_dB) {
  if (ce_level < 0 || ce_level >= kNumCeLevels) throw std::out_of_range("CE level must be 0, 1 or 2");
  if (transmission_counter < 1) throw std::invalid_argument("PREAMBLE_TRANSMISSION_COUNTER starts at 1");
  // TS 36.213 §16.3.1: every level but the lowest sends at P_CMAX.
  if (ce_level > 0) return modem.max_tx_power_dBm;
  // TS 36.321 §5.1.3: ramped target, less the repetition gain at CE level 0 (NB-IoT).
  const int repetitions = network.ce_levels[0].nprach_repetitions;
  const double target_dBm = network.nprach_target_received_power_dBm +  // preambleInitialReceivedTargetPower
                            (transmission_counter - 1) * settings.power_ramping_step_dB -
                            kDecibelsPerDoubling * Doublings(repetitions);
  return std::min(modem.max_tx_power_dBm, target_dBm + coupling_loss_dB);
}

double RarWindow_s(const CeLevelParams& ce, int npdcch_periods) {
  // One NPDCCH period of the search space is G·Rmax subframes (TS 36.213 §16.6).
  return npdcch_periods * ce.npdcch_search_space_g * ce.npdcch_repetitions * kNpdcchSubframe_s;
}

RandomAccessAttempts ExpectedRandomAccessAttempts(const ModemParams& modem, const NetworkParams& network,
                                                  const RandomAccessSettings& settings,
                                                  const RandomAccessConditions& conditions) {
  return Walk<true>(modem, network, settings, conditions);
}

RandomAccessAttempts ExpectedRandomAccessTotals(const ModemParams& modem, const NetworkParams& network,
                                                const RandomAccessSettings& settings,
                                                const RandomAccessConditions& conditions) {
  return Walk<false>(modem, network, settings, conditions);
}

}  // namespace pb::models::radio::nbiot
