#include "engine/estimation/remaining_life.hpp"

#include <algorithm>
#include <cmath>

#include "models/units.hpp"

namespace pb::estimation {
namespace {

constexpr double kMaxHorizon_s = 1000.0 * units::kSecondsPerYear;
constexpr double kMinHorizon_s = 1.0;
constexpr double kDriftHorizon_s = 3.0 * units::kSecondsPerYear;

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double Quantile(const LifeForecastInput& in, double p) {
  if (LifeCdf(in, kMinHorizon_s) >= p) return 0.0;
  if (LifeCdf(in, kMaxHorizon_s) < p) return kMaxHorizon_s;
  double lo = std::log(kMinHorizon_s), hi = std::log(kMaxHorizon_s);
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (LifeCdf(in, std::exp(mid)) < p ? lo : hi) = mid;
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
  double cdf = 0.0;
  double p_at_least_k = 1.0;  // P(K >= k)
  for (int k = 0;; ++k) {
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
  LifeQuantiles q;
  q.p10_s = Quantile(in, 0.1);
  q.p50_s = std::max(q.p10_s, Quantile(in, 0.5));
  q.p90_s = std::max(q.p50_s, Quantile(in, 0.9));
  return q;
}

}  // namespace pb::estimation
