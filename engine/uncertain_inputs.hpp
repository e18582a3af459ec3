// The inputs a population of devices spreads over, with their distributions, as a profile
// declares them ("uncertainty" section), and how a sampled value is applied to one device.
//
// Inputs (the names are the profile keys):
//   coupling_loss_dB           absolute coupling loss of the device's site
//   temperature_offset_degC    added to the climate (a warmer or colder site, a sunny cabinet)
//   capacity_frac              multiplies the cell's rated capacity (cell-to-cell tolerance)
//   interval_frac              multiplies the reporting interval (traffic jitter, alarms)
//   modem_current_frac         multiplies every modem current (part-to-part spread)
//   rollback_probability_frac  absolute FOTA install-failure (rollback) probability
// Distributions: normal (optionally truncated to [min, max] by rejection), uniform, triangular,
// and discrete (values with weights, e.g. a measured coupling-loss histogram).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pb::engine {

enum class UncertainInput {
  kCouplingLoss_dB,
  kTemperatureOffset_degC,
  kCapacity_frac,
  kInterval_frac,
  kModemCurrent_frac,
  kRollbackProbability_frac,
};
std::string_view UncertainInputName(UncertainInput input);
std::optional<UncertainInput> UncertainInputFromName(std::string_view name);
const std::vector<std::string_view>& UncertainInputNames();

enum class DistributionKind { kNormal, kUniform, kTriangular, kDiscrete };

struct Distribution {
  DistributionKind kind = DistributionKind::kNormal;
  double mean = 0.0;  // normal
  double sd = 0.0;    // normal
  double min = -1e300;  // normal (truncation), uniform, triangular
  double max = 1e300;
  double mode = 0.0;  // triangular
  std::vector<double> values;   // discrete
  std::vector<double> weights;  // discrete, same length, sum > 0
  bool operator==(const Distribution&) const = default;
};

struct UncertainParameter {
  UncertainInput input;
  Distribution distribution;
  std::string source;  // where the spread comes from
  bool operator==(const UncertainParameter&) const = default;
};

using UncertaintySpec = std::vector<UncertainParameter>;

}  // namespace pb::engine
