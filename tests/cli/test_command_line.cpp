// The command-line layer every command shares: the JSON run header, the profiles root, the
// parsing with operands (help, usage errors naming the option, exit codes) and bad input as
// exit code 2.
#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/run_header.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/trace/trace_error.hpp"
#include "support/run_cli.hpp"

namespace pb {
namespace {

namespace po = boost::program_options;

std::vector<std::string> Keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  return keys;
}

TEST(RunHeader, KeysInOrder) {
  const cli::RunInfo run{"mast-monitor", {"reporting.interval_s=900", "modem=quectel-bc66"}};
  EXPECT_EQ(Keys(cli::ReportHeader("powerbudget/x/1")), (std::vector<std::string>{"schema", "powerbudget_version"}));
  EXPECT_EQ(Keys(cli::ReportHeader("powerbudget/x/1", run)),
            (std::vector<std::string>{"schema", "powerbudget_version", "profile", "overrides"}));
  const nlohmann::ordered_json device = cli::ReportHeader("powerbudget/x/1", "Mast monitor", run);
  EXPECT_EQ(Keys(device), (std::vector<std::string>{"schema", "powerbudget_version", "device", "profile", "overrides"}));
  EXPECT_EQ(device["schema"], "powerbudget/x/1");
  EXPECT_EQ(device["powerbudget_version"], PB_VERSION);
  EXPECT_EQ(device["device"], "Mast monitor");
  EXPECT_EQ(device["profile"], "mast-monitor");
  EXPECT_EQ(device["overrides"], nlohmann::ordered_json(run.overrides));
  const nlohmann::ordered_json scenario = cli::ScenarioReportHeader("powerbudget/cell-result/1", "TR 45.820", run);
  EXPECT_EQ(Keys(scenario),
            (std::vector<std::string>{"schema", "powerbudget_version", "scenario", "scenario_file", "overrides"}));
  EXPECT_EQ(scenario["scenario_file"], "mast-monitor");
}

TEST(RunHeader, EveryJsonReportStartsWithIt) {
  for (const char* args : {"simulate mast-monitor --format json", "lifetime mast-monitor --format json --dt-days 30",
                           "sweep mast-monitor --vary reporting.interval_s=600:1200:2 --format json",
                           "compare mast-monitor mast-monitor --format json"}) {
    const test::CliResult r = test::RunCli(args);
    ASSERT_EQ(r.exit_code, 0) << args;
    const std::vector<std::string> keys = Keys(nlohmann::ordered_json::parse(r.out));
    ASSERT_GE(keys.size(), 2u) << args;
    EXPECT_EQ(keys[0], "schema") << args;
    EXPECT_EQ(keys[1], "powerbudget_version") << args;
  }
}

TEST(ProfilesRoot, DirectoryWhenGivenElseTheDefault) {
  EXPECT_EQ(cli::ProfilesRoot(""), engine::profile_io::DefaultProfilesRoot());
  EXPECT_EQ(cli::ProfilesRoot("/some/profiles"), std::filesystem::path("/some/profiles"));
  cli::ProfileArguments args;
  args.profiles_dir = "/some/profiles";
  args.overrides = {"a.b=1", "c=2"};
  const engine::profile_io::LoadOptions options = cli::LoadOptionsOf(args);
  EXPECT_EQ(options.profiles_root, std::filesystem::path("/some/profiles"));
  EXPECT_EQ(options.overrides, args.overrides);
}

TEST(ParseCommandLine, OperandsHelpAndUsageErrors) {
  po::options_description visible("Options");
  std::string value;
  visible.add_options()("help,h", "show this help")("name", po::value(&value));
  std::string operand;
  {
    po::variables_map vm;
    EXPECT_EQ(cli::ParseCommandLine("test", visible, {"file.csv", "--name", "x"}, vm, "file", operand, "FILE"),
              std::nullopt);
    EXPECT_EQ(operand, "file.csv");
    EXPECT_EQ(value, "x");
    EXPECT_EQ(vm.count("name"), 1u);
  }
  {
    po::variables_map vm;
    EXPECT_EQ(cli::ParseCommandLine("test", visible, {"--help"}, vm), cli::kExitOk);
  }
  {
    po::variables_map vm;
    EXPECT_EQ(cli::ParseCommandLine("test", visible, {"--nope"}, vm), cli::kExitBadInput);
  }
  {
    po::variables_map vm;
    std::string missing;
    EXPECT_EQ(cli::ParseCommandLine("test", visible, {}, vm, "file", missing, "FILE"), cli::kExitBadInput);
  }
  {
    po::variables_map vm;  // no operands declared: a stray one is a usage error
    EXPECT_EQ(cli::ParseCommandLine("test", visible, {"stray"}, vm), cli::kExitBadInput);
  }
}

TEST(GuardBadInput, EveryKindOfBadInputIsExitCodeTwo) {
  EXPECT_EQ(cli::GuardBadInput("test", [] { return cli::kExitVerdictFailed; }), cli::kExitVerdictFailed);
  EXPECT_EQ(cli::GuardBadInput("test", []() -> int { throw engine::ProfileError("/a", "bad"); }), cli::kExitBadInput);
  EXPECT_EQ(cli::GuardBadInput("test", []() -> int { throw engine::trace::TraceError("t.csv", 3, "bad"); }),
            cli::kExitBadInput);
  EXPECT_EQ(cli::GuardBadInput("test", []() -> int { throw engine::estimation::SnapshotError("bad"); }),
            cli::kExitBadInput);
  EXPECT_EQ(cli::GuardBadInput("test", []() -> int { throw std::invalid_argument("--x: bad"); }), cli::kExitBadInput);
  EXPECT_THROW(cli::GuardBadInput("test", []() -> int { throw std::logic_error("a bug"); }), std::logic_error);
}

// compare, trace and validate parse like every other command: help, usage errors that name the
// option or the missing operand, exit code 2.
TEST(CommandLine, CompareTraceValidateUsage) {
  struct Case {
    std::string args;
    int exit_code;
    std::string expected;
  };
  for (const Case& c : {Case{"compare --help", 0, "Usage: powerbudget compare BASELINE CANDIDATE"},
                        Case{"compare mast-monitor", 2, "powerbudget compare: needs BASELINE and CANDIDATE"},
                        Case{"compare a b c", 2, "too many positional options"},
                        Case{"compare mast-monitor mast-monitor --max-lifetime-loss abc", 2, "--max-lifetime-loss"},
                        Case{"trace --help", 0, "Usage: powerbudget trace FILE"},
                        Case{"trace", 2, "powerbudget trace: missing FILE"},
                        Case{"trace x.csv --events abc", 2, "--events"},
                        Case{"trace no-such-file.csv", 2, "powerbudget trace: "},
                        Case{"validate --help", 0, "Usage: powerbudget validate"},
                        Case{"validate --bogus", 2, "unrecognised option '--bogus'"},
                        Case{"validate stray", 2, "too many positional options"}}) {
    const test::CliResult r = test::RunCli(c.args, true);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace pb
