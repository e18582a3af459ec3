#include "engine/trace/overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "engine/budget.hpp"
#include "engine/trace/trace_error.hpp"

namespace pb::engine::trace {
namespace {

using timeline::Segment;
using timeline::Timeline;

// Instants closer than this are one (sums of durations).
constexpr double kSnap_s = 1e-9;

// The end of the report's connection and what follows it without a gap (what rides inside it,
// the inactivity tail): the events that start at the cycle's start or run on from it.
double ConnectionEnd_s(const Timeline& cycle) {
  if (cycle.events.empty()) return 0.0;
  double end_s = cycle.events.front().start_s + cycle.events.front().duration_s;
  for (const timeline::Event& e : cycle.events)
    if (e.start_s <= end_s + kSnap_s) end_s = std::max(end_s, e.start_s + e.duration_s);
  return end_s;
}

double ModelFloor_A(const Timeline& cycle) {
  double lowest_A = std::numeric_limits<double>::infinity();
  for (const Segment& s : cycle.segments) {
    if (s.activity == activity::kPsmFloor) return s.current_A;
    lowest_A = std::min(lowest_A, s.current_A);
  }
  return std::isfinite(lowest_A) ? lowest_A : 0.0;
}

// The model's charge of the report proper: wake-up to the end of its connection.
double ModelReportCharge_C(const Timeline& cycle) {
  if (cycle.events.empty()) return 0.0;
  const double end_s = cycle.events.front().start_s + cycle.events.front().duration_s;
  double charge_C = 0.0;
  for (const Segment& s : cycle.segments) {
    const double to_s = std::min(end_s, s.start_s + s.duration_s);
    if (to_s > s.start_s) charge_C += s.current_A * (to_s - s.start_s);
  }
  return charge_C;
}

// The event starts with the first phase the analyzer sees above the floor.
double FirstVisible_s(const Timeline& cycle, const TraceAnalysis& analysis) {
  const double floor_A = ModelFloor_A(cycle);
  for (const Segment& s : cycle.segments)
    if (s.current_A > floor_A + analysis.threshold_A) return s.start_s;
  return 0.0;
}

std::string Microamps(double amperes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g uA", amperes * 1e6);
  return text;
}

// Charges of the samples: sample i carries its current until the next sample (the analyzer's
// convention), the last one for the step before it.
class Samples {
 public:
  explicit Samples(const SampleWindow& w) : t_(w.time_s()), x_(w.current_A()) {
    prefix_C_.assign(t_.size() + 1, 0.0);
    for (std::size_t i = 0; i < t_.size(); ++i) {
      const double step_s = i + 1 < t_.size() ? t_[i + 1] - t_[i] : (i > 0 ? t_[i] - t_[i - 1] : 0.0);
      prefix_C_[i + 1] = prefix_C_[i] + x_[i] * step_s;
    }
    step_s_ = t_.size() > 1 ? (t_.back() - t_.front()) / static_cast<double>(t_.size() - 1) : 0.0;
  }
  std::size_t size() const { return t_.size(); }
  double step_s() const { return step_s_; }
  double time_s(std::size_t i) const { return t_[i]; }
  double current_A(std::size_t i) const { return x_[i]; }
  double end_s() const { return t_.empty() ? 0.0 : t_.back() + step_s_; }
  // The first sample at or after time_s.
  std::size_t Index(double time_s) const {
    return static_cast<std::size_t>(std::lower_bound(t_.begin(), t_.end(), time_s) - t_.begin());
  }
  double Charge_C(double from_s, double to_s) const { return prefix_C_[Index(to_s)] - prefix_C_[Index(from_s)]; }

