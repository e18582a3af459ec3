// The two sides of `powerbudget compare`: each argument is a device profile (file or bundled
// name, with --set overrides), a saved result (`simulate --format json`, schema
// powerbudget/simulate/1) or a measured trace (CSV: analysed and turned into a measured-events
// profile on the given battery). Every side becomes an engine::BudgetResult.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_reader.hpp"

namespace pb::cli {

enum class InputKind { kProfile, kResult, kTrace };
const char* InputKindName(InputKind kind);

struct CompareInputOptions {
  std::filesystem::path profiles_root;
  std::vector<std::string> overrides;  // shared --set followed by this side's own
  // For traces:
  std::string battery;
  double supply_voltage_V = 0.0;
  engine::trace::ReaderOptions reader;
  engine::trace::AnalysisOptions analysis;
};

struct CompareSide {
  std::string input;  // as given
  InputKind kind = InputKind::kProfile;
  std::vector<std::string> overrides;
  engine::BudgetResult result;
};

// Throws engine::ProfileError (a result file's field, or a profile's), engine::trace::TraceError, or
// std::invalid_argument (options that do not fit the input: --set on a result, a trace without
// --battery) — all bad input, exit code 2.
CompareSide LoadCompareSide(const std::string& argument, const CompareInputOptions& options);

// A `simulate --format json` document back into a BudgetResult (the fields compare needs).
engine::BudgetResult BudgetFromSimulateJson(const std::filesystem::path& file);

}  // namespace pb::cli
