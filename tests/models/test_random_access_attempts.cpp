// Random-access attempts: detection, collisions, power ramping, back-off, CE-level escalation
// and failure (models/radio/nbiot/random_access_attempts.hpp), against closed forms and a
// Monte Carlo run of the MAC procedure written out here step by step.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/random.hpp"
#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/radio/nbiot/random_access_attempts.hpp"
#include "support/test_device.hpp"

namespace pb::models::radio::nbiot {
namespace {

// Mid values of the TS 36.331 ranges (the network profiles will carry their own).
RandomAccessSettings Settings() {
  return RandomAccessSettings{.power_ramping_step_dB = 2.0,
                              .max_preamble_attempts_per_ce_level = {3, 3, 3},
                              .preamble_trans_max = 10,
                              .backoff_indicator_s = 1.024,
                              .rar_window_npdcch_periods = {5, 5, 5}};
}

RandomAccessConditions At(double coupling_loss_dB, int first_ce_level, double collision_frac = 0.0) {
  return RandomAccessConditions{coupling_loss_dB, first_ce_level, {collision_frac, collision_frac, collision_frac}};
}

TEST(PreambleDetection, LogisticThroughItsFittedPoints) {
  // 50 % at SNR50, 99 % at SNR50 + ln(99)/k; 1.6 dB less SNR needed per doubling of repetitions.
  EXPECT_NEAR(PreambleDetectionProbability(-26.656, 1), 0.5, 1e-12);
  EXPECT_NEAR(PreambleDetectionProbability(-26.656 + std::log(99.0) / 0.3227, 1), 0.99, 1e-9);
  EXPECT_NEAR(PreambleDetectionProbability(-26.656 - 1.6 * 3, 8), 0.5, 1e-12);
  for (double snr = -40; snr < 0; snr += 1) {
    EXPECT_GT(PreambleDetectionProbability(snr + 1, 4), PreambleDetectionProbability(snr, 4));
    EXPECT_GT(PreambleDetectionProbability(snr, 8), PreambleDetectionProbability(snr, 4));
  }
  EXPECT_THROW(PreambleDetectionProbability(0, 0), std::invalid_argument);
}

TEST(PreambleDetection, SnrIsTheBudgetsCarrierSnr) {
  const NetworkParams n = test::TestNetwork();  // eNB noise figure 5 dB, no interference margin
  // 23 dBm − 150 dB − (−174 + 10·log10(180 kHz) + 5) = −7.447 dB.
  EXPECT_NEAR(PreambleSnr_dB(n.link_budget, 23.0, 150.0), 23.0 - 150.0 + 174.0 - 10.0 * std::log10(180e3) - 5.0, 1e-9);
}

TEST(RandomAccessAttempts, OneAttemptWhenDetectionIsSureAndNothingCollides) {
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  const RandomAccessAttempts r = ExpectedRandomAccessAttempts(m, n, Settings(), At(120.0, 0));
  EXPECT_GT(r.attempts.front().detection_probability_frac, 0.9999);
  EXPECT_NEAR(r.expected_attempts, 1.0, 1e-4);
  EXPECT_NEAR(r.preamble_airtime_factor, 1.0, 1e-4);
  EXPECT_NEAR(r.expected_extra_wait_s, 0.0, 1e-3);
  EXPECT_LT(r.failure_probability_frac, 1e-30);
  EXPECT_NEAR(r.reach_ce_level_probability_frac[0], 1.0, 0.0);
  EXPECT_LT(r.reach_ce_level_probability_frac[1], 1e-12);
  // The charge of one preamble at its power.
  EXPECT_NEAR(r.expected_preamble_charge_C,
              r.attempts.front().preamble_duration_s * TxCurrent_A(m, r.attempts.front().tx_power_dBm), 1e-6);
}

TEST(RandomAccessAttempts, EveryExpectationGrowsWithTheCollisionProbability) {
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  RandomAccessAttempts previous = ExpectedRandomAccessAttempts(m, n, Settings(), At(150.0, 1, 0.0));
  for (double p = 0.05; p <= 0.951; p += 0.05) {
    const RandomAccessAttempts r = ExpectedRandomAccessAttempts(m, n, Settings(), At(150.0, 1, p));
    EXPECT_GT(r.expected_attempts, previous.expected_attempts) << p;
    EXPECT_GT(r.expected_collisions, previous.expected_collisions) << p;
    EXPECT_GT(r.expected_extra_wait_s, previous.expected_extra_wait_s) << p;
    EXPECT_GT(r.preamble_airtime_factor, previous.preamble_airtime_factor) << p;
    EXPECT_GT(r.failure_probability_frac, previous.failure_probability_frac) << p;
    EXPECT_GT(r.reach_ce_level_probability_frac[2], previous.reach_ce_level_probability_frac[2]) << p;
    previous = r;
  }
}

TEST(RandomAccessAttempts, RampingStepsByTheRampAndStopsAtMaxPower) {
  const ModemParams m = test::TestModem();  // 23 dBm
  const NetworkParams n = test::TestNetwork();  // CE0 preamble with 2 repetitions, target −112 dBm
  ASSERT_EQ(n.nprach_target_received_power_dBm, -112.0);
  RandomAccessSettings s = Settings();
  s.power_ramping_step_dB = 6.0;
  s.max_preamble_attempts_per_ce_level = {10, 3, 3};
  // TS 36.321 §5.1.3: −112 dBm − 10·log10(2) + (counter − 1)·6 dB, plus 125 dB of path loss.
  const double first_dBm = -112.0 - 10.0 * std::log10(2.0) + 125.0;  // 9.99 dBm
  const RandomAccessAttempts r = ExpectedRandomAccessAttempts(m, n, s, At(125.0, 0, 0.5));
  ASSERT_EQ(r.attempts.size(), 10u);
  EXPECT_NEAR(r.attempts[0].tx_power_dBm, first_dBm, 1e-9);
  EXPECT_NEAR(r.attempts[1].tx_power_dBm, first_dBm + 6.0, 1e-9);
  EXPECT_NEAR(r.attempts[2].tx_power_dBm, first_dBm + 12.0, 1e-9);
  for (std::size_t k = 3; k < r.attempts.size(); ++k) {
    EXPECT_EQ(r.attempts[k].tx_power_dBm, 23.0) << "attempt " << k + 1 << " is capped at P_CMAX";
    EXPECT_EQ(r.attempts[k].ce_level, 0);
  }
  // Deeper levels send at P_CMAX from their first attempt (TS 36.213 §16.3.1).
  EXPECT_EQ(PreambleTxPower_dBm(m, n, s, 1, 1, 125.0), 23.0);
  EXPECT_EQ(PreambleTxPower_dBm(m, n, s, 2, 1, 125.0), 23.0);
  // More power, better detection: the ramp raises Pd until the cap.
  EXPECT_GT(r.attempts[1].detection_probability_frac, r.attempts[0].detection_probability_frac);
}

TEST(RandomAccessAttempts, TheCeLevelChangesAfterMaxNumPreambleAttemptCe) {
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  RandomAccessSettings s = Settings();
  s.max_preamble_attempts_per_ce_level = {3, 4, 3};
  s.preamble_trans_max = 20;
  const RandomAccessAttempts r = ExpectedRandomAccessAttempts(m, n, s, At(150.0, 0, 0.4));
  std::vector<int> levels;
  for (const PreambleAttempt& a : r.attempts) levels.push_back(a.ce_level);
  const std::vector<int> expected = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  EXPECT_EQ(levels, expected);
  // Reaching CE1 means the three CE0 attempts failed.
  const double f0 = r.attempts[0].failure_probability_frac * r.attempts[1].failure_probability_frac *
                    r.attempts[2].failure_probability_frac;
  EXPECT_NEAR(r.reach_ce_level_probability_frac[1], f0, 1e-15);
  EXPECT_NEAR(r.attempts[3].reach_probability_frac, f0, 1e-15);
}

TEST(RandomAccessAttempts, ConstantFailureGivesTheGeometricSeries) {
  // On the last level every attempt is at P_CMAX with the same repetitions: f is constant, and
  // E[attempts] = (1 − f^N)/(1 − f), P(failure) = f^N (the cell model's MeanAttempts).
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  for (double p : {0.0, 0.1, 0.5, 0.9}) {
    const RandomAccessAttempts r = ExpectedRandomAccessAttempts(m, n, Settings(), At(168.0, 2, p));
    const double f = r.attempts.front().failure_probability_frac;
    EXPECT_GT(f, p);  // missed detections on top of the collisions at 168 dB
    const int big_n = Settings().preamble_trans_max;
    EXPECT_NEAR(r.expected_attempts, (1.0 - std::pow(f, big_n)) / (1.0 - f), 1e-12) << p;
    EXPECT_NEAR(r.failure_probability_frac, std::pow(f, big_n), 1e-15) << p;
    EXPECT_NEAR(r.preamble_airtime_factor, r.expected_attempts, 1e-12) << p;
  }
}

TEST(RandomAccessAttempts, ExpectationsMatchASimulationOfTheMacProcedure) {
  // Start on CE0 at 158 dB (a network that holds the device on CE0 up to there): missed
  // detections and collisions push accesses to CE1 and CE2; back-offs and RAR windows add up.
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  RandomAccessSettings s = Settings();
  s.max_preamble_attempts_per_ce_level = {3, 4, 3};
  const RandomAccessConditions c{158.0, 0, {0.5, 0.2, 0.1}};
  const RandomAccessAttempts expected = ExpectedRandomAccessAttempts(m, n, s, c);

  engine::SplitMix64 rng(20240607);
  constexpr int kAccesses = 200000;
  double attempts = 0, missed = 0, collided = 0, wait_s = 0, failures = 0, airtime_s = 0;
  std::array<double, kNumCeLevels> reached{};
  for (int i = 0; i < kAccesses; ++i) {
    int level = c.first_ce_level;
    int on_level = 0;
    std::array<bool, kNumCeLevels> seen{};
    bool done = false;
    for (int counter = 1; counter <= s.preamble_trans_max && !done; ++counter) {
      if (on_level == s.max_preamble_attempts_per_ce_level[static_cast<std::size_t>(level)] && level < 2) {
        ++level;
        on_level = 0;
      }
      ++on_level;
      const CeLevelParams& ce = n.ce_levels[static_cast<std::size_t>(level)];
      seen[static_cast<std::size_t>(level)] = true;
      if (counter > 1)  // back-off, then the next opportunity of this level at a random phase
        wait_s += rng.Uniform() * s.backoff_indicator_s + rng.Uniform() * ce.nprach_periodicity_s;
      attempts += 1;
      airtime_s += NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions);
      const double power_dBm = PreambleTxPower_dBm(m, n, s, level, counter, c.coupling_loss_dB);
      const double pd = PreambleDetectionProbability(PreambleSnr_dB(n.link_budget, power_dBm, c.coupling_loss_dB),
                                                     ce.nprach_repetitions);
      if (rng.Uniform() >= pd) {
        missed += 1;
        wait_s += kRarWindowOffset_s + RarWindow_s(ce, s.rar_window_npdcch_periods[static_cast<std::size_t>(level)]);
      } else if (rng.Uniform() < c.collision_probability_frac[static_cast<std::size_t>(level)]) {
        collided += 1;
      } else {
        done = true;
      }
    }
    if (!done) failures += 1;
    for (int l = 0; l < kNumCeLevels; ++l) reached[static_cast<std::size_t>(l)] += seen[static_cast<std::size_t>(l)] ? 1 : 0;
  }
  const double k = kAccesses;
  // Tolerances: a few standard errors of each mean at 200 000 accesses.
  EXPECT_NEAR(attempts / k, expected.expected_attempts, 0.01);
  EXPECT_NEAR(missed / k, expected.expected_missed_detections, 0.005);
  EXPECT_NEAR(collided / k, expected.expected_collisions, 0.01);
  EXPECT_NEAR(wait_s / k, expected.expected_extra_wait_s, 0.02 * expected.expected_extra_wait_s);
  EXPECT_NEAR(airtime_s / k, expected.expected_preamble_airtime_s, 0.01 * expected.expected_preamble_airtime_s);
  EXPECT_NEAR(failures / k, expected.failure_probability_frac, 0.002);
  for (int l = 0; l < kNumCeLevels; ++l)
    EXPECT_NEAR(reached[static_cast<std::size_t>(l)] / k, expected.reach_ce_level_probability_frac[static_cast<std::size_t>(l)], 0.005)
        << "CE level " << l;
  // The case exercises what it claims to: escalation and retries are not rare.
  EXPECT_GT(expected.reach_ce_level_probability_frac[1], 0.1);
  EXPECT_GT(expected.expected_missed_detections, 0.05);
}

// The budget's allocation-free walk gives the same expectations as the listed one, on every
// level, with ramping, collisions and an early stop: the two share one walk.
TEST(RandomAccessAttempts, TotalsWithoutTheListAreTheListedExpectations) {
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  for (double loss_dB : {120.0, 146.0, 152.0, 160.0, 170.0})
    for (int level : {0, 1, 2})
      for (double collision : {0.0, 0.2})
        for (double stop : {0.0, 1e-12}) {
          RandomAccessConditions c = At(loss_dB, level, collision);
          c.negligible_reach_probability_frac = stop;
          const RandomAccessAttempts full = ExpectedRandomAccessAttempts(m, n, Settings(), c);
          const RandomAccessAttempts totals = ExpectedRandomAccessTotals(m, n, Settings(), c);
          EXPECT_TRUE(totals.attempts.empty());
          EXPECT_EQ(totals.expected_preamble_charge_C, 0.0);
          EXPECT_GT(full.expected_preamble_charge_C, 0.0);
          EXPECT_EQ(totals.expected_attempts, full.expected_attempts);
          EXPECT_EQ(totals.expected_preamble_airtime_s, full.expected_preamble_airtime_s);
          EXPECT_EQ(totals.first_preamble_duration_s, full.attempts.front().preamble_duration_s);
          EXPECT_EQ(totals.expected_extra_wait_s, full.expected_extra_wait_s);
          EXPECT_EQ(totals.failure_probability_frac, full.failure_probability_frac);
          EXPECT_EQ(totals.reach_ce_level_probability_frac, full.reach_ce_level_probability_frac);
        }
}

TEST(RandomAccessAttempts, RefusesSettingsOutsideTheStandard) {
  const ModemParams m = test::TestModem();
  const NetworkParams n = test::TestNetwork();
  RandomAccessSettings s = Settings();
  s.power_ramping_step_dB = 3.0;
  EXPECT_THROW(ExpectedRandomAccessAttempts(m, n, s, At(140, 0)), std::invalid_argument);
  s = Settings();
  s.backoff_indicator_s = 1.0;
  EXPECT_THROW(ExpectedRandomAccessAttempts(m, n, s, At(140, 0)), std::invalid_argument);
  s = Settings();
  s.max_preamble_attempts_per_ce_level[1] = 9;
  EXPECT_THROW(ExpectedRandomAccessAttempts(m, n, s, At(140, 0)), std::invalid_argument);
  EXPECT_THROW(ExpectedRandomAccessAttempts(m, n, Settings(), At(140, 0, 1.5)), std::invalid_argument);
  EXPECT_THROW(ExpectedRandomAccessAttempts(m, n, Settings(), At(140, 3)), std::invalid_argument);
  EXPECT_NO_THROW(CheckRandomAccessSettings(Settings()));
}

// The link carries the retries into every access (procedures.cpp RandomAccess): none where the
// level's repetitions make a miss negligible, the model's expectation where they do not.
TEST(RandomAccessInTheLink, RetriesOnlyWhereTheFirstAttemptMayBeMissed) {
  const ModemParams modem = test::TestModem();
  NetworkParams network = test::TestNetwork();
  // The detection curve's logistic tail leaves a miss of ~1e-5 even in good coverage.
  const Link good = SelectLink(modem, network, 130.0);
  EXPECT_LT(good.times.preamble_retry_s, 1e-3 * NprachPreambleDuration_s(0, network.ce_levels[0].nprach_repetitions));
  EXPECT_LT(good.times.random_access_retry_wait_s, 1e-3);

  network.ce_levels[2].nprach_repetitions = 1;  // far too few for 163 dB
  const Link deep = SelectLink(modem, network, 163.0);
  const RandomAccessAttempts expected =
      ExpectedRandomAccessAttempts(modem, network, network.random_access, RandomAccessConditions{163.0, 2, {}});
  ASSERT_GT(expected.expected_attempts, 1.2);
  const double one_preamble_s = NprachPreambleDuration_s(0, 1);
  EXPECT_NEAR(deep.times.preamble_retry_s, expected.expected_preamble_airtime_s - one_preamble_s, 1e-12);
  EXPECT_NEAR(deep.times.random_access_retry_wait_s, expected.expected_extra_wait_s, 1e-12);

  models::radio::ModemTally tally;
  RandomAccess(RadioContext{modem, network, deep}, tally);
  const models::radio::ModemTally resolved = tally.Resolved(deep.times);
  EXPECT_NEAR(resolved.TxTime_s(TxChannel::kNprach), expected.expected_preamble_airtime_s, 1e-12);
}

// Stopping the walk once the next attempt is all but unreachable changes the expectations by
// less than that probability of one attempt's cost, and walks fewer attempts.
TEST(RandomAccessAttempts, AnEarlyStopLosesOnlyWhatIsUnreachable) {
  const ModemParams modem = test::TestModem();
  const NetworkParams network = test::TestNetwork();
  const RandomAccessConditions full{150.0, 1, {0.01, 0.01, 0.01}};
  RandomAccessConditions early = full;
  early.negligible_reach_probability_frac = 1e-12;
  const RandomAccessAttempts a = ExpectedRandomAccessAttempts(modem, network, network.random_access, full);
  const RandomAccessAttempts b = ExpectedRandomAccessAttempts(modem, network, network.random_access, early);
  EXPECT_LT(b.attempts.size(), a.attempts.size());
  EXPECT_NEAR(b.expected_attempts, a.expected_attempts, 1e-11);
  EXPECT_NEAR(b.expected_preamble_airtime_s, a.expected_preamble_airtime_s, 1e-11);
  EXPECT_NEAR(b.expected_extra_wait_s, a.expected_extra_wait_s, 1e-9);
}

}  // namespace
}  // namespace pb::models::radio::nbiot
