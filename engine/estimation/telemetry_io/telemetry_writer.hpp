// Telemetry out, in the formats the readers take (telemetry_reader.hpp): what fleet-sim writes,
// so that anything it writes reads back into the same records (tested).
#pragma once

#include <string>

#include "engine/estimation/fleet/telemetry.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"

namespace pb::engine::estimation::telemetry_io {

// CSV header for FormatTelemetry(kCsv, ...): every field, present or not.
std::string TelemetryCsvHeader();
// One line (SenML: one pack) with its newline; absent fields are left out (CSV: empty cells).
std::string FormatTelemetry(InputFormat format, const TelemetryRecord& record);

}  // namespace pb::engine::estimation::telemetry_io
