// The one output convention (docs/cli.md, "Output formats"): --format names the same formats with
// the same meaning everywhere, table by default, md where a report suits, and a format a command
// does not give is refused naming the ones it gives. Also `powerbudget init` (issue #19).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/output_format.hpp"
#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

using test::CliResult;
using test::RunCli;

const std::string kPpk2 = std::string(PB_SOURCE_DIR) + "/docs/examples/ppk2-export.csv";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every command refuses a format it does not give, with exit code 2 and the list of those it gives.
struct Refusal {
  const char* args;
  const char* message;
};
class FormatRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(FormatRefusal, NamesTheFormatsTheCommandGives) {
  const CliResult r = RunCli(GetParam().args, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(Contains(r.out, GetParam().message)) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Commands, FormatRefusal,
    ::testing::Values(
        Refusal{"lifetime mast-monitor --format xml", "--format 'xml' is not one of: table, json, csv, md"},
        Refusal{"montecarlo mast-monitor --devices 5 --format html", "--format 'html' is not one of: table, json, csv, md"},
        Refusal{"sensitivity mast-monitor --format jsonl", "--format 'jsonl' is not one of: table, json, csv, md"},
        Refusal{"sweep mast-monitor --vary reporting.interval_s=600:900:2 --format tsv",
                "--format 'tsv' is not one of: table, json, csv, md"},
        Refusal{"cell tr45820-capacity --format xml", "--format 'xml' is not one of: table, json, csv, md"},
        Refusal{"campaign mast-monitor-quarterly --format xml", "--format 'xml' is not one of: table, json, csv, md"},
        Refusal{"validate --format xml", "--format 'xml' is not one of: table, json, csv, md"},
        Refusal{"fleet-sim mast-monitor --devices 2 --days 1 --format jsonl --truth /dev/null",
                "--format 'jsonl' is not one of: table, json, csv, md"},
        Refusal{"estimate --profile mast-monitor --input /dev/null --format xml",
                "--format 'xml' is not one of: table, json, csv, md, influx, senml"},
        Refusal{"init --format table", "--format 'table' is not one of: json"}));

// The help as one line: Boost wraps option descriptions at the terminal's width.
std::string Unwrapped(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

TEST(OutputFormats, HelpListsTheFormatsWithTheDefaultFirst) {
  const CliResult r = RunCli("lifetime --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(Unwrapped(r.out), "output format: table (default), json, csv or md; csv: the series")) << r.out;
  const CliResult estimate = RunCli("estimate --help");
  EXPECT_TRUE(Contains(Unwrapped(estimate.out), "output format: table (default), json, csv, md, influx or senml"))
      << estimate.out;
}

TEST(OutputFormats, SweepPrintsATableByDefaultAndCsvWhenAsked) {
  const std::string args = "sweep mast-monitor --vary reporting.interval_s=600:1200:2";
  const CliResult table = RunCli(args);
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_TRUE(Contains(table.out, "reporting.interval_s  average_current_uA")) << table.out;
  EXPECT_TRUE(Contains(table.out, "\n----")) << table.out;
  const CliResult csv = RunCli(args + " --format csv");
  EXPECT_EQ(csv.out.rfind("reporting.interval_s,average_current_uA,lifetime_days,meets_target\n", 0), 0u) << csv.out;
  const CliResult md = RunCli(args + " --format md");
  EXPECT_EQ(md.out.rfind("| reporting.interval_s | average_current_uA |", 0), 0u) << md.out;
}

// md renders the report's tables as Markdown tables, with a blank line before each.
struct MarkdownCase {
  const char* args;
  const char* table_header;
};
class MarkdownReports : public ::testing::TestWithParam<MarkdownCase> {};

TEST_P(MarkdownReports, TablesAreMarkdownTables) {
  const CliResult r = RunCli(GetParam().args);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string header = std::string("\n\n") + GetParam().table_header;
  EXPECT_TRUE(Contains(r.out, header)) << r.out;
  EXPECT_FALSE(Contains(r.out, "\n----")) << "a text table's rule in Markdown:\n" << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Commands, MarkdownReports,
    ::testing::Values(MarkdownCase{"lifetime mast-monitor --dt-days 30 --format md", "| day | SOC | OCV V |"},
                      MarkdownCase{"montecarlo mast-monitor --devices 20 --threads 1 --format md",
                                   "| percentile | lifetime days | years |\n|---|---:|---:|\n| P1 |"},
                      MarkdownCase{"sensitivity mast-monitor --dt-days 30 --format md", "| input | P10 | P90 |"},
                      MarkdownCase{"cell tr45820-capacity --format md", "| device group | share |"},
                      MarkdownCase{"campaign mast-monitor-quarterly --format md", "| variant | level | devices |"}));

TEST(OutputFormats, TraceGivesMarkdown) {
  const CliResult r = RunCli("trace " + kPpk2 + " --format md");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "\n\n| group | events | mC/event |")) << r.out;
  // Prose lines keep their own lines: a hard break, not one joined paragraph.
  EXPECT_TRUE(Contains(r.out, "Gaps: 0  \nBad samples: 0")) << r.out;
}

TEST(OutputFormats, MarkdownReportSeparatesTablesAndKeepsLines) {
  const std::string text = "Title\n  indented line\n| a | b |\n|---|---:|\n| x | 1 |\nafter\n\nlast\n";
  EXPECT_EQ(cli::MarkdownReport(text),
            "Title  \nindented line\n\n| a | b |\n|---|---:|\n| x | 1 |\n\nafter\n\nlast\n");
}

TEST(OutputFormats, EstimatePrintsATableByDefault) {
  const std::string input = std::string(PB_SOURCE_DIR) + "/profiles/telemetry/mast-monitor-fleet.csv";
  const CliResult r = RunCli("estimate --profile mast-monitor --input " + input);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("device", 0), 0u) << r.out;
  EXPECT_TRUE(Contains(r.out, "life P50 d")) << r.out;
  const CliResult json = RunCli("estimate --profile mast-monitor --format json --input " + input);
  EXPECT_EQ(json.out.rfind("{\"device\":", 0), 0u) << json.out;
  // A table is aligned over every device: not for a stream.
  const CliResult record = RunCli("estimate --profile mast-monitor --emit record --input " + input, true);
  EXPECT_EQ(record.exit_code, 2);
  EXPECT_TRUE(Contains(record.out, "with --emit record give --format json, csv, influx or senml")) << record.out;
}

