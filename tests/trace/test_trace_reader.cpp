// Trace CSV parsing: the PPK2, Otii and plain layouts, digital channels, units, and malformed
// files answered with an error naming the line; bad samples and gaps reported, not averaged.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/trace/analyze_trace.hpp"
#include "engine/trace/trace_error.hpp"
#include "engine/trace/trace_reader.hpp"

namespace pb {
namespace {

// Collects what the reader passes on.
struct Collected : engine::trace::TraceSink {
  std::vector<double> time_s, current_A;
  std::vector<std::uint8_t> bits;
  int breaks = 0;
  void Samples(const engine::trace::SampleBatch& b) override {
    time_s.insert(time_s.end(), b.time_s.begin(), b.time_s.end());
    current_A.insert(current_A.end(), b.current_A.begin(), b.current_A.end());
    bits.insert(bits.end(), b.bits.begin(), b.bits.end());
  }
  void Break() override { ++breaks; }
};

engine::trace::TraceQuality Read(const std::string& text, Collected& sink, const engine::trace::ReaderOptions& options = {}) {
  std::istringstream in(text);
  return engine::trace::ReadTrace(in, "test.csv", sink, options);
}

// The TraceError's message for text, or "" when it parses.
std::string ErrorOf(const std::string& text, const engine::trace::ReaderOptions& options = {}) {
  Collected sink;
  try {
    Read(text, sink, options);
  } catch (const engine::trace::TraceError& e) {
    return e.what();
  }
  return "";
}

TEST(TraceReader, Ppk2WithPackedDigitalChannels) {
  Collected s;
  const engine::trace::TraceQuality q = Read("Timestamp(ms),Current(uA),D0-D7\n0.00,3.5,00000000\n0.01,4.5,10010000\n0.02,1500,01000000\n", s);
  EXPECT_EQ(q.columns.format, engine::trace::TraceFormat::kPpk2);
  EXPECT_EQ(q.columns.digital_channels, 8);
  ASSERT_EQ(s.time_s.size(), 3u);
  EXPECT_DOUBLE_EQ(s.time_s[1], 1e-5);
  EXPECT_DOUBLE_EQ(s.current_A[2], 1.5e-3);
  EXPECT_EQ(s.bits[1], 0b00001001);  // D0 and D3: the first character is D0
  EXPECT_EQ(s.bits[2], 0b00000010);
  EXPECT_NEAR(q.nominal_step_s, 1e-5, 1e-15);
  EXPECT_EQ(q.samples, 3u);
}

TEST(TraceReader, Ppk2WithOneColumnPerChannelAndWithBits) {
  Collected columns;
  Read("Timestamp(ms),Current(uA),D0,D1,D2,D3,D4,D5,D6,D7\n0,50000,0,0,0,0,0,1,0,0\n0.01,60000,1,1,0,0,0,0,0,0\n", columns);
  ASSERT_EQ(columns.bits.size(), 2u);
  EXPECT_EQ(columns.bits[0], 32);
  EXPECT_EQ(columns.bits[1], 3);
  Collected bits;
  Read("Timestamp(ms),Current(uA),Bits\n0,5,00000010\n0.01,6,10000000\n", bits);
  EXPECT_EQ(bits.bits[0], 0b00000010);  // most significant bit (D7) first
  EXPECT_EQ(bits.bits[1], 0b10000000);
}

TEST(TraceReader, OtiiExportWithQuotedHeadersAndExtraChannels) {
  Collected s;
  const engine::trace::TraceQuality q = Read(
      "\"Timestamp (s)\",\"Arc Main Current (A)\",\"Arc Main Voltage (V)\"\r\n"
      "0.000000,0.0000031,3.6\r\n0.000250,\"0.0000032\",3.6\r\n0.000500,0.012,3.59\r\n",
      s);
  EXPECT_EQ(q.columns.format, engine::trace::TraceFormat::kOtii);
  EXPECT_EQ(q.columns.current_header, "Arc Main Current (A)");
  ASSERT_EQ(s.current_A.size(), 3u);
  EXPECT_DOUBLE_EQ(s.current_A[1], 3.2e-6);
  EXPECT_DOUBLE_EQ(s.time_s[2], 0.0005);
  EXPECT_NEAR(q.nominal_step_s, 250e-6, 1e-12);
}

// An export with many channels: the current column far past the 64th is read like any other.
TEST(TraceReader, TheCurrentColumnMayComeAfterManyOtherChannels) {
  constexpr int kOtherChannels = 90;
  std::string header = "\"Timestamp (s)\"";
  for (int c = 0; c < kOtherChannels; ++c) header += ",\"Channel " + std::to_string(c) + " Voltage (V)\"";
  header += ",\"Arc Main Current (A)\"\n";
  std::string text = header;
  for (int row = 0; row < 4; ++row) {
    text += std::to_string(row * 0.001);
    for (int c = 0; c < kOtherChannels; ++c) text += ",3.6";
    text += "," + std::to_string(0.001 * (row + 1)) + "\n";
  }
  Collected s;
  const engine::trace::TraceQuality q = Read(text, s);
  EXPECT_EQ(q.columns.current_header, "Arc Main Current (A)");
  ASSERT_EQ(s.current_A.size(), 4u);
  EXPECT_DOUBLE_EQ(s.current_A[3], 0.004);
  EXPECT_DOUBLE_EQ(s.time_s[2], 0.002);
}

TEST(TraceReader, PlainCsvWithUnitsInTheHeaderNames) {
  Collected a;
  Read("time_us,current_mA\n0,1.5\n100,2\n", a);
  EXPECT_DOUBLE_EQ(a.time_s[1], 1e-4);
  EXPECT_DOUBLE_EQ(a.current_A[0], 1.5e-3);
  Collected b;
  const engine::trace::TraceQuality q = Read("time (s);current [nA]\n0;1500\n0.5;2500\n", b);
  EXPECT_EQ(q.columns.delimiter, ';');
  EXPECT_EQ(q.columns.format, engine::trace::TraceFormat::kPlain);
  EXPECT_DOUBLE_EQ(b.current_A[1], 2.5e-6);
  Collected c;
  Read("t (ms),I (\xC2\xB5" "A)\n0,1\n1,2\n", c);  // µA in UTF-8
  EXPECT_DOUBLE_EQ(c.current_A[1], 2e-6);
}

TEST(TraceReader, MalformedFilesGiveAnErrorNamingTheLine) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& c : {
           Case{"", "empty file"},
           Case{"Timestamp(ms),Voltage(V)\n0,3.6\n", "test.csv:1: the header 'Timestamp(ms),Voltage(V)' has no current column"},
           Case{"time,current\n0,1\n", "test.csv:1: time column 'time' has no unit"},
           Case{"time_s,current_furlongs\n0,1\n", "unknown unit 'furlongs'"},
           Case{"\"Wall-clock time (UTC)\",\"Arc Main Current (A)\"\n", "wall-clock times"},
           Case{"time_s,current_uA\n0,1\n0.1,2\n0.2abc,3\n", "test.csv:4: time '0.2abc' in column 'time_s' is not a number"},
           Case{"time_s,current_uA\n0,1\n0.1,2\n0.2\n0.3,3\n", "test.csv:4: expected at least 2 columns as the header says, found 1 (truncated line?)"},
           Case{"Timestamp(ms),Current(uA),D0-D7\n0,1,00000000\n0.01,2\n", "test.csv:3: expected at least 3 columns"},
           Case{"time_s,current_uA\n0,1\n0.2,2\n0.1,3\n", "test.csv:4: time 0.1 s does not advance past 0.2 s on line 3"},
           Case{"time_s,current_uA\n0,1\n0,2\n", "test.csv:3: time 0 s does not advance"},
           Case{"time_s,current_uA\n", "no usable samples after the header"},
           Case{"time_s,current_uA\n0,abc\n", "no usable samples"},
       }) {
    EXPECT_NE(ErrorOf(c.text).find(c.expected), std::string::npos) << "input:\n" << c.text << "\nerror: " << ErrorOf(c.text);
  }
}

