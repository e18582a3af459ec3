// Telemetry readers and writers: each format parses its documented example, what the writers
// (fleet-sim's) write reads back into the same record, malformed lines give an error and no
// record, SenML units are converted or counted as unknown.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <optional>

#include "engine/estimation/telemetry_io/estimate_writer.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation::telemetry_io {
namespace {

constexpr double kT0 = 1704067200.0;  // 2024-01-01T00:00:00Z

std::vector<TelemetryRecord> Read(InputFormat format, const std::vector<std::string>& lines, std::string* error = nullptr,
                                  ReasonCounts* counts_out = nullptr) {
  TelemetryReader reader(format);
  std::vector<TelemetryRecord> all, records;
  static std::deque<std::string> ids;  // records point into reader storage: copy ids
  ReasonCounts counts{};
  for (const std::string& line : lines) {
    std::string e;
    if (!reader.ReadLine(line, records, e, counts)) {
      if (error) *error = e;
      continue;
    }
    for (TelemetryRecord r : records) {
      ids.emplace_back(r.device_id);
      r.device_id = ids.back();
      all.push_back(r);
    }
  }
  if (counts_out) *counts_out = counts;
  return all;
}

TEST(IngestFormats, IsoTimes) {
  EXPECT_EQ(*ParseIsoTime_s("2024-01-01T00:00:00Z"), kT0);
  EXPECT_EQ(*ParseIsoTime_s("2024-01-01T01:00:00+01:00"), kT0);
  EXPECT_NEAR(*ParseIsoTime_s("2024-01-01T00:00:00.250Z"), kT0 + 0.25, 1e-9);
  EXPECT_EQ(*ParseTime_s("1704067200"), kT0);
  EXPECT_FALSE(ParseIsoTime_s("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime_s("yesterday"));
  EXPECT_EQ(FormatIsoTime(kT0 + 60 * units::kSecondsPerDay + 3661.0), "2024-03-01T01:01:01Z");  // leap year
}

TEST(IngestFormats, CsvWithUnitsInColumnNames) {
  const auto r = Read(InputFormat::kCsv, {"device,time,voltage_mV,level_pct,signal_dBm,temperature_degC,reports,extra",
                                          "d1,2024-01-01T00:00:00Z,3612,87,-104,4.5,12,x", "d2,1704067200,,50,,,,"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].device_id, "d1");
  EXPECT_EQ(r[0].time_s, kT0);
  EXPECT_NEAR(r[0].voltage_V, 3.612, 1e-12);
  EXPECT_NEAR(r[0].level_frac, 0.87, 1e-12);
  EXPECT_EQ(r[0].signal_dBm, -104.0);
  EXPECT_EQ(r[0].reports_count, 12.0);
  EXPECT_TRUE(r[0].has(field::kTemperature));
  EXPECT_FALSE(r[1].has(field::kVoltage));  // empty cell: absent
  EXPECT_TRUE(r[1].has(field::kLevel));
}

TEST(IngestFormats, CsvErrorsNameTheProblem) {
  std::string error;
  Read(InputFormat::kCsv, {"voltage_V", "3.6"}, &error);
  EXPECT_NE(error.find("device"), std::string::npos);
  Read(InputFormat::kCsv, {"device,time,voltage_V", "d1,1704067200,abc"}, &error);
  EXPECT_NE(error.find("voltage_V"), std::string::npos);
  Read(InputFormat::kCsv, {"device,time,voltage_V", "d1,1704067200"}, &error);
  EXPECT_NE(error.find("expected 3 cells"), std::string::npos);
}

TEST(IngestFormats, JsonLines) {
  std::string error;
  const auto r = Read(InputFormat::kJsonl, {R"({"device":"d1","time":"2024-01-01T00:00:00Z","voltage_V":3.61,"current_mA":-12,"unknown":1})",
                                            R"({"device":"d1","time_ms":1704067201000,"level_pct":null})", "{not json"},
                      &error);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_NEAR(r[0].current_A, -0.012, 1e-12);
  EXPECT_EQ(r[1].time_s, kT0 + 1.0);
  EXPECT_FALSE(r[1].has(field::kLevel));
  EXPECT_EQ(error, "not valid JSON");
}

TEST(IngestFormats, SenmlAsAnLwm2mServerForwardsIt) {
  ReasonCounts counts{};
  const auto r = Read(InputFormat::kSenml,
                      {R"([{"bn":"urn:imei:35000:/3/0/","bt":1704067200,"n":"7","u":"mV","v":3601},{"n":"9","u":"%EL","v":64},)"
                       R"({"n":"20","v":0},{"n":"8","u":"A","v":0.002},{"bn":"urn:imei:35000:/","n":"4/0/2","u":"dBm","v":-110},)"
                       R"({"n":"3303/0/5700","u":"Cel","v":-3.5},{"n":"3/0/7","t":60,"u":"V","v":3.6},{"n":"3/0/9","t":60,"u":"furlong","v":1}])"},
                      nullptr, &counts);
  ASSERT_EQ(r.size(), 2u);  // two instants
  EXPECT_EQ(r[0].device_id, "urn:imei:35000");
  EXPECT_NEAR(r[0].voltage_V, 3.601, 1e-12);
  EXPECT_NEAR(r[0].level_frac, 0.64, 1e-12);
  EXPECT_NEAR(r[0].current_A, 0.002, 1e-12);
  EXPECT_EQ(r[0].signal_dBm, -110.0);
  EXPECT_EQ(r[0].temperature_degC, -3.5);
  EXPECT_EQ(r[1].time_s, kT0 + 60.0);
  EXPECT_NEAR(r[1].voltage_V, 3.6, 1e-12);
  EXPECT_FALSE(r[1].has(field::kLevel));  // unit not understood: dropped and counted
  EXPECT_EQ(counts[static_cast<std::size_t>(Reason::kUnknownUnit)], 1u);
}

TEST(IngestFormats, InfluxLineProtocol) {
  std::string error;
  const auto r = Read(InputFormat::kInflux, {"telemetry,device=d7,site=mast3 voltage_V=3.6,level_pct=87i,signal_dBm=-101i,note=\"ok\" 1704067200000000000",
                                             "telemetry,device=d7 voltage_V=3.6"},
                      &error);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].device_id, "d7");
  EXPECT_EQ(r[0].time_s, kT0);
  EXPECT_NEAR(r[0].level_frac, 0.87, 1e-12);
  EXPECT_NE(error.find("timestamp"), std::string::npos);
}

// The timestamp parser takes eight digits at a time: every length, a bad digit in either part,
// and the ends of the signed 64-bit range.
TEST(IngestFormats, InfluxTimestampsOfEveryLength) {
  TelemetryReader reader(InputFormat::kInflux);
  std::vector<TelemetryRecord> records;
  std::string error;
  ReasonCounts counts{};
  const auto time_of = [&](const std::string& stamp) -> std::optional<double> {
    if (!reader.ReadLine("t,device=d level_pct=50i " + stamp, records, error, counts)) return std::nullopt;
    return records.at(0).time_s;
  };
  std::string digits;
  long long value = 0;
  for (int n = 1; n <= 18; ++n) {
    digits += static_cast<char>('0' + n % 10);
    value = value * 10 + n % 10;
    const std::optional<double> t = time_of(digits);
    ASSERT_TRUE(t) << digits;
    EXPECT_EQ(*t, static_cast<double>(value / 1000000000) + static_cast<double>(value % 1000000000) * 1e-9) << digits;
  }
  EXPECT_EQ(time_of("1704067200000000000"), kT0);
  EXPECT_EQ(time_of("-1000000000"), -1.0);
  EXPECT_TRUE(time_of("9223372036854775807"));
  EXPECT_FALSE(time_of("9223372036854775808"));   // past the signed range
  EXPECT_FALSE(time_of("17040672000000000000"));  // 20 digits
  EXPECT_FALSE(time_of("170406720000000x000"));   // a bad digit in an eight-digit word
  EXPECT_FALSE(time_of("17x4067200000000000"));   // in the leading digits
  EXPECT_FALSE(time_of("1704067200:00000000"));   // ':' is '0' + 10: not a digit
  EXPECT_FALSE(time_of("-"));
  EXPECT_NE(error.find("timestamp"), std::string::npos);
}

// Field values are parsed eight bytes at a time: runs that end inside a word, fill one, cross
// into the next, fractions, signs, and the numbers that take the slow path (> 15 digits,
// exponents) must all read as strtod would.
TEST(IngestFormats, InfluxFieldValuesOfEveryShape) {
  TelemetryReader reader(InputFormat::kInflux);
  std::vector<TelemetryRecord> records;
  std::string error;
  ReasonCounts counts{};
  const auto reports_of = [&](const std::string& value) -> std::optional<double> {
    if (!reader.ReadLine("t,device=d reports=" + value + " 1704067200000000000", records, error, counts)) return std::nullopt;
    return records.at(0).reports_count;
  };
  for (const std::string value : {"0", "7", "12345678", "123456789", "1234567890123", "123456789012345", "1.5",
                                  "12345678.25", "0.000001234", ".5", "5.", "-118", "-8.6", "1234567890123456",
                                  "12345678901234567890", "1e5", "2.5E-3", "1234567.12345678"}) {
    const std::optional<double> got = reports_of(value + (value.find_first_of(".eE") == std::string::npos ? "i" : ""));
    ASSERT_TRUE(got) << value << ": " << error;
    EXPECT_EQ(*got, std::strtod(value.c_str(), nullptr)) << value;
  }
  EXPECT_FALSE(reports_of("1.2.3"));
  EXPECT_FALSE(reports_of("-"));
  EXPECT_FALSE(reports_of("12a4"));
  // A value at the very end of a line (fewer than eight bytes left): the timestamp is missing.
  EXPECT_FALSE(reader.ReadLine("t,device=d reports=12", records, error, counts));
  EXPECT_NE(error.find("timestamp"), std::string::npos);
}

TEST(IngestFormats, WritersRoundTripThroughReaders) {
  TelemetryRecord in;
  in.device_id = "dev-00042";
  in.time_s = kT0 + 3600.0;
  in.present = field::kVoltage | field::kLevel | field::kSignal | field::kTemperature | field::kReports | field::kFota |
               field::kPulseDrop | field::kBatteryStatus | field::kCeLevel | field::kCurrent;
  in.voltage_V = 3.612;
  in.level_frac = 0.87;
  in.signal_dBm = -104;
  in.temperature_degC = -4.5;
  in.reports_count = 1234;
  in.fota_count = 2;
  in.pulse_drop_V = 0.174;
  in.battery_status = 4;
  in.ce_level = 1;
  in.current_A = 0.0025;
  for (InputFormat f : {InputFormat::kCsv, InputFormat::kJsonl, InputFormat::kSenml, InputFormat::kInflux}) {
    std::vector<std::string> lines;
    if (f == InputFormat::kCsv) lines.push_back(TelemetryCsvHeader());
    lines.push_back(FormatTelemetry(f, in));
    const auto out = Read(f, lines);
    ASSERT_EQ(out.size(), 1u) << lines.back();
    const TelemetryRecord& r = out[0];
    EXPECT_EQ(r.device_id, in.device_id);
    EXPECT_EQ(r.time_s, in.time_s);
    EXPECT_EQ(r.present, in.present) << lines.back();
    EXPECT_NEAR(r.voltage_V, in.voltage_V, 1e-9);
    EXPECT_NEAR(r.level_frac, in.level_frac, 1e-9);
    EXPECT_NEAR(r.current_A, in.current_A, 1e-9);
    EXPECT_NEAR(r.pulse_drop_V, in.pulse_drop_V, 1e-9);
    EXPECT_EQ(r.reports_count, in.reports_count);
    EXPECT_EQ(r.ce_level, in.ce_level);
    EXPECT_EQ(r.battery_status, in.battery_status);
  }
}

// Issue #20: nothing a reader drops goes uncounted (docs/estimation.md, "Bad data").
std::uint64_t Count(const ReasonCounts& counts, Reason reason) { return counts[static_cast<std::size_t>(reason)]; }

TEST(IngestFormats, SenmlValuesThatAreNotNumbersAreCounted) {
  ReasonCounts counts{};
  std::string error;
  const auto r = Read(InputFormat::kSenml,
                      {R"([{"bn":"d1/","bt":1704067200,"n":"3/0/7","vs":"3600"},{"n":"3/0/9","v":null},{"n":"3/0/9","v":"64"},)"
                       R"({"n":"4/0/2","vb":true},{"n":"pb/reports","vd":"AQ"},{"n":"3/0/20","s":1},{"n":"3303/0/5700","u":"Cel","v":-3}])"},
                      &error, &counts);
  EXPECT_EQ(error, "");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].present, field::kTemperature);  // the one numeric value
  EXPECT_EQ(Count(counts, Reason::kNonNumeric), 6u);
}

