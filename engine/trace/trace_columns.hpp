// Which column of a trace CSV holds what: recognised from the header line.
//
//   PPK2 (nRF Connect Power Profiler export): Timestamp(ms),Current(uA)[,D0-D7 | ,D0,…,D7 | ,Bits]
//     "D0-D7": one column of 8 characters '0'/'1', the first character is D0;
//     "D0"…"D7": one column per channel;
//     "Bits": the older app's 8-character binary number, most significant bit (D7) first.
//   Otii (Qoitech Otii 3 export): a time column "Timestamp (s)" or "Time (s)" and a main current
//     column such as "Arc Main Current (A)" or "Main Current (A)"; other columns (voltage,
//     energy) are ignored. Fields may be quoted.
//   plain: any header with a time column and a current column named with their units:
//     "time (s)", "time[ms]", "time_us", "t_s" and "current (mA)", "I[uA]", "current_nA".
// Delimiters: ',' (else ';' or a tab when the header has no comma).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pb::engine::trace {

enum class TraceFormat { kPpk2, kOtii, kPlain };
const char* FormatName(TraceFormat format);

enum class DigitalLayout {
  kNone,
  kPackedD0First,  // "D0-D7": "01000000" means D1 high
  kColumns,        // D0,D1,…,D7 columns of 0/1
  kBitsMsbFirst,   // "Bits": "00000010" means D1 high
};

struct TraceColumns {
  TraceFormat format = TraceFormat::kPlain;
  char delimiter = ',';
  std::size_t column_count = 0;  // in the header
  std::size_t time_column = 0;
  double seconds_per_time_unit = 1.0;
  std::size_t current_column = 1;
  double amperes_per_current_unit = 1.0;
  DigitalLayout digital = DigitalLayout::kNone;
  std::size_t digital_column = 0;  // the packed column, or D0's column
  int digital_channels = 0;
  std::string time_header;
  std::string current_header;
  // The highest column index a data row must have (rows with fewer columns are truncated).
  std::size_t last_needed_column = 1;
};

// Throws TraceError naming line 1 of `source` when the header names no time or no current
// column, or names them without a unit.
TraceColumns DetectColumns(std::string_view header_line, const std::string& source);

// Splits a CSV line on the delimiter, removing surrounding quotes and spaces (header and slow
// paths only; data rows are scanned in place by the reader).
std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter);

}  // namespace pb::engine::trace
