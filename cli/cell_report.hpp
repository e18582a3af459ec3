// The cell-capacity result as the user sees it: JSON (schema powerbudget/cell-result/1,
// docs/json-output.md, golden-tested), a table, and CSV (the load at the scenario's population
// and at each sweep factor, one row per arrival pattern).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/output_format.hpp"
#include "cli/run_header.hpp"
#include "engine/cell/cell_analysis.hpp"

namespace pb::cli {

nlohmann::ordered_json CellToJson(const engine::cell::CellResult& result, const RunInfo& run);
std::string CellTable(const engine::cell::CellResult& result, OutputFormat format = OutputFormat::kTable);
std::string CellCsv(const engine::cell::CellResult& result);

}  // namespace pb::cli
