// `sweep --montecarlo N`: a design space with uncertainty. Each point's population is the one
// `montecarlo` runs on the profile with that point's --set, with the same seed (common random
// numbers: points differ by their design alone).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/run_cli.hpp"

namespace pb {
namespace {

TEST(SweepPopulation, EachPointIsTheMonteCarloOfThatDesign) {
  const test::CliResult sweep =
      test::RunCli("sweep mast-monitor --vary reporting.interval_s=1800:7200:2 --montecarlo 600 --seed 7 --format json");
  ASSERT_EQ(sweep.exit_code, 0) << sweep.out;
  const nlohmann::json points = nlohmann::json::parse(sweep.out)["points"];
  ASSERT_EQ(points.size(), 2u);
  for (const nlohmann::json& point : points) {
    const double interval_s = point["reporting.interval_s"].get<double>();
    const test::CliResult mc = test::RunCli("montecarlo mast-monitor --devices 600 --seed 7 --format json --set reporting.interval_s=" +
                                            std::to_string(static_cast<int>(interval_s)));
    ASSERT_EQ(mc.exit_code, 0) << mc.out;
    const nlohmann::json population = nlohmann::json::parse(mc.out);
    const nlohmann::json& p = point["population"];
    EXPECT_EQ(p["devices"], 600);
    EXPECT_EQ(p["seed"], 7);
    EXPECT_EQ(p["reaching_target_frac"], population["reaching_target"]["fraction"]) << interval_s;
    EXPECT_EQ(p["P50_days"], population["lifetime_percentiles"]["P50_days"]) << interval_s;
    EXPECT_EQ(p["P10_days"], population["lifetime_percentiles"]["P10_days"]) << interval_s;
  }
  // Reporting less often draws less: the share reaching the target cannot fall.
  EXPECT_LE(points[0]["population"]["reaching_target_frac"].get<double>(),
            points[1]["population"]["reaching_target_frac"].get<double>());
  EXPECT_LT(points[0]["population"]["P50_days"].get<double>(), points[1]["population"]["P50_days"].get<double>());
}

TEST(SweepPopulation, TableColumnsAndBadInput) {
  const test::CliResult table = test::RunCli("sweep mast-monitor --vary reporting.interval_s=3600:3600:1 --montecarlo 200");
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("reaching_target_pct"), std::string::npos);
  EXPECT_NE(table.out.find("P50_days"), std::string::npos);
  const test::CliResult negative = test::RunCli("sweep mast-monitor --vary reporting.interval_s=3600:3600:1 --montecarlo -1", true);
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_NE(negative.out.find("--montecarlo"), std::string::npos) << negative.out;
  // A measured device declares no uncertain inputs: the message says what is missing.
  const test::CliResult measured = test::RunCli(
      "sweep nordic-power-example-measured --vary target_lifetime_days=300:400:2 --montecarlo 100", true);
  EXPECT_EQ(measured.exit_code, 2) << measured.out;
  EXPECT_NE(measured.out.find("uncertainty"), std::string::npos) << measured.out;
}

}  // namespace
}  // namespace pb
