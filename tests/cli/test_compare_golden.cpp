// Golden outputs of `powerbudget compare`: the exact table, Markdown, JSON, CSV and JUnit XML,
// with the exit code, for profiles, saved results and measured traces (and of `trace` on one). Each case runs in a
// scratch directory holding copies of the inputs, so outputs name inputs relatively.
// Regenerate on purpose with POWERBUDGET_UPDATE_GOLDEN=1 (--gtest_filter='Compare/CompareGolden.*').
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/compare_cli_support.hpp"

namespace pb {
namespace {
namespace fs = std::filesystem;

struct CompareGoldenCase {
  const char* file;      // under tests/golden/
  const char* args;
  int exit_code;
  const char* written;   // a file the command writes (--junit) to compare instead of stdout
};

// The scratch directory with the inputs: two saved results and two traces.
const fs::path& Scratch() {
  static const test::ScratchDirectory scratch("powerbudget-compare-golden");
  static const bool ready = [] {
    const fs::path& d = scratch.path();
    const fs::path inputs = fs::path(PB_SOURCE_DIR) / "tests" / "cli" / "compare_inputs";
    for (const char* name : {"mast_monitor_result.json", "mast_monitor_30min_result.json"})
      fs::copy_file(inputs / name, d / name, fs::copy_options::overwrite_existing);
    test::ReportingTrace(2.0, 7).WritePpk2((d / "baseline.csv").string());
    test::ReportingTrace(5.0, 8).WritePpk2((d / "candidate.csv").string());  // a longer inactivity tail
    return true;
  }();
  (void)ready;
  return scratch.path();
}

class CompareGolden : public ::testing::TestWithParam<CompareGoldenCase> {};

TEST_P(CompareGolden, OutputMatches) {
  const CompareGoldenCase& c = GetParam();
  if (c.written) fs::remove(Scratch() / c.written);
  const test::CliResult r = test::RunCliIn(Scratch(), c.args);
  EXPECT_EQ(r.exit_code, c.exit_code) << c.args << "\n" << r.out;
  const std::string output = c.written ? test::ReadText(Scratch() / c.written) : r.out;
  const fs::path golden = fs::path(PB_SOURCE_DIR) / "tests" / "golden" / c.file;
  if (const char* update = std::getenv("POWERBUDGET_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << output;
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run with POWERBUDGET_UPDATE_GOLDEN=1";
  EXPECT_EQ(output, test::ReadText(golden)) << "powerbudget " << c.args;
}

constexpr const char* kConnectionId =
    "compare mast-monitor mast-monitor --set-candidate security.connection_id_B=0 --max-lifetime-loss 5 "
    "--max-energy-increase 10 --min-lifetime 365";

INSTANTIATE_TEST_SUITE_P(
    Compare, CompareGolden,
    ::testing::Values(
        // A lost DTLS Connection ID: a handshake with every report. Regression: exit 1.
        CompareGoldenCase{"compare_connection_id.txt", kConnectionId, 1, nullptr},
        CompareGoldenCase{"compare_connection_id.md",
                          "compare mast-monitor mast-monitor --set-candidate security.connection_id_B=0 "
                          "--max-lifetime-loss 5 --max-energy-increase 10 --min-lifetime 365 --report md",
                          1, nullptr},
        CompareGoldenCase{"compare_connection_id.json",
                          "compare mast-monitor mast-monitor --set-candidate security.connection_id_B=0 "
                          "--max-lifetime-loss 5 --max-energy-increase 10 --min-lifetime 365 --format json",
                          1, nullptr},
        CompareGoldenCase{"compare_connection_id.csv",
                          "compare mast-monitor mast-monitor --set-candidate security.connection_id_B=0 --format csv", 0,
                          nullptr},
        CompareGoldenCase{"compare_connection_id.junit.xml",
                          "compare mast-monitor mast-monitor --set-candidate security.connection_id_B=0 "
                          "--max-lifetime-loss 5 --max-energy-increase 10 --min-lifetime 365 --junit junit.xml",
                          1, "junit.xml"},
        // Reporting a little more often, within generous thresholds: exit 0.
        CompareGoldenCase{"compare_within_thresholds.txt",
                          "compare mast-monitor mast-monitor --set-candidate reporting.interval_s=3300 "
                          "--max-lifetime-loss 10 --max-energy-increase 10",
                          0, nullptr},
        // Saved simulate results: every 30 min instead of every hour.
        CompareGoldenCase{"compare_results.txt",
                          "compare mast_monitor_result.json mast_monitor_30min_result.json --max-lifetime-loss 5", 1,
                          nullptr},
        // Measured traces: the inactivity tail grew from 2 s to 5 s.
        CompareGoldenCase{"compare_traces.txt",
                          "compare baseline.csv candidate.csv --battery saft-ls17500 --supply-voltage 3.6 "
                          "--max-lifetime-loss 5 --max-energy-increase 10",
                          1, nullptr},
        CompareGoldenCase{"compare_traces.json",
                          "compare baseline.csv candidate.csv --battery saft-ls17500 --supply-voltage 3.6 "
                          "--max-lifetime-loss 5 --max-energy-increase 10 --format json",
                          1, nullptr},
        // The analysis of one of those traces, which compare builds on (schema powerbudget/trace/1).
        CompareGoldenCase{"trace_candidate.txt",
                          "trace candidate.csv --battery saft-ls17500 --supply-voltage 3.6 --events 3", 0, nullptr},
        CompareGoldenCase{"trace_candidate.json",
                          "trace candidate.csv --battery saft-ls17500 --supply-voltage 3.6 --events 3 --format json", 0,
                          nullptr}),
    [](const ::testing::TestParamInfo<CompareGoldenCase>& param_info) {
      std::string name = param_info.param.file;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

}  // namespace
}  // namespace pb
