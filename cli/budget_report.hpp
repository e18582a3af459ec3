// The budget as the user sees it: JSON (docs/json-output.md, golden-tested), table, CSV.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/run_header.hpp"
#include "engine/budget.hpp"

namespace pb::cli {

nlohmann::ordered_json BudgetToJson(const engine::BudgetResult& budget, const RunInfo& run);
std::string BudgetTable(const engine::BudgetResult& budget);
std::string BudgetCsv(const engine::BudgetResult& budget);

}  // namespace pb::cli