TEST(IngestFormats, SenmlResourcesTheEstimatorDoesNotUseAreCounted) {
  ReasonCounts counts{};
  const auto r = Read(InputFormat::kSenml,
                      {R"([{"bn":"urn:imei:35000:/","bt":1704067200},{"n":"3/0/0","vs":"Nordic"},{"n":"3/0/13","v":1704067200},)"
                       R"({"n":"5/0/3","v":1},{"n":"firmware","vs":"1.2"},{"n":"3/0/9","u":"%EL","v":64}])"},
                      nullptr, &counts);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].device_id, "urn:imei:35000");
  EXPECT_EQ(r[0].present, field::kLevel);
  // The base-fields-only entry carries no value and is not counted.
  EXPECT_EQ(Count(counts, Reason::kUnknownResource), 4u);
  EXPECT_EQ(Count(counts, Reason::kNonNumeric), 0u);
}

TEST(IngestFormats, AnEmptySenmlPackIsCounted) {
  ReasonCounts counts{};
  std::string error;
  EXPECT_TRUE(Read(InputFormat::kSenml, {"[]", " [ ] "}, &error, &counts).empty());
  EXPECT_EQ(error, "");
  EXPECT_EQ(Count(counts, Reason::kEmptyPack), 2u);
}

TEST(IngestFormats, AMalformedPackCountsAsMalformedOnly) {
  // Entries before the one that breaks the pack were not used: they count nothing of their own.
  TelemetryReader reader(InputFormat::kSenml);
  std::vector<TelemetryRecord> records;
  std::string error;
  ReasonCounts counts{};
  EXPECT_FALSE(reader.ReadLine(R"([{"bn":"d/","n":"3/0/0","vs":"x"},{"n":"3/0/7","u":"furlong","v":1},7])", records, error, counts));
  EXPECT_EQ(counts, ReasonCounts{});
}

