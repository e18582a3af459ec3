// The header every JSON report starts with, in this order: "schema", "powerbudget_version",
// then what the run read: the device's name, the profile (or scenario) as named on the command
// line and its --set overrides in order (docs/json-output.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pb::cli {

// What a report ran on, as given on the command line.
struct RunInfo {
  std::string profile;                 // a file or a bundled name, as given
  std::vector<std::string> overrides;  // --set assignments in order
};

// {"schema", "powerbudget_version"}: a report on no single profile (compare, trace, validate).
nlohmann::ordered_json ReportHeader(std::string_view schema);
// ... then "profile" and "overrides".
nlohmann::ordered_json ReportHeader(std::string_view schema, const RunInfo& run);
// ... then "device" (its name), "profile" and "overrides".
nlohmann::ordered_json ReportHeader(std::string_view schema, std::string_view device, const RunInfo& run);
// ... then "scenario" (its name), "scenario_file" (as given) and "overrides" (cell, campaign).
nlohmann::ordered_json ScenarioReportHeader(std::string_view schema, std::string_view scenario, const RunInfo& run);

}  // namespace pb::cli
