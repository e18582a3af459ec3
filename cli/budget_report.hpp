// The budget as the user sees it: JSON (docs/json-output.md, golden-tested), table, CSV; with
// the stack timers that expire before their answers (engine/stack_timers.hpp), when there are any.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/run_header.hpp"
#include "engine/budget.hpp"
#include "engine/stack_timers.hpp"

namespace pb::cli {

// "stack_timer_findings" and the "Stack timers" section appear only when the analysis has findings,
// so the output of a device without any is unchanged.
nlohmann::ordered_json BudgetToJson(const engine::BudgetResult& budget, const RunInfo& run,
                                    const engine::StackTimerAnalysis& timers = {});
std::string BudgetTable(const engine::BudgetResult& budget, const engine::StackTimerAnalysis& timers = {});
std::string BudgetCsv(const engine::BudgetResult& budget);

}  // namespace pb::cli
