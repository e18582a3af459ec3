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
