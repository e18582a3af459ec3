#include "engine/lifetime/sensitivity.hpp"

#include <algorithm>
#include <cmath>

#include "engine/lifetime/sampling.hpp"

namespace pb::engine::lifetime {

SensitivityResult AnalyseSensitivity(const PopulationModel& population) {
  const UncertaintySpec& spec = population.spec();
  const InputValues median = MedianInputs(spec);
  SensitivityResult result;
  result.nominal_lifetime_s = population.Evaluate(median).lifetime_s;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    SensitivityRow row;
    row.input = spec[i].input;
    InputValues values = median;
    row.low_value = Quantile(spec[i].distribution, 0.10);
    row.high_value = Quantile(spec[i].distribution, 0.90);
    values[i] = row.low_value;
    row.low_lifetime_s = population.Evaluate(values).lifetime_s;
    values[i] = row.high_value;
    row.high_lifetime_s = population.Evaluate(values).lifetime_s;
    row.swing_s = std::abs(row.high_lifetime_s - row.low_lifetime_s);
    row.adverse_is_high = row.high_lifetime_s < row.low_lifetime_s;
    // Derivative by central differences around the median, over a quarter of the P10-P90 range:
    // small against the spread, large against the simulation's discreteness (one time step, the
    // rare discrete events), which a tiny step would turn into noise.
    const double x0 = median[i];
    const double spread = row.high_value - row.low_value;
    const double h = spread > 0.0 ? 0.25 * spread : (x0 != 0.0 ? 0.01 * std::abs(x0) : 0.01);
    values[i] = x0 + h;
    const double up_s = population.Evaluate(values).lifetime_s;
    values[i] = x0 - h;
    const double down_s = population.Evaluate(values).lifetime_s;
    const double dlnL_dx = (std::log(up_s) - std::log(down_s)) / (2.0 * h);
    if (x0 != 0.0)
      row.elasticity = dlnL_dx * x0;
    else
      row.per_unit_frac = dlnL_dx;
    result.rows.push_back(row);
  }
  std::sort(result.rows.begin(), result.rows.end(),
            [](const SensitivityRow& a, const SensitivityRow& b) { return a.swing_s > b.swing_s; });
  return result;
}

InputValues WorstCaseInputs(const PopulationModel& population, const SensitivityResult& sensitivity) {
  const UncertaintySpec& spec = population.spec();
  InputValues values = MedianInputs(spec);
  for (std::size_t i = 0; i < spec.size(); ++i) {
    for (const SensitivityRow& row : sensitivity.rows) {
      if (row.input != spec[i].input) continue;
      values[i] = Quantile(spec[i].distribution, row.adverse_is_high ? 0.99 : 0.01);
    }
  }
  return values;
}

}  // namespace pb::engine::lifetime
