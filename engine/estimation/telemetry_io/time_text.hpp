// Timestamps in telemetry: Unix seconds as a number, or ISO 8601 / RFC 3339 text
// ("2024-01-01T00:00:00Z", fractional seconds and +hh:mm offsets allowed).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pb::engine::estimation::telemetry_io {

std::optional<double> ParseIsoTime_s(std::string_view text);
// A number (Unix seconds) or ISO 8601 text.
std::optional<double> ParseTime_s(std::string_view text);
// "2024-01-01T00:00:00Z" (whole seconds; fractions are dropped).
std::string FormatIsoTime(double unix_s);

}  // namespace pb::engine::estimation::telemetry_io
