// Model against trace: for a device that ran a known modelled profile during the measurement,
// the figures the trace gives for the model's main parameters — the PSM floor current, one
// report cycle's charge and duration, and its split into the report proper (wake-up to the
// last uplink transmission) and the RRC inactivity tail (from there to the release) — next to
// what engine::ComputeBudget says for the profile, and each report event against the model.
//
// The split uses TraceEvent::last_high_s (the last sample above AnalysisOptions::high_current_A):
// a heuristic that holds when the uplink draws more than that and connected-mode reception
// less. The report cycle is the trace group whose period is nearest the profile's reporting
// interval (within 20 %), the largest such.
#pragma once

#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/device_profile.hpp"
#include "engine/trace/trace_analysis.hpp"

namespace pb::engine::trace {

struct FitQuantity {
  std::string name;  // with its SI unit: "floor_current_A", "inactivity_tail_s", ...
  double model = 0.0;
  double trace = 0.0;
  bool measured = true;  // false when the trace has nothing to say (no matching events)
};

struct EventVersusModel {
  double start_s = 0.0;
  double trace_charge_C = 0.0;
  double model_charge_C = 0.0;
  double trace_duration_s = 0.0;
  double model_duration_s = 0.0;
};

struct TraceFit {
  std::string device;
  std::string report_group;  // the trace group taken as the report cycle; empty if none
  std::vector<FitQuantity> quantities;
  std::vector<EventVersusModel> events;
};

// Throws std::invalid_argument for a measured-events profile (there is no model to fit).
TraceFit FitToProfile(const engine::DeviceProfile& profile, const engine::BudgetResult& model,
                      const TraceAnalysis& analysis, std::size_t max_events = 1000);

}  // namespace pb::engine::trace