TEST(TraceReader, BadSamplesAreReportedWithTheirLinesAndNotPassedOn) {
  Collected s;
  const engine::trace::TraceQuality q =
      Read("time_ms,current_uA\n0,3\n1,abc\n2,nan\n3,3\n4,-50\n5,-0.4\n6,\n7,3\n", s);
  EXPECT_EQ(q.bad_sample_count, 4u);
  ASSERT_EQ(q.first_bad_samples.size(), 4u);
  EXPECT_EQ(q.first_bad_samples[0].line, 3u);
  EXPECT_NE(q.first_bad_samples[0].what.find("'abc' is not a number"), std::string::npos);
  EXPECT_EQ(q.first_bad_samples[1].line, 4u);
  EXPECT_EQ(q.first_bad_samples[2].line, 6u);
  EXPECT_NE(q.first_bad_samples[2].what.find("negative"), std::string::npos);
  EXPECT_EQ(q.first_bad_samples[3].line, 8u);
  EXPECT_EQ(q.samples, 4u);  // 0, 3, 5 (-0.4 uA is noise), 7
  EXPECT_EQ(s.breaks, 3);    // one per run of bad samples
  EXPECT_EQ(q.gap_count, 0u);

  engine::trace::ReaderOptions strict;
  strict.strict = true;
  EXPECT_NE(ErrorOf("time_ms,current_uA\n0,3\n1,3\n2,text\n", strict).find("test.csv:4: current 'text' is not a number"),
            std::string::npos);
}

