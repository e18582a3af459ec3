// Golden CLI outputs of `powerbudget cell` and `powerbudget campaign` for the bundled
// scenarios in every format. A change in the output is a diff in tests/golden/ to review;
// regenerate on purpose with POWERBUDGET_UPDATE_GOLDEN=1 (scripts/update-golden.sh).
#include <gtest/gtest.h>


#include "support/golden.hpp"

namespace pb {
namespace {

using test::GoldenCase;

class CellGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(CellGolden, OutputMatches) { test::ExpectMatchesGolden(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    CellAndCampaign, CellGolden,
    ::testing::Values(GoldenCase{"cell_tr45820_capacity.txt", "cell tr45820-capacity"},
                      GoldenCase{"cell_tr45820_capacity.json", "cell tr45820-capacity --format json"},
                      GoldenCase{"cell_tr45820_capacity.csv", "cell tr45820-capacity --format csv"},
                      GoldenCase{"cell_tr45820_capacity_set.json",
                                 "cell tr45820-capacity --format json --set population.coupling_loss.mean_dB=140 "
                                 "--set limits.max_collision_probability_frac=0.05"},
                      GoldenCase{"campaign_mast_monitor_quarterly.txt", "campaign mast-monitor-quarterly"},
                      GoldenCase{"campaign_mast_monitor_quarterly.json", "campaign mast-monitor-quarterly --format json"},
                      GoldenCase{"campaign_mast_monitor_quarterly.csv", "campaign mast-monitor-quarterly --format csv"},
                      GoldenCase{"campaign_mast_monitor_quarterly_seed7.csv",
                                 "campaign mast-monitor-quarterly --format csv --set seed=7"}),
    test::GoldenTestName);

TEST(CellCli, HelpListsTheCommands) {
  const test::CliResult help = test::RunCli("--help");
  EXPECT_NE(help.out.find("cell"), std::string::npos);
  EXPECT_NE(help.out.find("campaign"), std::string::npos);
  EXPECT_EQ(test::RunCli("cell --help").exit_code, 0);
  EXPECT_NE(test::RunCli("campaign --help").out.find("--set"), std::string::npos);
}

// Exit codes (docs/cli.md): 2 for bad input of any kind, with a message naming the field.
TEST(CellCli, BadInputExitsWithTwoAndNamesTheField) {
  struct Case {
    const char* args;
    const char* expected_in_message;
  };
  for (const Case& c : {
           Case{"cell", "missing SCENARIO"},
           Case{"campaign", "missing SCENARIO"},
           Case{"cell no-such-scenario", "bundled cells: tr45820-capacity"},
           Case{"campaign no-such-scenario", "bundled campaigns: mast-monitor-quarterly"},
           Case{"cell tr45820-capacity --format xml", "table, json, csv"},
           Case{"cell tr45820-capacity --set limits.max_utilisation_frac=2", "/limits/max_utilisation_frac"},
           Case{"cell tr45820-capacity --set access.max_preamble_atempts=3", "did you mean 'max_preamble_attempts'"},
           Case{"campaign mast-monitor-quarterly --set image.block_size_B=500", "/image/block_size_B"},
           Case{"campaign mast-monitor-quarterly --set fleet.mix[0].share_frac=0.5", "/fleet/mix"},
       }) {
    const test::CliResult r = test::RunCli(c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected_in_message), std::string::npos) << c.args << "\n" << r.out;
  }
}

// No progress bar when stderr is not a terminal (here a pipe): stderr stays empty, so the output
// with stderr merged in is the output without it.
TEST(CellCli, NoProgressBarOutsideATerminal) {
  const test::CliResult merged = test::RunCli("campaign mast-monitor-quarterly --format csv", true);
  EXPECT_EQ(merged.exit_code, 0);
  EXPECT_EQ(merged.out, test::RunCli("campaign mast-monitor-quarterly --format csv").out);
}

}  // namespace
}  // namespace pb
