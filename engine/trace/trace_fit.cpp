#include "engine/trace/trace_fit.hpp"

#include <cmath>
#include <stdexcept>

namespace pb::engine::trace {
namespace {

double ChargePerEvent_C(const engine::BudgetResult& b, const char* activity) {
  const engine::ActivityBudget* a = b.Find(activity);
  return a ? a->energy_J_per_event / b.battery_voltage_V : 0.0;
}

double Duration_s(const engine::BudgetResult& b, const char* activity) {
  const engine::ActivityBudget* a = b.Find(activity);
  return a ? a->duration_s_per_event : 0.0;
}

// The current an activity draws while it runs (for the floor-like ones that fill the day).
double RunningCurrent_A(const engine::BudgetResult& b, const char* activity) {
  const engine::ActivityBudget* a = b.Find(activity);
  if (!a || a->duration_s_per_event <= 0.0) return 0.0;
  return a->energy_J_per_event / a->duration_s_per_event / b.battery_voltage_V;
}

}  // namespace

TraceFit FitToProfile(const engine::DeviceProfile& profile, const engine::BudgetResult& model,
                      const TraceAnalysis& analysis, std::size_t max_events) {
  const auto* device = std::get_if<engine::ModelledDevice>(&profile.device);
  if (!device) throw std::invalid_argument("fitting needs a modelled device profile, not a measured-events one");
  namespace act = engine::activity;
  TraceFit fit;
  fit.device = profile.name;

  // The analyser sees the PSM floor, the MCU asleep and any quiescent current together.
  const double model_floor_A = RunningCurrent_A(model, act::kPsmFloor) + RunningCurrent_A(model, act::kMcuSleep) +
                               RunningCurrent_A(model, act::kSupplyQuiescent);
  fit.quantities.push_back({"floor_current_A", model_floor_A, analysis.idle_current_A, true});

  const double model_report_C =
      ChargePerEvent_C(model, act::kReport) + ChargePerEvent_C(model, act::kMcuActive) + ChargePerEvent_C(model, act::kSensor);
  const double model_tail_C = ChargePerEvent_C(model, act::kInactivityTail);
  const double model_report_s = Duration_s(model, act::kReport);
  const double model_tail_s = Duration_s(model, act::kInactivityTail);
  const double interval_s = device->reporting.interval_s;

  const EventGroup* best = nullptr;
  std::size_t best_index = 0;
  for (std::size_t g = 0; g < analysis.groups.size(); ++g) {
    const EventGroup& group = analysis.groups[g];
    if (std::abs(group.period_s - interval_s) > 0.2 * interval_s) continue;
    if (!best || group.mean_charge_C > best->mean_charge_C) {
      best = &group;
      best_index = g;
    }
  }

  double trace_report_C = 0.0, trace_report_s = 0.0, trace_tail_C = 0.0, trace_tail_s = 0.0;
  std::size_t split = 0;
  if (best) {
    fit.report_group = best->name;
    for (const TraceEvent& e : analysis.events) {
      if (e.group != static_cast<int>(best_index)) continue;
      if (e.last_high_s) {
        trace_report_C += e.charge_to_last_high_C;
        trace_report_s += *e.last_high_s;
        trace_tail_C += e.charge_C - e.charge_to_last_high_C;
        trace_tail_s += e.duration_s - *e.last_high_s;
        ++split;
      }
      if (fit.events.size() < max_events)
        fit.events.push_back({e.start_s, e.charge_C, model_report_C + model_tail_C, e.duration_s, model_report_s + model_tail_s});
    }
  }
  const bool cycle = best != nullptr;
  const double n = static_cast<double>(split);
  fit.quantities.push_back({"report_period_s", interval_s, cycle ? best->period_s : 0.0, cycle});
  fit.quantities.push_back({"report_cycle_charge_C", model_report_C + model_tail_C, cycle ? best->mean_charge_C : 0.0, cycle});
  fit.quantities.push_back({"report_cycle_duration_s", model_report_s + model_tail_s, cycle ? best->mean_duration_s : 0.0, cycle});
  fit.quantities.push_back({"report_charge_C", model_report_C, split ? trace_report_C / n : 0.0, split > 0});
  fit.quantities.push_back({"report_duration_s", model_report_s, split ? trace_report_s / n : 0.0, split > 0});
  fit.quantities.push_back({"inactivity_tail_s", model_tail_s, split ? trace_tail_s / n : 0.0, split > 0});
  fit.quantities.push_back({"inactivity_tail_charge_C", model_tail_C, split ? trace_tail_C / n : 0.0, split > 0});
  fit.quantities.push_back({"average_current_A", model.average_current_A, analysis.average_current_A, true});
  return fit;
}

}  // namespace pb::engine::trace
