#include "engine/lifetime/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "engine/lifetime/sampling.hpp"

namespace pb::engine::lifetime {
namespace {

// Bisections per half interval: the bracket ends 2^-24 of h wide (a few micro-dB of coupling
// loss), where a smooth lifetime changes by nothing a material step could be confused with.
constexpr int kBisections = 24;
// A lifetime of zero (no service) as one second, so that its logarithm stays finite: the step
// to it is then huge, which is what it is.
constexpr double kLifetimeFloor_s = 1.0;

double LogLife(double lifetime_s) { return std::log(std::max(lifetime_s, kLifetimeFloor_s)); }

LifetimeStep MakeStep(double below, double life_below_s, double above, double life_above_s, double at, std::string what) {
  LifetimeStep s;
  s.below = below;
  s.above = above;
  s.lifetime_below_s = life_below_s;
  s.lifetime_above_s = life_above_s;
  s.at = at;
  s.step_frac = std::max(life_above_s, kLifetimeFloor_s) / std::max(life_below_s, kLifetimeFloor_s) - 1.0;
  s.what = std::move(what);
  return s;
}

// The network's edges a device's coupling loss can cross: CE0/CE1, CE1/CE2 and the edge of
// coverage. None when the profile pins the CE level (every loss is served at it) or the device
// is measured (no radio model).
std::vector<double> CouplingLossEdges_dB(const DeviceProfile& profile) {
  const auto* modelled = std::get_if<ModelledDevice>(&profile.device);
  if (!modelled || modelled->coverage.forced_ce_level) return {};
  const models::radio::nbiot::NetworkParams& n = modelled->network;
  return {n.ce0_max_coupling_loss_dB, n.ce1_max_coupling_loss_dB, n.max_coupling_loss_dB};
}

// What changes across an edge, from the devices on both sides of it.
std::string EdgeName(const DeviceLifetime& below, const DeviceLifetime& above) {
  if (above.no_service && !below.no_service) return "the edge of coverage";
  if (below.ce_level >= 0 && above.ce_level >= 0 && below.ce_level != above.ce_level)
    return "the CE" + std::to_string(below.ce_level) + "/CE" + std::to_string(above.ce_level) + " edge";
  return "";
}

}  // namespace

std::optional<LifetimeStep> FindLifetimeStep(const std::function<double(double)>& lifetime_s, double a,
                                             double life_a_s, double b, double life_b_s, double min_log_step) {
  for (int i = 0; i < kBisections; ++i) {
    const double m = 0.5 * (a + b);
    const double life_m_s = lifetime_s(m);
    // Keep the half that changes most: a step stays in it at its full size.
    if (std::abs(LogLife(life_m_s) - LogLife(life_a_s)) >= std::abs(LogLife(life_b_s) - LogLife(life_m_s))) {
      b = m;
      life_b_s = life_m_s;
    } else {
      a = m;
      life_a_s = life_m_s;
    }
  }
  if (std::abs(LogLife(life_b_s) - LogLife(life_a_s)) < min_log_step) return std::nullopt;
  return MakeStep(a, life_a_s, b, life_b_s, 0.5 * (a + b), "a step of the lifetime");
}

SensitivityResult AnalyseSensitivity(const PopulationModel& population) {
  const UncertaintySpec& spec = population.spec();
  const InputValues median = MedianInputs(spec);
  SensitivityResult result;
  const DeviceLifetime nominal = population.Evaluate(median);
  result.nominal_lifetime_s = nominal.lifetime_s;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    SensitivityRow row;
    row.input = spec[i].input;
    InputValues values = median;
    auto device_at = [&](double x) {
      values[i] = x;
      return population.Evaluate(values);
    };
    auto lifetime_at = [&](double x) { return device_at(x).lifetime_s; };
    row.low_value = Quantile(spec[i].distribution, 0.10);
    row.high_value = Quantile(spec[i].distribution, 0.90);
    row.low_lifetime_s = lifetime_at(row.low_value);
    row.high_lifetime_s = lifetime_at(row.high_value);
    row.swing_s = std::abs(row.high_lifetime_s - row.low_lifetime_s);
    row.adverse_is_high = row.high_lifetime_s < row.low_lifetime_s;
    // Derivative by central differences around the median, over a quarter of the P10-P90 range:
    // small against the spread, large against the simulation's discreteness (one time step, the
    // rare discrete events), which a tiny step would turn into noise.
    const double x0 = median[i];
    const double spread = row.high_value - row.low_value;
    const double h = spread > 0.0 ? 0.25 * spread : (x0 != 0.0 ? 0.01 * std::abs(x0) : 0.01);
    row.median = x0;
    row.difference_step = h;
    const double up_s = lifetime_at(x0 + h);
    const double down_s = lifetime_at(x0 - h);
    const double l0 = LogLife(nominal.lifetime_s), lu = LogLife(up_s), ld = LogLife(down_s);
    // In the row's convention: an elasticity, or the relative change per unit at a median of 0.
    auto convention = [&](double dlnL_dx, double& elasticity, double& per_unit) {
      if (x0 != 0.0)
        elasticity = dlnL_dx * x0;
      else
        per_unit = dlnL_dx;
    };
    convention((lu - ld) / (2.0 * h), row.elasticity, row.per_unit_frac);

    // Steps inside [x0 - h, x0 + h]. below_side: the step lies in [x0 - h, x0).
    Discontinuity& d = row.discontinuity;
    std::vector<bool> below_side;
    if (row.input == UncertainInput::kCouplingLoss_dB) {
      for (double edge : CouplingLossEdges_dB(population.profile())) {
        if (edge < x0 - h || edge >= x0 + h) continue;
        // Either side of the edge: the edge itself belongs to the lower level (<= in the level
        // rule), the next representable loss above it to the higher one.
        const double just_above = edge + std::max(1e-9 * std::abs(edge), 1e-12);
        const DeviceLifetime lower = device_at(edge), upper = device_at(just_above);
        const std::string what = EdgeName(lower, upper);
        if (what.empty()) continue;
        d.steps.push_back(MakeStep(edge, lower.lifetime_s, just_above, upper.lifetime_s, edge, what));
        below_side.push_back(edge < x0);
      }
    }
    const double min_log_step = std::max(kMaterialStep_frac, kMaterialShare * std::abs(lu - ld));
    for (const bool below : {true, false}) {
      std::optional<LifetimeStep> step =
          below ? FindLifetimeStep(lifetime_at, x0 - h, down_s, x0, nominal.lifetime_s, min_log_step)
                : FindLifetimeStep(lifetime_at, x0, nominal.lifetime_s, x0 + h, up_s, min_log_step);
      if (!step) continue;
      // The same step as a network edge already named.
      const bool known = std::any_of(d.steps.begin(), d.steps.end(), [&](const LifetimeStep& s) {
        return s.at >= step->below && s.at <= step->above;
      });
      if (known) continue;
      // Named by what changes across it when the end of life changes kind (a brown-out cliff).
      const DeviceLifetime lower = device_at(step->below), upper = device_at(step->above);
      if (lower.cause != upper.cause && !lower.no_service && !upper.no_service)
        step->what = "the end of life turning from " + std::string(models::battery::EndOfLifeCauseName(lower.cause)) +
                     " to " + std::string(models::battery::EndOfLifeCauseName(upper.cause));
      d.steps.push_back(*step);
      below_side.push_back(below);
    }
    d.crosses = !d.steps.empty();
    if (d.crosses) {
      const bool below_dirty = std::find(below_side.begin(), below_side.end(), true) != below_side.end();
      const bool above_dirty = std::find(below_side.begin(), below_side.end(), false) != below_side.end();
      if (!below_dirty) {
        d.side = "below";
        d.one_sided_step = h;
        convention((l0 - ld) / h, d.one_sided_elasticity, d.one_sided_per_unit_frac);
      } else if (!above_dirty) {
        d.side = "above";
        d.one_sided_step = h;
        convention((lu - l0) / h, d.one_sided_elasticity, d.one_sided_per_unit_frac);
      } else {
        // Steps on both sides: a central difference over half the distance to the nearest.
        double nearest = h;
        for (const LifetimeStep& s : d.steps) nearest = std::min({nearest, std::abs(s.below - x0), std::abs(s.above - x0)});
        const double narrow = 0.5 * nearest;
        if (narrow > 1e-6 * h) {
          d.side = "narrower";
          d.one_sided_step = narrow;
          convention((LogLife(lifetime_at(x0 + narrow)) - LogLife(lifetime_at(x0 - narrow))) / (2.0 * narrow),
                     d.one_sided_elasticity, d.one_sided_per_unit_frac);
        }
      }
      if (!d.side.empty() && row.input == UncertainInput::kCouplingLoss_dB && nominal.ce_level >= 0)
        d.within = "CE" + std::to_string(nominal.ce_level);
      std::sort(d.steps.begin(), d.steps.end(), [](const LifetimeStep& a, const LifetimeStep& b) { return a.at < b.at; });
    }
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
