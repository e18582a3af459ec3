// The trace analysis as the user sees it: JSON (schema powerbudget/trace/1,
// docs/json-output.md), table, and CSV of the events; with --overlay, the model against one
// measured report phase by phase.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/output_format.hpp"

#include "engine/budget.hpp"
#include "engine/trace/analyze_trace.hpp"
#include "engine/trace/overlay.hpp"
#include "engine/trace/trace_fit.hpp"

namespace pb::cli {

struct TraceOutput {
  const engine::trace::TraceReport* report = nullptr;
  const engine::trace::AnalysisOptions* options = nullptr;
  std::size_t events_listed = 100;
  // The measured-events profile built from the trace, when --battery and --supply-voltage
  // are given.
  std::optional<engine::BudgetResult> measured;
  std::string battery;
  double supply_voltage_V = 0.0;
  std::optional<engine::trace::TraceFit> fit;
  // --overlay PROFILE: the model's report cycle on one measured event, phase by phase.
  std::optional<engine::trace::Overlay> overlay;
  std::string overlay_profile;  // as given
};

nlohmann::ordered_json TraceToJson(const TraceOutput& output);
std::string TraceTable(const TraceOutput& output, OutputFormat format = OutputFormat::kTable);
std::string TraceCsv(const TraceOutput& output);

}  // namespace pb::cli
