// Remaining life as a distribution: when will the charge still available be used up?
//
//   T = inf { t : X(t) >= R }
//   R      charge left to brown-out, Gaussian (mean and variance from the filter)     [C]
//   X(t)   charge drawn over the next t seconds: a steady rate A (uncertain mean, and a
//          drift of the future load that grows with the horizon) plus Poisson events of
//          charge q_e (FOTA updates): X(t) = B(t) + K(t) q_e, K(t) the events in (0, t] of a
//          schedule with period T_e whose next event is at t_1 ~ N(mu_1, sd_1) when the device's
//          last update is known, else at a uniformly unknown phase:
//            P(K >= k) = Phi((t - mu_1 - (k-1) T_e) / sd_1)   or   clamp((t - (k-1) T_e) / T_e, 0, 1)
//          (FOTA campaigns are scheduled, not Poisson: a Poisson count would put a variance of
//          lambda t q_e^2 where a schedule gives at most q_e^2 / 4)
//          E[B] = A t,  Var[B] = Var[A] t^2 + (d A t)^2 min(t, 3 years) / year,
//          Cov[B, R] = Cov[A, R] t
// With B(t) and R jointly Gaussian,
//   P(T <= t) = P(X(t) - R >= 0) = sum_k P(K = k) Phi((A t + k q_e - E[R]) / s(t)),
//   s(t)^2 = Var[B] + Var[R] - 2 Cov[B, R],
// which rises monotonically in t; the quantiles are found by bisection in log t. (The first
// passage of a non-decreasing X is exactly the event X(t) >= R, so no first-passage correction
// is needed.)
#pragma once

namespace pb::engine::estimation {

struct LifeForecastInput {
  double remaining_C = 0.0;
  double remaining_var_C2 = 0.0;
  double rate_A = 0.0;
  double rate_var_A2 = 0.0;
  double cov_remaining_rate_CA = 0.0;
  double drift_sd_frac_per_sqrt_year = 0.0;  // d
  double event_C = 0.0;                      // q_e
  double event_period_s = 0.0;               // T_e (0: no events)
  double next_event_s = -1.0;                // mu_1 from now (< 0: phase unknown)
  double next_event_sd_s = 0.0;              // sd_1
};

struct LifeQuantiles {
  double p10_s = 0.0;
  double p50_s = 0.0;
  double p90_s = 0.0;
  bool operator==(const LifeQuantiles&) const = default;
};

// P(T <= t).
double LifeCdf(const LifeForecastInput& in, double t_s);
// Quantiles (capped at 1000 years for a device that draws nothing).
LifeQuantiles RemainingLife(const LifeForecastInput& in);

}  // namespace pb::engine::estimation
