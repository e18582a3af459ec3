#include "engine/estimation/filters/remaining_life.hpp"

#include <algorithm>
#include <cmath>

#include "models/units.hpp"

namespace pb::engine::estimation {
namespace {

constexpr double kMaxHorizon_s = 1000.0 * units::kSecondsPerYear;
constexpr double kMinHorizon_s = 1.0;
constexpr double kDriftHorizon_s = 3.0 * units::kSecondsPerYear;

// Phi(z). Beyond |z| of 8.5 (above) and 39 (below) erfc's result rounds to exactly 2 and 0, so
// the tails are returned without the call: the mixture below evaluates many such terms.
double NormalCdf(double z) {
  if (z > 8.5) return 1.0;
  if (z < -39.0) return 0.0;
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// t_p = inf{t : F(t) >= p} in u = ln t, from a bracket with F(e^lo) - p = f_lo < 0 <= f_hi:
// regula falsi with the Illinois modification, superlinear on the smooth CDF (about ten
// evaluations, where bisection to the same width took sixty), and a bisection step whenever
// the bracket stops halving (F jumps at a scheduled event). The estimate of every device a
// server publishes pays for three of these.
// On return lo and f_lo are the final bracket's lower end (F(e^lo) - p = f_lo < 0), where the
// next, larger quantile's search can start.
double Quantile(const LifeForecastInput& in, double p, double& lo, double& f_lo, double hi, double f_hi) {
  constexpr double kWidth = 1e-12;  // in ln t: 1e-12 of the time
  int last_side = 0;
  double width_mark = hi - lo;
  int steps_since_mark = 0;
  for (int i = 0; i < 300 && hi - lo > kWidth; ++i) {
    const bool stalled = steps_since_mark >= 3;
    double u = stalled ? 0.5 * (lo + hi) : (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
    if (!(u > lo && u < hi)) u = 0.5 * (lo + hi);
    const double f = LifeCdf(in, std::exp(u)) - p;
    if (f < 0.0) {
      lo = u;
      f_lo = f;
      if (last_side < 0) f_hi *= 0.5;  // the same end moved twice: halve the other's weight
      last_side = -1;
    } else {
      hi = u;
      f_hi = f;
      if (last_side > 0) f_lo *= 0.5;
      last_side = 1;
    }
    ++steps_since_mark;
    if (hi - lo <= 0.5 * width_mark || stalled) {
      width_mark = hi - lo;
      steps_since_mark = 0;
    }
  }
  return std::exp(0.5 * (lo + hi));
}

}  // namespace

double LifeCdf(const LifeForecastInput& in, double t_s) {
  const double mean_base = in.rate_A * t_s;
  // The drift's relative spread grows as sqrt(t) up to kDriftHorizon, then holds: load
  // changes are bounded (a device does not drift without limit).
  const double drift = in.drift_sd_frac_per_sqrt_year * in.rate_A * t_s;
  const double drift_years = std::min(t_s, kDriftHorizon_s) / units::kSecondsPerYear;
  const double var_base = in.rate_var_A2 * t_s * t_s + drift * drift * drift_years;
  const double var = std::max(var_base + in.remaining_var_C2 - 2.0 * in.cov_remaining_rate_CA * t_s, 1e-300);
  const double sd = std::sqrt(var);
  // Mixture over the number k of scheduled events (FOTA updates) in (0, t].
  if (!(in.event_period_s > 0.0) || !(in.event_C > 0.0)) return NormalCdf((mean_base - in.remaining_C) / sd);
  const auto at_least = [&](int k) {  // P(K(t) >= k), k >= 1
    const double offset_s = (k - 1) * in.event_period_s;
    if (in.next_event_s < 0.0) return std::clamp((t_s - offset_s) / in.event_period_s, 0.0, 1.0);
    const double due_s = in.next_event_s + offset_s;
    if (!(in.next_event_sd_s > 0.0)) return t_s >= due_s ? 1.0 : 0.0;
    return NormalCdf((t_s - due_s) / in.next_event_sd_s);
  };
  // Terms whose events are certainly in (0, t] weigh exactly nothing (P(K = k) = 1 - 1): start
  // one period before the first k whose P(K >= k + 1) can be below one. Over years of
  // fortnightly events that skips dozens of terms of two erfc each, and changes no bit.
  const double sure_s = in.next_event_s < 0.0 ? t_s : t_s - in.next_event_s - 9.0 * std::max(0.0, in.next_event_sd_s);
  const int first_k = static_cast<int>(std::clamp(std::floor(sure_s / in.event_period_s) - 1.0, 0.0, 1e6));
  double cdf = 0.0;
  double p_at_least_k = 1.0;  // P(K >= k)
  // A guard, not physics: a state no real device reaches (a corrupted counter's billions of
  // updates) must not make one estimate walk millions of terms; past the guard the rest of the
  // mass counts as ended, the conservative side for a lifetime.
  constexpr int kMaxEventTerms = 100000;
  for (int k = first_k;; ++k) {
    if (k - first_k >= kMaxEventTerms) return cdf + p_at_least_k;
    const double z = (mean_base + k * in.event_C - in.remaining_C) / sd;
    // From here on every term is past the end: the rest of the mass counts whole.
    if (z > 8.0) return cdf + p_at_least_k;
    const double p_next = at_least(k + 1);
    cdf += (p_at_least_k - p_next) * NormalCdf(z);
    p_at_least_k = p_next;
    if (p_next < 1e-12) return cdf;
  }
}

LifeQuantiles RemainingLife(const LifeForecastInput& in) {
  const double u_min = std::log(kMinHorizon_s), u_max = std::log(kMaxHorizon_s);
  const double f_min = LifeCdf(in, kMinHorizon_s), f_max = LifeCdf(in, kMaxHorizon_s);
  // Each quantile's bracket starts where the one before ended below its p (F is
  // non-decreasing, so F < the next p there too).
  double u_lo = u_min, f_lo = f_min;
  const auto quantile = [&](double p) {
    if (f_min >= p) return 0.0;
    if (f_max < p) return kMaxHorizon_s;
    double shifted = f_lo - p;
    const double t_s = Quantile(in, p, u_lo, shifted, u_max, f_max - p);
    f_lo = shifted + p;
    return t_s;
  };
  LifeQuantiles q;
  q.p10_s = quantile(0.1);
  q.p50_s = std::max(q.p10_s, quantile(0.5));
  q.p90_s = std::max(q.p50_s, quantile(0.9));
  return q;
}

}  // namespace pb::engine::estimation