TEST(OutputFormats, EstimateOutputFormatIsADeprecatedAlias) {
  const std::string input = std::string(PB_SOURCE_DIR) + "/profiles/telemetry/mast-monitor-fleet.csv";
  const CliResult old = RunCli("estimate --profile mast-monitor --output-format jsonl --input " + input, true);
  EXPECT_TRUE(Contains(old.out, "--output-format is deprecated; use --format (jsonl is --format json)")) << old.out;
  EXPECT_EQ(RunCli("estimate --profile mast-monitor --output-format jsonl --input " + input).out,
            RunCli("estimate --profile mast-monitor --format json --input " + input).out);
  const CliResult both = RunCli("estimate --profile mast-monitor --output-format csv --format csv --input " + input, true);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Contains(both.out, "give only --format")) << both.out;
  const CliResult bad = RunCli("estimate --profile mast-monitor --output-format table --input " + input, true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Contains(bad.out, "--output-format 'table' is not one of: jsonl, csv, influx, senml")) << bad.out;
}

TEST(OutputFormats, FleetSimFormatIsTheSummaryAndTelemetryHasItsOwnOption) {
  const test::ScratchDirectory scratch("pb-output-formats");
  const std::string file = (scratch.path() / "fleet.jsonl").string();
  const CliResult r = RunCli("fleet-sim mast-monitor --devices 3 --days 2 --seed 5 --telemetry-format jsonl --format json -o " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "\"schema\": \"powerbudget/fleet-sim/1\"")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\"devices\": 3")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\"telemetry_format\": \"jsonl\"")) << r.out;
  EXPECT_EQ(ReadFile(file).rfind("{\"device\":", 0), 0u);
  // Telemetry on stdout: the summary goes to stderr, the stream stays telemetry.
  const CliResult stream = RunCli("fleet-sim mast-monitor --devices 2 --days 1 --seed 5 --truth /dev/null");
  EXPECT_EQ(stream.out.rfind("device,time,", 0), 0u) << stream.out;
  EXPECT_FALSE(Contains(stream.out, "fleet-sim  value")) << stream.out;
}

TEST(Init, WritesAProfileThatLoadsAndKeepsAnExistingFile) {
  const test::ScratchDirectory scratch("pb-init");
  const std::string file = (scratch.path() / "my-device.json").string();
  const CliResult r = RunCli("init -o " + file, true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string written = ReadFile(file);
  EXPECT_TRUE(Contains(written, "\"name\": \"My device\"")) << written;
  EXPECT_TRUE(Contains(written, "Started by 'powerbudget init' from the bundled profile 'mast-monitor'")) << written;
  EXPECT_TRUE(Contains(written, "\"sources\"")) << written;
  const CliResult check = RunCli("simulate " + file + " --check");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // The budget is the bundled device's: only the name and the description differ.
  EXPECT_EQ(RunCli("simulate " + file + " --format csv").out, RunCli("simulate mast-monitor --format csv").out);

  const CliResult again = RunCli("init smart-meter-gateway -o " + file, true);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(Contains(again.out, "the file exists; give --force to overwrite it")) << again.out;
  EXPECT_EQ(ReadFile(file), written);
  ASSERT_EQ(RunCli("init smart-meter-gateway --name Gateway --force -o " + file).exit_code, 0);
  EXPECT_TRUE(Contains(ReadFile(file), "\"name\": \"Gateway\""));
  EXPECT_FALSE(std::filesystem::exists(file + ".init-tmp"));
}

TEST(Init, RefusesWhatIsNoDeviceProfile) {
  const test::ScratchDirectory scratch("pb-init");
  const CliResult r = RunCli("init no-such-device -o " + (scratch.path() / "x.json").string(), true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.out, "no bundled device of that name")) << r.out;
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "x.json"));
  const std::string cell = std::string(PB_SOURCE_DIR) + "/profiles/cells/tr45820-capacity.json";
  const CliResult other = RunCli("init " + cell, true);
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_TRUE(Contains(other.out, "init starts from a device profile")) << other.out;
  // Without -o the profile goes to stdout.
  EXPECT_EQ(RunCli("init").out.rfind("{\n  \"schema\": \"powerbudget/device/1\"", 0), 0u);
}

}  // namespace
}  // namespace pb