TEST(TraceReader, GapsAreDetectedAgainstTheNominalStep) {
  Collected s;
  std::string text = "time_ms,current_uA\n";
  double t = 0.0;
  for (int k = 0; k < 40; ++k) {
    text += std::to_string(t) + ",3\n";
    t += (k == 25) ? 5.0 : (k == 30 ? 1.4 : 1.0);  // a gap after line 27; 1.4 steps are jitter
  }
  const engine::trace::TraceQuality q = Read(text, s);
  EXPECT_NEAR(q.nominal_step_s, 1e-3, 1e-12);
  EXPECT_EQ(q.gap_count, 1u);
  ASSERT_EQ(q.first_gaps.size(), 1u);
  EXPECT_EQ(q.first_gaps[0].line, 28u);
  EXPECT_NEAR(q.gap_time_s, 4e-3, 1e-9);
  EXPECT_EQ(s.breaks, 1);

  engine::trace::ReaderOptions rate;
  rate.sample_rate_Hz = 2000.0;  // nominal 0.5 ms: every 1 ms step is a gap
  Collected r;
  EXPECT_EQ(Read(text, r, rate).gap_count, 39u);
}

TEST(TraceReader, AnalysisDoesNotIntegrateAcrossAGap) {
  // 1 mA for 10 ms, a 100 ms hole, 1 mA for 10 ms: 20 uC, not 120 uC.
  std::string text = "time_ms,current_uA\n";
  for (int k = 0; k < 10; ++k) text += std::to_string(k) + ",1000\n";
  for (int k = 110; k < 120; ++k) text += std::to_string(k) + ",1000\n";
  std::istringstream in(text);
  const engine::trace::TraceReport r = engine::trace::AnalyzeTrace(in, "gap.csv", {}, {});
  EXPECT_EQ(r.quality.gap_count, 1u);
  EXPECT_NEAR(r.analysis.total_charge_C, 20e-6, 1e-12);
  EXPECT_NEAR(r.analysis.measured_time_s, 0.020, 1e-12);
}

TEST(TraceReader, MarkerChannelMustExist) {
  std::istringstream in("time_ms,current_uA\n0,1\n1,1\n");
  engine::trace::AnalysisOptions options;
  options.marker_channel = 2;
  EXPECT_THROW(engine::trace::AnalyzeTrace(in, "m.csv", {}, options), std::invalid_argument);
}

// A long trace generated on the fly through a stream: the reader never holds it.
TEST(TraceReader, StreamsALongTraceThroughAGeneratedStream) {
  class Lines : public std::streambuf {
   public:
    explicit Lines(long rows) : rows_(rows) { setg(nullptr, nullptr, nullptr); }

   protected:
    int_type underflow() override {
      if (row_ > rows_) return traits_type::eof();
      line_ = row_ == 0 ? std::string("Timestamp(ms),Current(uA)\n")
                        : std::to_string(static_cast<double>(row_ - 1) * 0.01) + "," +
                              ((row_ % 100000) < 1000 ? "5000.0" : "3.0") + "\n";
      ++row_;
      setg(line_.data(), line_.data(), line_.data() + line_.size());
      return traits_type::to_int_type(line_[0]);
    }

   private:
    long rows_, row_ = 0;
    std::string line_;
  };
  Lines buffer(300000);
  std::istream in(&buffer);
  const engine::trace::TraceReport r = engine::trace::AnalyzeTrace(in, "<generated>", {}, {});
  EXPECT_EQ(r.quality.samples, 300000u);
  EXPECT_EQ(r.analysis.event_count, 3u);
  EXPECT_NEAR(r.analysis.floor_A, 3e-6, 1e-9);
}

}  // namespace
}  // namespace pb
