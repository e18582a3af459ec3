// Golden CLI outputs: the exact text of `powerbudget simulate` for bundled profiles in every
// format. A change in the output is a diff in tests/golden/ to review; regenerate on purpose
// with scripts/update-golden.sh (POWERBUDGET_UPDATE_GOLDEN=1).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/golden.hpp"

namespace pb {
namespace {

using test::GoldenCase;

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, OutputMatches) { test::ExpectMatchesGolden(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Simulate, Golden,
    ::testing::Values(GoldenCase{"simulate_mast_monitor.json", "simulate mast-monitor --format json"},
                      GoldenCase{"simulate_mast_monitor.csv", "simulate mast-monitor --format csv"},
                      GoldenCase{"simulate_mast_monitor.txt", "simulate mast-monitor"},
                      GoldenCase{"simulate_mast_monitor.md", "simulate mast-monitor --format md"},
                      GoldenCase{"simulate_measured_example.txt", "simulate nordic-power-example-measured"},
                      GoldenCase{"simulate_mast_monitor_set.json",
                                 "simulate mast-monitor --format json --set reporting.interval_s=900 "
                                 "--set network=typical-operator --set coverage.coupling_loss_dB=158"},
                      GoldenCase{"simulate_smart_meter_gateway.json", "simulate smart-meter-gateway --format json"},
                      GoldenCase{"simulate_measured_example.csv", "simulate nordic-power-example-measured --format csv"}),
    test::GoldenTestName);

TEST(Cli, HelpAndVersion) {
  EXPECT_EQ(test::RunCli("--help").exit_code, 0);
  EXPECT_NE(test::RunCli("--help").out.find("simulate"), std::string::npos);
  const test::CliResult v = test::RunCli("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("powerbudget ", 0), 0u);
  EXPECT_EQ(test::RunCli("simulate --help").exit_code, 0);
  EXPECT_NE(test::RunCli("simulate --help").out.find("--set"), std::string::npos);
}

// Exit codes (docs/cli.md): 2 for bad input of any kind, with a message naming the field.
TEST(Cli, BadInputExitsWithTwoAndNamesTheField) {
  struct Case {
    const char* args;
    const char* expected_in_message;
  };
  for (const Case& c : {
           Case{"", "Usage"},
           Case{"frobnicate", "unknown command"},
           Case{"simulate", "missing PROFILE"},
           Case{"simulate no-such-device", "bundled devices"},
           Case{"simulate mast-monitor --format xml", "table, json, csv"},
           Case{"simulate mast-monitor --set reporting.interval_s=-5", "/reporting/interval_s"},
           Case{"simulate mast-monitor --set reporting.intervall_s=900", "did you mean 'interval_s'"},
           Case{"simulate mast-monitor --set power_saving.t3412_s=3500", "nearest valid values: 3000 s or 3600 s"},
           Case{"simulate mast-monitor --set modem=no-such-modem", "bundled: "},
           Case{"simulate mast-monitor --set network.ce_levels[2].nprach_repetitions=3",
                "/network/ce_levels/2/nprach_repetitions"},
           Case{"simulate mast-monitor --set coverage.coupling_loss_dB=170", "/coverage/coupling_loss_dB"},
           Case{"simulate mast-monitor --set network.coverage.rsrp_threshold_ce2_dBm=-100",
                "/network/coverage/rsrp_threshold_ce2_dBm"},
           Case{"simulate mast-monitor --set network.ce_levels[0].npdcch_search_space_g=3",
                "/network/ce_levels/0/npdcch_search_space_g"},
           Case{"simulate mast-monitor --set reporting.interval_s=2 --set coverage.coupling_loss_dB=164",
                "/reporting/interval_s"},
           Case{"simulate mast-monitor --set nosuch.field=1", "no such object"},
           Case{"simulate mast-monitor --set network.system_information.sib1_repetitions=5",
                "/network/system_information/sib1_repetitions"},
           Case{"simulate mast-monitor --set network.scheduling.npusch_k0_ms=10", "/network/scheduling/npusch_k0_ms"},
           Case{"simulate mast-monitor --set network.random_access.rar_window_npdcch_periods[1]=9",
                "/network/random_access/rar_window_npdcch_periods/1"},
       }) {
    const test::CliResult r = test::RunCli(c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected_in_message), std::string::npos) << c.args << "\n" << r.out;
  }
}

TEST(Cli, CheckExitsWithOneWhenTheTargetIsMissed) {
  EXPECT_EQ(test::RunCli("simulate mast-monitor --check").exit_code, 0);
  EXPECT_EQ(test::RunCli("simulate mast-monitor --check --set target_lifetime_days=20000").exit_code, 1);
}

}  // namespace
}  // namespace pb
