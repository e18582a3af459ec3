// The lifetime proof: everything a customer needs to accept (or reject) "this device lasts T
// with probability p" — the budget, the nominal device's life, the worst-case corner, the
// population (Monte Carlo), the margin and the top sensitivities, and the verdict.
//
// Verdict: proven when the lower end of the 95 % Wilson interval of the fraction of devices
// reaching the target is at least the required fraction. The worst-case corner (every input at
// its adverse P1/P99) is reported but does not decide: it is a far tail of the population.
#pragma once

#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/sensitivity.hpp"

namespace pb::engine::lifetime {

// The options' allowed ranges (Validate() and the CLI's --target and --confidence). A target
// beyond the longest horizon could never be reached.
inline constexpr NumericRange kTargetRange_s = kHorizonRange_s;
inline constexpr NumericRange kRequiredFractionRange{0.0, 1.0, true, true, false, ""};

struct ProofOptions {
  double target_s = units::kSecondsPerYear;
  double required_fraction = 0.99;  // of the population that must reach the target
  MonteCarloOptions population;
  void Validate() const;  // throws ProfileError naming the option and its allowed range
};

struct ProofResult {
  double target_s = 0.0;
  double required_fraction = 0.0;
  BudgetResult budget;            // the design point: the profile as written
  LifetimeResult nominal;         // the design point's life, with its time series
  InputValues worst_case_inputs;
  DeviceLifetime worst_case;
  MonteCarloResult population;
  SensitivityResult sensitivity;
  double margin_frac = 0.0;       // P1 lifetime / target - 1
  bool proven = false;
};

ProofResult Prove(const DeviceProfile& profile, const ProofOptions& options);

}  // namespace pb::engine::lifetime
