#include "engine/estimation/filters/change_detector.hpp"

#include <algorithm>
#include <cmath>

#include "engine/estimation/filters/drain_flag.hpp"
#include "engine/estimation/fleet/estimate.hpp"

namespace pb::engine::estimation {

void AccumulateAnchors(DeviceState& state, double drain_C) {
  for (ChangeAnchor& a : state.anchors)
    if (a.time_since_first_s >= 0.0f) a.drain_C += static_cast<float>(drain_C);
}

bool DetectDrainChange(const FleetModel& model, DeviceState& st, double time_s, double level_frac) {
  const PrimaryNoise& n = model.primary.noise;
  const FlagRules& rules = model.flags;
  const auto now = static_cast<float>(time_s - st.first_time_s);
  const ChangeAnchor fresh{now, static_cast<float>(level_frac), 0.0f};
  if (st.anchors[1].time_since_first_s < 0.0f) {
    st.anchors[0] = st.anchors[1] = fresh;
    return false;
  }
  // An unchanged level cannot newly pass the test (the predicted drop only grows): test only
  // when the level moved or a first pass awaits confirmation.
  const bool moved = static_cast<float>(level_frac) != st.last_level_frac || !(st.bits & device_bit::kHasLevel);
  if (!moved && !(st.bits & device_bit::kChangePending)) {
    if (now - st.anchors[1].time_since_first_s >= rules.change_window_s) {
      st.anchors[0] = st.anchors[1];
      st.anchors[1] = fresh;
    }
    return false;
  }
  const double design_C = model.primary.design_capacity_C;
  const double m = st.filter.x[PrimaryState::kDrainMultiplier];
  const double sd_m = std::sqrt(std::max(0.0, st.filter.P(1, 1)));
  const double quantum = n.level_quantum_frac;
  const double reading_var = quantum * quantum / 12.0 + n.level_sd_frac * n.level_sd_frac;
  bool fired = false;
  double m_window = m;
  for (const ChangeAnchor& a : st.anchors) {
    if (now - a.time_since_first_s < rules.change_min_window_s || a.drain_C <= 0.0f) continue;
    const double drain_frac = a.drain_C / design_C;
    const double predicted = m * drain_frac;
    const double observed = a.level_frac - level_frac;
    const double sd = std::sqrt(2.0 * reading_var + std::pow(sd_m * drain_frac, 2) +
                                std::pow(n.gauge_gain_sd_frac * predicted, 2));
    if (observed - predicted > rules.change_sigmas * sd + 0.5 * quantum) {
      fired = true;
      m_window = std::max(m_window, observed / drain_frac);
      break;
    }
  }
  // One reading past the threshold may be a gauge outlier: a change must be confirmed by
  // the next reading.
  const bool confirmed = fired && (st.bits & device_bit::kChangePending);
  st.bits = static_cast<std::uint8_t>(fired ? (st.bits | device_bit::kChangePending) : (st.bits & ~device_bit::kChangePending));
  if (confirmed) {
    st.bits = static_cast<std::uint8_t>(st.bits & ~device_bit::kChangePending);
    st.filter.x[PrimaryState::kDrainMultiplier] = m_window;
    st.filter.P.at(1, 1) = std::max(st.filter.P(1, 1), std::pow(0.3 * m_window, 2));
    st.anchors[0] = st.anchors[1] = fresh;
    RaiseDrainFlag(st, time_s, DrainCause::kUnmodelled);
    return true;
  }
  if (now - st.anchors[1].time_since_first_s >= rules.change_window_s) {
    st.anchors[0] = st.anchors[1];
    st.anchors[1] = fresh;
  }
  return false;
}

}  // namespace pb::engine::estimation
