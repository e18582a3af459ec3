#include "cli/run_header.hpp"

namespace pb::cli {
namespace {

// The header, then the input's name under name_key (none when name_key is null), the input as
// given under file_key, and the overrides.
nlohmann::ordered_json RunHeader(std::string_view schema, const char* name_key, std::string_view name,
                                 const char* file_key, const RunInfo& run) {
  nlohmann::ordered_json j = ReportHeader(schema);
  if (name_key) j[name_key] = name;
  j[file_key] = run.profile;
  j["overrides"] = run.overrides;
  return j;
}

}  // namespace

nlohmann::ordered_json ReportHeader(std::string_view schema) {
  nlohmann::ordered_json j;
  j["schema"] = schema;
  j["powerbudget_version"] = PB_VERSION;
  return j;
}

nlohmann::ordered_json ReportHeader(std::string_view schema, const RunInfo& run) {
  return RunHeader(schema, nullptr, {}, "profile", run);
}

nlohmann::ordered_json ReportHeader(std::string_view schema, std::string_view device, const RunInfo& run) {
  return RunHeader(schema, "device", device, "profile", run);
}

nlohmann::ordered_json ScenarioReportHeader(std::string_view schema, std::string_view scenario, const RunInfo& run) {
  return RunHeader(schema, "scenario", scenario, "scenario_file", run);
}

}  // namespace pb::cli
