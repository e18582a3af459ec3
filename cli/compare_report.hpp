// The comparison as the user sees it: table, Markdown (a pull-request comment), CSV, JSON
// (schema powerbudget/compare/1, docs/json-output.md) and JUnit XML (one testcase per check).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/compare_inputs.hpp"
#include "engine/compare/compare.hpp"

namespace pb::cli {

struct CompareOutput {
  const CompareSide* baseline = nullptr;
  const CompareSide* candidate = nullptr;
  const engine::compare::Comparison* comparison = nullptr;
};

nlohmann::ordered_json CompareToJson(const CompareOutput& output);
std::string CompareTable(const CompareOutput& output);
std::string CompareMarkdown(const CompareOutput& output);
std::string CompareCsv(const CompareOutput& output);
std::string CompareJunit(const CompareOutput& output);

}  // namespace pb::cli
