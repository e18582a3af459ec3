// Estimates out, one device per line (docs/json-output.md, "estimate"):
//   jsonl   {"device":"d1","time":"2024-...Z","time_s":...,"soc_pct":73.2,"soc_sd_pct":1.1,
//            "remaining_life_days":{"p10":..,"p50":..,"p90":..},...,"flags":["drain_fast"],
//            "drain_cause":"unmodelled_drain"}
//   csv     the same, flattened, with a header line (CsvHeader)
//   influx  battery_estimate,device=d1 soc_pct=..,... <time ns>
//   senml   [{"bn":"d1/","bt":...,"n":"soc","u":"%EL","v":73.2},{"n":"remaining_life_p50",
//            "u":"EL","v":<seconds>},...]  (%EL and EL: RFC 8798 units for remaining battery
//            level in percent and remaining battery life in seconds)
// Field units are the ones engineers read (percent, days, mAh, uA), converted here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/estimation/fleet/estimate.hpp"
#include "engine/estimation/fleet/reject_reason.hpp"

namespace pb::engine::estimation::telemetry_io {

enum class EstimateFormat { kJsonl, kCsv, kInflux, kSenml };
// "jsonl", "csv", "influx", "senml"; throws std::invalid_argument naming the allowed values.
EstimateFormat ParseEstimateFormat(std::string_view name);

// An estimate's figures in the units every writer shows (the Python module too): percent, days,
// mAh, uA; the drain multiplier and the resistance as they are.
struct DisplayFields {
  double soc_pct, soc_sd_pct, p10_days, p50_days, p90_days, capacity_mAh, capacity_sd_mAh, used_mAh, multiplier,
      multiplier_sd, resistance, expected_uA, planned_uA;
};
DisplayFields ToDisplayUnits(const DeviceEstimate& estimate);

// "li_ion" or "primary".
std::string_view EstimateChemistry(const DeviceEstimate& estimate);

// Names of the set flag bits, in bit order ("drain_fast", "brown_out_risk", ...).
std::vector<std::string_view> FlagNameList(std::uint32_t flags);
// The same joined with the separator.
std::string FlagNames(std::uint32_t flags, char separator);

std::string CsvHeader();
// One line (with its newline).
std::string FormatEstimate(EstimateFormat format, const DeviceEstimate& estimate);

// The fleet's counts by reason as one JSON object {"duplicate": 12, ...} (zeros left out).
std::string CountsJson(const ReasonCounts& counts);

}  // namespace pb::engine::estimation::telemetry_io
