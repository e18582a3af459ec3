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
// Appends FormatTelemetry(format, record) to `out`: the same bytes (tested on every record of a
// fleet with bad data), without its temporary strings for CSV and line protocol; a value the fast
// path does not expect (NaN, a device id to quote) and the other formats go through FormatTelemetry.
void AppendTelemetry(InputFormat format, const TelemetryRecord& record, std::string& out);

}  // namespace pb::engine::estimation::telemetry_io
