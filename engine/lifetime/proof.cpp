#include "engine/lifetime/proof.hpp"

namespace pb::engine::lifetime {

void ProofOptions::Validate() const {
  RequireInRange("target_s", target_s, kTargetRange_s);
  RequireInRange("required_fraction", required_fraction, kRequiredFractionRange);
  population.Validate();
}

ProofResult Prove(const DeviceProfile& profile_in, const ProofOptions& options) {
  options.Validate();
  DeviceProfile profile = profile_in;
  profile.target_lifetime_s = options.target_s;
  ProofResult proof;
  proof.target_s = options.target_s;
  proof.required_fraction = options.required_fraction;

  const PopulationModel population(profile, options.population.lifetime);
  // The design point — the profile as written — with its series for the report's charts.
  LifetimeOptions with_series = options.population.lifetime;
  with_series.record_series = true;
  proof.budget = ComputeBudget(profile);
  const models::battery::BatteryModel battery(profile.battery, profile.battery_physics);
  proof.nominal = SimulateLifetime(profile, proof.budget, battery, with_series);

  proof.sensitivity = AnalyseSensitivity(population);
  proof.worst_case_inputs = WorstCaseInputs(population, proof.sensitivity);
  proof.worst_case = population.Evaluate(proof.worst_case_inputs);
  proof.population = RunMonteCarlo(profile, options.population);
  const double p1_s = proof.population.percentiles_s.at("P1");
  proof.margin_frac = p1_s / options.target_s - 1.0;
  proof.proven = proof.population.reaching_target.low >= options.required_fraction;
  return proof;
}

}  // namespace pb::engine::lifetime
