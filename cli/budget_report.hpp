// The budget as the user sees it: JSON (docs/json-output.md, golden-tested), table, CSV.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/budget.hpp"

namespace pb::cli {

struct RunInfo {
  std::string profile;                 // as given on the command line
  std::vector<std::string> overrides;  // --set assignments in order
};

nlohmann::ordered_json BudgetToJson(const engine::BudgetResult& budget, const RunInfo& run);
std::string BudgetTable(const engine::BudgetResult& budget);
std::string BudgetCsv(const engine::BudgetResult& budget);

}  // namespace pb::cli