 private:
  const std::vector<double>& t_;
  const std::vector<double>& x_;
  std::vector<double> prefix_C_;
  double step_s_ = 0.0;
};

struct ModelPhase {
  const Segment* segment;
  double duration_s;
};

// Where the current steps from `level_A` to `next_A` after start_s: the first sample of the next
// phase, at the split with the fewest samples on the wrong side of the midpoint (every sample
// from start_s to the split, and `after` samples from it). Nothing when no split fits the window.
std::optional<double> FindStep(const Samples& s, double start_s, double duration_s, double level_A, double next_A,
                               double next_duration_s, const OverlayOptions& options) {
  const double step_s = s.step_s();
  const std::size_t first = s.Index(start_s);
  const std::size_t lo = std::max(first + 1, s.Index(start_s + duration_s / options.search_factor));
  const std::size_t hi = std::min(s.size(), s.Index(start_s + duration_s * options.search_factor + 2.0 * step_s));
  const auto own = static_cast<std::size_t>(std::llround(duration_s / step_s));
  const auto next = static_cast<std::size_t>(std::llround(next_duration_s / step_s));
  const std::size_t after = std::max<std::size_t>(1, std::min(own, next));
  if (hi <= lo || lo + after > s.size()) return std::nullopt;
  const double mid_A = 0.5 * (level_A + next_A);
  const bool next_above = next_A > level_A;
  // wrong[i]: samples in [first, first + i) on the next phase's side.
  const std::size_t end = std::min(s.size(), hi + after);
  std::vector<std::size_t> on_next(end - first + 1, 0);
  for (std::size_t i = first; i < end; ++i)
    on_next[i - first + 1] = on_next[i - first] + ((s.current_A(i) > mid_A) == next_above ? 1 : 0);
  const double predicted_s = start_s + duration_s;
  std::optional<std::size_t> best;
  std::size_t best_cost = 0;
  for (std::size_t j = lo; j < hi && j + after <= end; ++j) {
    const std::size_t before_wrong = on_next[j - first];
    const std::size_t after_wrong = after - (on_next[j + after - first] - on_next[j - first]);
    const std::size_t cost = before_wrong + after_wrong;
    if (!best || cost < best_cost ||
        (cost == best_cost && std::abs(s.time_s(j) - predicted_s) < std::abs(s.time_s(*best) - predicted_s))) {
      best = j;
      best_cost = cost;
    }
  }
  if (!best) return std::nullopt;
  return s.time_s(*best);
}

}  // namespace

void SampleWindow::Samples(const SampleBatch& batch) {
  for (std::size_t i = 0; i < batch.time_s.size(); ++i) {
    const double t = batch.time_s[i];
    if (t < from_s_ || t >= to_s_) continue;
    time_s_.push_back(t);
    current_A_.push_back(batch.current_A[i]);
  }
}

double OverlaySpan_s(const Timeline& cycle) {
  const double connection_end_s = ConnectionEnd_s(cycle);
  double idle_end_s = connection_end_s;
  std::size_t i = 0;
  while (i < cycle.segments.size() && cycle.segments[i].start_s + cycle.segments[i].duration_s <= connection_end_s + kSnap_s) ++i;
  while (i < cycle.segments.size() && cycle.segments[i].activity == activity::kIdlePaging) {
    idle_end_s = cycle.segments[i].start_s + cycle.segments[i].duration_s;
    ++i;
  }
  // Idle paging that runs to the next event is the gap itself (no PSM): not part of the report.
  if (i < cycle.segments.size() && cycle.segments[i].activity == activity::kPsmFloor) return idle_end_s;
  return connection_end_s;
}

std::size_t ChooseOverlayEvent(const Timeline& cycle, const TraceAnalysis& analysis, const OverlayOptions& options,
                               const std::string& source) {
  if (analysis.events.empty())
    throw TraceError(source, 0,
                     "no event to align the model with: nothing rises above the floor plus the threshold (" +
                         Microamps(analysis.threshold_A) +
                         "), so the capture holds no report; measure across one, or lower --threshold-uA");
  if (options.event) {
    const std::size_t n = analysis.events.size();
    if (*options.event >= n)
      throw std::invalid_argument("--event " + std::to_string(*options.event) + ": the capture has " + std::to_string(n) +
                                  " events (0 to " + std::to_string(n - 1) + ")");
    if (analysis.events[*options.event].incomplete)
      throw std::invalid_argument("--event " + std::to_string(*options.event) +
                                  " is cut by the capture's start or end, a gap or a bad sample: choose a complete one");
    return *options.event;
  }
  const double model_C = ModelReportCharge_C(cycle);
  std::optional<std::size_t> best;
  double best_distance = 0.0;
  for (std::size_t i = 0; i < analysis.events.size(); ++i) {
    const TraceEvent& e = analysis.events[i];
    if (e.incomplete || !(e.charge_C > 0.0)) continue;
    const double distance = model_C > 0.0 ? std::abs(std::log(e.charge_C / model_C)) : 0.0;
    if (!best || distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  if (!best)
    throw TraceError(source, 0,
                     "every event is cut by the capture's start or end, a gap or a bad sample: no complete report to "
                     "align the model with");
  return *best;
}

std::pair<double, double> OverlayWindow_s(const Timeline& cycle, const TraceAnalysis& analysis, std::size_t event_index) {
  // Room for the model's phases below the threshold before the event's start, and for phases
  // that last longer than the model says.
  const double start_s = analysis.events.at(event_index).start_s - FirstVisible_s(cycle, analysis);
  const double span_s = OverlaySpan_s(cycle);
  return {start_s - 1.0, start_s + 1.5 * span_s + 2.0};
}

Overlay AlignOverlay(const Timeline& cycle, const TraceAnalysis& analysis, std::size_t event_index,
                     const SampleWindow& window, const OverlayOptions& options) {
  const TraceEvent& event = analysis.events.at(event_index);
  const Samples samples(window);
  Overlay o;
  o.device = cycle.device_name;
  o.event_index = event_index;
  o.event_start_s = event.start_s;
  o.battery_voltage_V = cycle.battery_voltage_V;
  o.model_floor_A = ModelFloor_A(cycle);
  o.measured_floor_A = analysis.floor_A;

  const double span_s = OverlaySpan_s(cycle);
  std::vector<ModelPhase> model;
  for (const Segment& s : cycle.segments) {
    if (s.start_s >= span_s - kSnap_s) break;
    model.push_back({&s, std::min(s.duration_s, span_s - s.start_s)});
  }
  const double first_visible_s = FirstVisible_s(cycle, analysis);
  o.aligned_start_s = event.start_s - first_visible_s;

  const double noise_A = analysis.noise_A;
  const bool usable = samples.size() > 2 && samples.step_s() > 0.0;
  double at_s = o.aligned_start_s;  // where the current phase starts, in the capture's time
  for (std::size_t k = 0; k < model.size(); ++k) {
    const Segment& seg = *model[k].segment;
    OverlayPhase p;
    p.phase = seg.phase;
    p.activity = seg.activity;
    p.model_start_s = seg.start_s;
    p.model_duration_s = model[k].duration_s;
    p.model_charge_C = seg.current_A * model[k].duration_s;
    p.measured_start_s = at_s - o.aligned_start_s;
    double end_s = at_s + model[k].duration_s;
    // The next level: the next phase's, or what follows the compared span.
    const Segment* next = k + 1 < model.size() ? model[k + 1].segment
                          : &seg != &cycle.segments.back() ? &seg + 1
                                                           : nullptr;
    if (usable && next && seg.start_s >= first_visible_s) {
      const double step_A = std::abs(seg.current_A - next->current_A);
      const double larger_A = std::max(std::abs(seg.current_A), std::abs(next->current_A));
      const double next_duration_s = k + 1 < model.size() ? model[k + 1].duration_s : next->duration_s;
      const double min_duration_s = 2.0 * samples.step_s();
      if (step_A >= options.min_step_frac * larger_A && step_A >= options.min_step_sigmas * noise_A &&
          model[k].duration_s >= min_duration_s && next_duration_s >= min_duration_s) {
        if (const auto found = FindStep(samples, at_s, model[k].duration_s, seg.current_A, next->current_A,
                                        next_duration_s, options)) {
          end_s = *found;
          p.fitted = true;
        }
      }
    }
    p.measured = usable && at_s >= samples.time_s(0) && end_s <= samples.end_s() + kSnap_s;
    if (p.measured) {
      p.measured_duration_s = end_s - at_s;
      p.measured_charge_C = samples.Charge_C(at_s, end_s);
    }
    o.phases.push_back(std::move(p));
    at_s = end_s;
  }

  for (std::size_t i = 0; i < o.phases.size(); ++i) {
    const OverlayPhase& p = o.phases[i];
    if (o.groups.empty() || o.groups.back().activity != p.activity) o.groups.push_back({p.activity, i, 0});
    OverlayGroup& g = o.groups.back();
    ++g.phase_count;
    g.model_duration_s += p.model_duration_s;
    g.model_charge_C += p.model_charge_C;
    g.measured_duration_s += p.measured_duration_s;
    g.measured_charge_C += p.measured_charge_C;
    g.measured = g.measured && p.measured;
  }
  return o;
}

}  // namespace pb::engine::trace
