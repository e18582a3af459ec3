// powerbudget fleet-sim and estimate, end to end through the binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb::test {
namespace {

std::size_t Lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(EstimationCli, FleetSimWritesTelemetryAndTruth) {
  const ScratchDirectory scratch("pb-estimation-cli");  // removed at the end of the test
  const std::filesystem::path& dir = scratch.path();
  const std::string out = (dir / "fleet.csv").string();
  const CliResult r = RunCli("fleet-sim mast-monitor --devices 5 --days 2 --seed 4 --output " + out);
  ASSERT_EQ(r.exit_code, 0);
  std::ifstream truth(dir / "fleet.truth.csv");
  std::stringstream t;
  t << truth.rdbuf();
  EXPECT_EQ(Lines(t.str()), 2u + 5u);  // comment, header, one line per device
  EXPECT_NE(t.str().find("seed 4"), std::string::npos);
  // The same seed gives the same fleet.
  const CliResult again = RunCli("fleet-sim mast-monitor --devices 5 --days 2 --seed 4 --truth /dev/null");
  std::ifstream first(out);
  std::stringstream f;
  f << first.rdbuf();
  EXPECT_EQ(again.out, f.str());
}

TEST(EstimationCli, EstimateReadsEveryFormatAndWritesEveryFormat) {
  const ScratchDirectory scratch("pb-estimation-cli");  // removed at the end of the test
  const std::filesystem::path& dir = scratch.path();
  for (const std::string format : {"csv", "jsonl", "senml", "influx"}) {
    const std::string file = (dir / ("t." + format)).string();
    ASSERT_EQ(RunCli("fleet-sim mast-monitor --devices 4 --days 3 --seed 2 --telemetry-format " + format + " -o " + file).exit_code, 0);
    for (const std::string output : {"json", "csv", "influx", "senml"}) {
      const CliResult r = RunCli("estimate --profile mast-monitor --input " + file + " --input-format " + format +
                                 " --format " + output);
      ASSERT_EQ(r.exit_code, 0) << format << " -> " << output;
      EXPECT_EQ(Lines(r.out), output == "csv" ? 5u : 4u) << format << " -> " << output << "\n" << r.out;
    }
  }
}

TEST(EstimationCli, MalformedLinesAreNamedAndTheStreamContinues) {
  const ScratchDirectory scratch("pb-estimation-cli");  // removed at the end of the test
  const std::filesystem::path& dir = scratch.path();
  const std::string file = (dir / "broken.jsonl").string();
  std::ofstream(file) << R"({"device":"a","time":"2024-01-01T00:00:00Z","level_pct":90,"voltage_V":3.6})" "\n"
                      << "{this is not json\n"
                      << R"({"device":"a","time":"2024-01-01T01:00:00Z","level_pct":90,"voltage_V":3.6})" "\n";
  const CliResult r = RunCli("estimate --profile mast-monitor --format json --input " + file, true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("line 2: not valid JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"records_accepted\":2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"malformed\":1"), std::string::npos) << r.out;
}

TEST(EstimationCli, DroppedTelemetryIsCountedInTheSummary) {
  // Issue #20: what the readers drop is in the summary's counts by reason, not silently gone.
  const ScratchDirectory scratch("pb-estimation-cli");  // removed at the end of the test
  const std::filesystem::path& dir = scratch.path();
  const std::string senml = (dir / "t.senml").string();
  std::ofstream(senml) << R"([{"bn":"d1/","bt":1704067200,"n":"3/0/9","u":"%EL","v":90},{"n":"3/0/7","vs":"3600"},{"n":"3/0/0","vs":"Nordic"}])" "\n"
                       << "[]\n";
  CliResult r = RunCli("estimate --profile mast-monitor --format json --input " + senml, true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"empty_pack\":1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"non_numeric\":1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"unknown_resource\":1"), std::string::npos) << r.out;

  const std::string csv = (dir / "t.csv").string();
  std::ofstream(csv) << "# exported by the gateway\ndevice,time,level_pct\n\"#d2\",2024-01-01T00:00:00Z,90\n";
  r = RunCli("estimate --profile mast-monitor --format json --input " + csv, true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"device\":\"#d2\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"comment\":1"), std::string::npos) << r.out;

  // A header without a time column: one error naming the header's line, the rows counted.
  const std::string headless = (dir / "h.csv").string();
  std::ofstream(headless) << "# comment\ndevice,level_pct\nd1,90\nd1,89\nd1,88\n";
  r = RunCli("estimate --profile mast-monitor --input " + headless, true);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("line 2: CSV header 'device,level_pct' has no time column"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("line 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"no_header\":3"), std::string::npos) << r.out;
}

TEST(EstimationCli, SnapshotsCarryStateBetweenRuns) {
  const ScratchDirectory scratch("pb-estimation-cli");  // removed at the end of the test
  const std::filesystem::path& dir = scratch.path();
  const std::string file = (dir / "s.csv").string(), snap = (dir / "s.snap").string();
  ASSERT_EQ(RunCli("fleet-sim mast-monitor --devices 3 --days 2 --seed 8 --clean -o " + file).exit_code, 0);
  const CliResult once = RunCli("estimate --profile mast-monitor --input " + file);
  ASSERT_EQ(RunCli("estimate --profile mast-monitor --input " + file + " --snapshot-out " + snap).exit_code, 0);
  const CliResult restored = RunCli("estimate --profile mast-monitor --input /dev/null --input-format csv --snapshot-in " + snap);
  EXPECT_EQ(restored.exit_code, 0);
  EXPECT_EQ(restored.out, once.out);
  // A snapshot of another profile is refused (exit 2).
  EXPECT_EQ(RunCli("estimate --profile smart-meter-gateway --input /dev/null --input-format csv --snapshot-in " + snap).exit_code, 2);
}

TEST(EstimationCli, BadOptionsExitWithTwo) {
  EXPECT_EQ(RunCli("estimate --profile mast-monitor --input /dev/null --input-format xml").exit_code, 2);
  EXPECT_EQ(RunCli("estimate --profile no-such-device --input /dev/null").exit_code, 2);
  EXPECT_EQ(RunCli("fleet-sim mast-monitor --devices 0").exit_code, 2);
}

}  // namespace
}  // namespace pb::test