TEST(IngestFormats, CommentLinesAreCountedAndHashIdsAreData) {
  // CSV: a line starting with '#' is a comment, counted; a device id that starts with '#' is quoted.
  ReasonCounts counts{};
  std::string error;
  auto r = Read(InputFormat::kCsv,
                {"# exported 2024-01-02", "device,time,level_pct", "\"#7\",1704067200,90", "# a note", "d2,1704067200,80"}, &error,
                &counts);
  EXPECT_EQ(error, "");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].device_id, "#7");
  EXPECT_EQ(Count(counts, Reason::kComment), 2u);
  // Line protocol has comments too (InfluxDB's syntax).
  counts = {};
  r = Read(InputFormat::kInflux, {"# gateway 3", "telemetry,device=#8 level_pct=90i 1704067200000000000"}, &error, &counts);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].device_id, "#8");
  EXPECT_EQ(Count(counts, Reason::kComment), 1u);
  // JSON has no comments: a JSON-lines record whose device id starts with '#' is data, and a line
  // that starts with '#' is malformed, not silently skipped.
  counts = {};
  r = Read(InputFormat::kJsonl, {R"({"device":"#9","time":1704067200,"level_pct":90})", "# not JSON"}, &error, &counts);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].device_id, "#9");
  EXPECT_EQ(error, "not valid JSON");
  EXPECT_EQ(Count(counts, Reason::kComment), 0u);
  error.clear();
  r = Read(InputFormat::kSenml, {"# not a pack"}, &error, &counts);
  EXPECT_EQ(error, "not valid JSON");
}

TEST(IngestFormats, ACsvHeaderWithoutDeviceOrTimeIsOneError) {
  TelemetryReader reader(InputFormat::kCsv);
  std::vector<TelemetryRecord> records;
  ReasonCounts counts{};
  std::vector<std::string> errors;
  for (const std::string line : {"device,voltage_V", "d1,3.6", "d2,3.7", "device,time,voltage_V", "d3,1704067200,3.8"}) {
    std::string error;
    if (!reader.ReadLine(line, records, error, counts)) errors.push_back(error);
    EXPECT_TRUE(records.empty()) << line;
  }
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("'device,voltage_V'"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("no time column (time, time_s or time_ms)"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].find("device column"), std::string::npos) << errors[0];
  EXPECT_EQ(Count(counts, Reason::kNoHeader), 4u);

  TelemetryReader neither(InputFormat::kCsv);
  std::string error;
  EXPECT_FALSE(neither.ReadLine("voltage_V,level_pct", records, error, counts));
  EXPECT_NE(error.find("no device column (device or device_id) and no time column"), std::string::npos) << error;
}

TEST(IngestFormats, InfluxStringsInTelemetryFieldsAreCounted) {
  ReasonCounts counts{};
  const auto r = Read(InputFormat::kInflux,
                      {R"(telemetry,device=d1 voltage_mV="3600",note="a, b",level_pct=90i 1704067200000000000)"}, nullptr, &counts);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].present, field::kLevel);
  EXPECT_EQ(Count(counts, Reason::kNonNumeric), 1u);  // voltage_mV; "note" is not telemetry
}

