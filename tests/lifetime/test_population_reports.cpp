// The population commands' reports: the CE-level mix and the flagged elasticities reach the
// JSON, the Markdown, the CSV and the histogram, on the bundled mast monitor (its median coupling
// loss, 144 dB, sits at its network's CE0/CE1 edge).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const nlohmann::json& Driver(const nlohmann::json& sensitivity, const std::string& input) {
  for (const nlohmann::json& d : sensitivity.at("drivers"))
    if (d.at("input") == input) return d;
  throw std::logic_error("no driver " + input);
}

TEST(ProveReport, ShowsTheCeMixAndFlagsTheElasticityAcrossTheEdge) {
  const test::ScratchDirectory dir("pb-prove-report");
  const test::CliResult r = test::RunCli("prove mast-monitor --target 365d --devices 400 --threads 2 --format json "
                                         "--report-dir '" + dir.path().string() + "'");
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);

  const nlohmann::json& mix = j.at("population").at("ce_level_mix");
  ASSERT_GE(mix.size(), 3u);
  double fractions = 0.0;
  std::size_t devices = 0;
  for (std::size_t g = 0; g < 3; ++g) {
    EXPECT_EQ(mix[g].at("group"), "CE" + std::to_string(g));
    EXPECT_EQ(mix[g].at("ce_level"), static_cast<int>(g));
  }
  for (const nlohmann::json& g : mix) {
    fractions += g.at("fraction").get<double>();
    devices += g.at("devices").get<std::size_t>();
    if (g.at("devices").get<std::size_t>() > 0) {
      EXPECT_LE(g.at("lifetime_percentiles").at("P1_days").get<double>(),
                g.at("lifetime_percentiles").at("P50_days").get<double>());
      EXPECT_GE(g.at("reaching_target").at("fraction").get<double>(), 0.0);
    } else {
      EXPECT_TRUE(g.at("lifetime_percentiles").is_null());
    }
  }
  EXPECT_NEAR(fractions, 1.0, 1e-5);  // rounded to 6 digits each
  EXPECT_EQ(devices, 400u);
  EXPECT_GT(mix[0].at("devices").get<std::size_t>(), 0u);
  EXPECT_GT(mix[1].at("devices").get<std::size_t>(), 0u);

  const nlohmann::json& loss = Driver(j.at("sensitivity"), "coupling_loss_dB");
  const nlohmann::json& d = loss.at("discontinuity");
  EXPECT_TRUE(d.at("crosses").get<bool>());
  EXPECT_NE(d.at("what").get<std::string>().find("CE0/CE1 edge"), std::string::npos) << d.dump();
  EXPECT_TRUE(d.at("one_sided_elasticity").is_number());
  EXPECT_EQ(d.at("within"), "CE0");
  EXPECT_FALSE(d.at("steps").empty());
  // An input with nothing to cross carries the same fields, not crossing.
  const nlohmann::json& capacity = Driver(j.at("sensitivity"), "capacity_frac").at("discontinuity");
  EXPECT_FALSE(capacity.at("crosses").get<bool>());
  EXPECT_TRUE(capacity.at("one_sided_elasticity").is_null());
  EXPECT_TRUE(capacity.at("steps").empty());

  const std::string md = ReadText(dir.path() / "report.md");
  EXPECT_NE(md.find("### By CE level"), std::string::npos);
  EXPECT_NE(md.find("| CE1 |"), std::string::npos);
  EXPECT_NE(md.find("crosses the CE0/CE1 edge"), std::string::npos);
  EXPECT_EQ(md.find(dir.path().string()), std::string::npos);  // no machine paths in a customer's report
  const std::string svg = ReadText(dir.path() / "histogram.svg");
  EXPECT_NE(svg.find(">CE0 ("), std::string::npos);
  EXPECT_NE(svg.find(">CE1 ("), std::string::npos);
  EXPECT_NE(svg.find(">target 365 d<"), std::string::npos);
}

TEST(PopulationReports, TableAndCsvCarryTheCeLevels) {
  const test::CliResult table = test::RunCli("montecarlo mast-monitor --devices 200 --threads 2");
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("By CE level"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("CE2"), std::string::npos);

  const test::CliResult csv = test::RunCli("montecarlo mast-monitor --devices 50 --threads 1 --format csv");
  ASSERT_EQ(csv.exit_code, 0);
  const std::string header = csv.out.substr(0, csv.out.find('\n'));
  EXPECT_EQ(header.substr(header.rfind(',') + 1), "ce_level");

  const test::CliResult sensitivity = test::RunCli("sensitivity mast-monitor");
  ASSERT_EQ(sensitivity.exit_code, 0);
  EXPECT_NE(sensitivity.out.find("one-sided"), std::string::npos);
  EXPECT_NE(sensitivity.out.find("taken across a step of the lifetime"), std::string::npos) << sensitivity.out;
}

}  // namespace
}  // namespace pb
