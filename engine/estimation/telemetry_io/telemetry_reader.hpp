// Telemetry readers, one line at a time (a stream never has to fit in memory):
//   csv     a header line naming the columns (field_names.hpp), then one record per line;
//           empty cells are absent fields
//   jsonl   one JSON object per line with the same names: {"device":"d1","time":"2024-...Z",...}
//   senml   one SenML pack (RFC 8428 JSON array) per line, as an LwM2M server forwards it:
//           the full name bn+n ends in the LwM2M path, what precedes it is the device
//           ("dev-1/3/0/7"); records are the entries that share a device and a time.
//           /3/0/7 supply voltage (mV or V), /3/0/8 current (mA or A), /3/0/9 battery level
//           (%EL or %), /3/0/20 battery status, /4/0/2 signal strength (dBm),
//           /3303/x/5700 temperature (Cel), and pb/reports, pb/fota (count), pb/ce_level,
//           pb/pulse_drop (mV or V) for what LwM2M has no resource for
//   influx  InfluxDB line protocol: measurement,device=ID field=value,... timestamp (ns)
// A line that does not parse gives an error naming the problem (the caller adds the line
// number) and no records. Nothing else is dropped without a count (docs/estimation.md, "Bad
// data"): a SenML unit that cannot be converted drops that value (unknown_unit), a SenML value
// that is not a number or a line-protocol string in a telemetry field (non_numeric), a SenML
// resource the estimator does not use (unknown_resource), a pack without entries (empty_pack).
// A line whose first character is '#' is a comment in CSV and line protocol (comment; a CSV
// device id that starts with '#' is quoted); JSON has no comments, so in jsonl and senml such a
// line is malformed. A CSV header without a device or a time column is one error, and each row
// after it is counted as no_header.
#pragma once

#include <array>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "engine/estimation/fleet/reject_reason.hpp"
#include "engine/estimation/fleet/telemetry.hpp"

namespace pb::engine::estimation::telemetry_io {

enum class InputFormat { kCsv, kJsonl, kSenml, kInflux };
// "csv", "jsonl", "senml", "influx"; throws std::invalid_argument naming the allowed values.
InputFormat ParseInputFormat(std::string_view name);

class TelemetryReader {
 public:
  explicit TelemetryReader(InputFormat format) : format_(format) {}

  // Parses one line into `records` (cleared first). Returns false and sets `error` when the
  // line is malformed. Record ids point into `line` or into this reader's storage: valid until
  // the next call.
  bool ReadLine(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                ReasonCounts& counts);
  // The same, appending to `records` instead, so that a batch of lines is parsed first and then
  // ingested at once (FleetEstimator::Ingest of a span overlaps the devices' memory loads).
  // Ids stay valid until the next ReadLine or ReleaseIds (and as long as the lines).
  bool AppendLine(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                  ReasonCounts& counts);
  void ReleaseIds() { ids_.clear(); }
  // Columns of a CSV header that were not understood (ignored).
  const std::vector<std::string>& ignored_columns() const { return ignored_columns_; }

 private:
  bool ReadCsv(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error, ReasonCounts& counts);
  bool ReadCsvHeader(std::string_view line, const std::vector<std::string_view>& cells, std::string& error);
  bool ReadJson(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error);
  bool ReadSenml(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                 ReasonCounts& counts);
  bool ReadInflux(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                  ReasonCounts& counts);
  std::string_view Keep(std::string_view id);

  InputFormat format_;
  bool have_header_ = false;
  bool header_failed_ = false;  // the CSV header named no device or no time column (reported once)
  std::vector<int> columns_;  // FieldSpec index per CSV column (-1: ignored)
  std::vector<std::string> column_names_;
  std::vector<std::string> ignored_columns_;
  std::deque<std::string> ids_;  // ids that do not live in the line (JSON)
  // Line protocol: the field seen at each position of the previous line (-1: unknown). A
  // source writes its fields in the same order every line, so the next key is checked against
  // the prediction instead of being scanned for and looked up.
  std::array<int, 16> predicted_fields_ = [] {
    std::array<int, 16> a{};
    a.fill(-1);
    return a;
  }();
};

}  // namespace pb::engine::estimation::telemetry_io
