// `powerbudget timeline`: golden outputs of the mast monitor's report cycle in every format
// (regenerate on purpose with scripts/update-golden.sh: the phase names come from the procedures,
// so a new phase there is a diff here), bad input, and the SVG plot.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/golden.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

using test::GoldenCase;

class TimelineGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TimelineGolden, OutputMatches) { test::ExpectMatchesGolden(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Timeline, TimelineGolden,
                         ::testing::Values(GoldenCase{"timeline_mast_monitor.txt", "timeline mast-monitor"},
                                           GoldenCase{"timeline_mast_monitor.json", "timeline mast-monitor --format json"},
                                           GoldenCase{"timeline_mast_monitor.csv", "timeline mast-monitor --format csv"}),
                         test::GoldenTestName);

TEST(TimelineCommand, BadInputExitsWithTwoAndNamesTheProblem) {
  struct Case {
    const char* args;
    const char* expected_in_message;
  };
  for (const Case& c : {
           Case{"timeline", "missing PROFILE"},
           Case{"timeline mast-monitor --view week", "report, day, fota"},
           Case{"timeline mast-monitor --format xml", "table, json, csv, md"},
           Case{"timeline smart-meter-gateway --view fota", "/fota/enabled"},
           Case{"timeline nordic-power-example-measured", "/events"},
           Case{"timeline mast-monitor --set reporting.interval_s=-5", "/reporting/interval_s"},
       }) {
    const test::CliResult r = test::RunCli(c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected_in_message), std::string::npos) << c.args << "\n" << r.out;
  }
}

TEST(TimelineCommand, TheDayInJsonHoldsTheBudgetsEnergy) {
  const test::CliResult day = test::RunCli("timeline mast-monitor --view day --format json");
  ASSERT_EQ(day.exit_code, 0);
  const test::CliResult budget = test::RunCli("simulate mast-monitor --format json");
  ASSERT_EQ(budget.exit_code, 0);
  const auto d = nlohmann::json::parse(day.out);
  const auto b = nlohmann::json::parse(budget.out);
  EXPECT_EQ(d.at("schema"), "powerbudget/timeline/1");
  EXPECT_EQ(d.at("view"), "day");
  // Both rounded to 6 significant digits.
  EXPECT_NEAR(d.at("energy_J").get<double>(), b.at("energy_J_per_day").get<double>(),
              2e-6 * b.at("energy_J_per_day").get<double>());
}

TEST(TimelineCommand, WritesAnSvgPlot) {
  test::ScratchDirectory dir("pb-timeline-svg");
  const std::filesystem::path svg = dir.path() / "cycle.svg";
  ASSERT_EQ(test::RunCli("timeline mast-monitor --svg " + svg.string()).exit_code, 0);
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind("<svg", 0), 0u);
  EXPECT_NE(text.str().find("inactivity tail"), std::string::npos);  // events are marked
  EXPECT_NE(text.str().find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace pb