TEST(IngestFormats, CsvWriterQuotesIdsTheReaderWouldMisread) {
  for (const std::string id : {"#dev-1", "a,b", "say \"hi\""}) {
    TelemetryRecord in;
    in.device_id = id;
    in.time_s = kT0;
    in.present = field::kLevel;
    in.level_frac = 0.5;
    ReasonCounts counts{};
    const auto out = Read(InputFormat::kCsv, {TelemetryCsvHeader(), FormatTelemetry(InputFormat::kCsv, in)}, nullptr, &counts);
    ASSERT_EQ(out.size(), 1u) << id;
    EXPECT_EQ(out[0].device_id, id);
    EXPECT_EQ(Count(counts, Reason::kComment), 0u);
  }
}

TEST(IngestFormats, EstimateWritersCarryUnitsAndFlags) {
  DeviceEstimate e;
  e.device_id = "d1";
  e.time_s = kT0;
  e.soc_frac = 0.5;
  e.remaining_life = {10 * units::kSecondsPerDay, 20 * units::kSecondsPerDay, 30 * units::kSecondsPerDay};
  e.flags = flag::kDrainFast | flag::kBrownOutRisk;
  e.drain_cause = DrainCause::kCoverage;
  EXPECT_NE(FormatEstimate(EstimateFormat::kJsonl, e).find("\"remaining_life_days\":{\"p10\":10,\"p50\":20,\"p90\":30}"), std::string::npos);
  EXPECT_NE(FormatEstimate(EstimateFormat::kJsonl, e).find("\"flags\":[\"drain_fast\",\"brown_out_risk\"]"), std::string::npos);
  const std::string senml = FormatEstimate(EstimateFormat::kSenml, e);
  EXPECT_NE(senml.find("\"n\":\"soc\",\"u\":\"%EL\",\"v\":50"), std::string::npos);
  EXPECT_NE(senml.find("\"n\":\"remaining_life_p50\",\"u\":\"EL\",\"v\":1.728e+06"), std::string::npos);
  EXPECT_NE(FormatEstimate(EstimateFormat::kInflux, e).find("battery_estimate,device=d1,chemistry=primary soc_pct=50,"), std::string::npos);
  const std::string csv = FormatEstimate(EstimateFormat::kCsv, e);
  const std::string header = CsvHeader();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), ','), std::count(header.begin(), header.end(), ','));
}

}  // namespace
}  // namespace pb::engine::estimation::telemetry_io
