// The budget as the user sees it: JSON (docs/json-output.md, golden-tested) and CSV; with the
// stack timers that expire before their answers (engine/stack_timers.hpp), when there are any.
// simulate's report (table, Markdown, JSON) adds the verdict's lifetime (battery physics in the
// device's climate), the radio configuration behind the budget and the largest savings
// (engine/advice.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "engine/advice.hpp"
#include "engine/budget.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "engine/stack_timers.hpp"

namespace pb::cli {

// "stack_timer_findings" appears only when the analysis has findings, so the output of a device
// without any is unchanged. SimulateJson adds its fields to this object.
nlohmann::ordered_json BudgetToJson(const engine::BudgetResult& budget, const RunInfo& run,
                                    const engine::StackTimerAnalysis& timers = {});
std::string BudgetCsv(const engine::BudgetResult& budget);

// Everything simulate prints. The verdict is the nominal device's lifetime with battery physics in
// its climate (lifetime, the same simulation as `powerbudget lifetime` with its defaults); the
// budget's ideal-cell lifetime is shown beside it; a population is `powerbudget prove`'s.
struct SimulateReport {
  RunInfo run;
  engine::DeviceProfile profile;     // as loaded, --set applied
  engine::BudgetResult budget;
  engine::StackTimerAnalysis timers;
  engine::lifetime::LifetimeOptions lifetime_options;
  engine::lifetime::LifetimeResult lifetime;
  bool meets_target = false;         // lifetime.lifetime_s >= the target: the verdict (--check)
  std::optional<engine::RadioConfiguration> radio;  // modelled devices only
  std::vector<engine::Saving> savings;              // the largest first, at most kShownSavings
};
inline constexpr std::size_t kShownSavings = 3;

nlohmann::ordered_json SimulateJson(const SimulateReport& report);
// table, or md (format kMarkdown): the same content; md adds the energy bars.
std::string SimulateText(const SimulateReport& report, OutputFormat format);

// The day's energy by activity as Unicode block characters, for any Markdown viewer (inside a
// code block): one stacked bar of `width` columns (the largest activities each in its own shade,
// the rest together, columns apportioned by largest remainder so they add up to width) with its
// legend, then one bar per activity at the same scale (a full block per 100/width per cent, eighth
// blocks for the remainder).
std::string EnergyBars(const engine::BudgetResult& budget, int width);
// "powerbudget prove PROFILE [--set ...]": the command that answers for a population.
std::string ProveCommand(const RunInfo& run);

}  // namespace pb::cli
