// The proof as a customer receives it: report.md, report.json and the charts of --report-dir,
// and the report on stdout in each --format. What is checked: nothing in them names the machine
// that made them or the project's own files; every chart the report shows is there and reads
// right (the histograms hold the whole population, the target line sits at the target, legends
// are present, no "-0" on an axis); table is plain text and md Markdown.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"

namespace pb {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Strings that would tell a customer where the report was made or point into the project's
// source tree: machine paths, build folders, source files, internal notes and issue numbers.
std::vector<std::string> Leaks(const std::string& text, bool check_issue_numbers) {
  std::vector<std::string> found;
  for (const char* s : {"/work", "/home/", "/tmp", "/root", "/usr/", "build/", "shared/", "tests/", "engine/", "cli/",
                        "models/", "serve/", "scripts/", ".cpp", ".hpp", "TODO", "FIXME", "profiles/", PB_SOURCE_DIR})
    if (text.find(s) != std::string::npos) found.push_back(s);
  if (check_issue_numbers) {
    std::smatch m;
    if (std::regex_search(text, m, std::regex(R"((issue|Issue|#)\s*[0-9]+\b)"))) found.push_back(m.str());
    // The project's internal briefs are numbered seeds.
    if (std::regex_search(text, m, std::regex(R"(\bseeds? [0-9]{3}\b)"))) found.push_back(m.str());
  }
  return found;
}

int BarsTotal(const std::string& svg) {
  const std::regex bar("<rect class=\"bar\" data-group=\"[0-9]+\" data-count=\"([0-9]+)\"");
  int total = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    total += std::stoi((*it)[1]);
  return total;
}

// The x pixel of a value from the labelled ticks of the chart's x axis.
double PixelOf(const std::string& svg, double value) {
  const std::regex tick("<text class=\"tick-x\" data-value=\"([^\"]+)\" x=\"([-0-9.]+)\"");
  std::vector<std::pair<double, double>> ticks;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tick); it != std::sregex_iterator(); ++it)
    ticks.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  if (ticks.size() < 2) return -1.0;
  const auto& [v0, x0] = ticks.front();
  const auto& [v1, x1] = ticks.back();
  return x0 + (value - v0) / (v1 - v0) * (x1 - x0);
}

double MarkerPixel(const std::string& svg, const std::string& value) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex("<line class=\"marker\" data-value=\"" + value + "\" x1=\"([-0-9.]+)\"")))
    return -2.0;
  return std::stod(m[1]);
}

// One proof run shared by the tests below: a profile named by its absolute path (which must not
// reach the report), 400 devices.
class ProofReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScratchDirectory("pb-proof-report");
    profile_ = std::string(PB_SOURCE_DIR) + "/profiles/devices/mast-monitor.json";
    run_ = new test::CliResult(test::RunCli("prove '" + profile_ + "' --target 365d --devices 400 --threads 2 "
                                            "--format json --report-dir '" + dir_->path().string() + "'"));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
  }
  static inline test::ScratchDirectory* dir_ = nullptr;
  static inline test::CliResult* run_ = nullptr;
  static inline std::string profile_;
};

TEST_F(ProofReport, NamesNoMachinePathAndNoProjectFile) {
  ASSERT_TRUE(run_->exit_code == 0 || run_->exit_code == 1) << run_->out;
  for (const fs::directory_entry& f : fs::directory_iterator(dir_->path())) {
    const std::string text = ReadText(f.path());
    const bool svg = f.path().extension() == ".svg";  // colours (#888) are no issue numbers
    EXPECT_EQ(Leaks(text, !svg), std::vector<std::string>{}) << f.path().filename();
    EXPECT_EQ(text.find(dir_->path().string()), std::string::npos) << f.path().filename();
  }
  EXPECT_EQ(Leaks(run_->out, true), std::vector<std::string>{});
  // The profile is named by its file name alone.
  EXPECT_EQ(nlohmann::json::parse(run_->out).at("profile"), "mast-monitor.json");
  EXPECT_NE(ReadText(dir_->path() / "report.md").find("Profile: `mast-monitor.json`"), std::string::npos);
}

TEST_F(ProofReport, EveryChartTheReportShowsIsWrittenAndEveryChartIsShown) {
  const std::string md = ReadText(dir_->path() / "report.md");
  std::set<std::string> shown, written;
  const std::regex image(R"(!\[[^\]]*\]\(([^)]+)\))");
  for (auto it = std::sregex_iterator(md.begin(), md.end(), image); it != std::sregex_iterator(); ++it) shown.insert((*it)[1]);
  for (const fs::directory_entry& f : fs::directory_iterator(dir_->path()))
    if (f.path().extension() == ".svg") written.insert(f.path().filename().string());
  EXPECT_EQ(shown, written);
  EXPECT_EQ(written, (std::set<std::string>{"cycle.svg", "energy.svg", "histogram-cause.svg", "histogram.svg", "soc.svg",
                                            "tornado.svg", "voltage.svg"}));
  for (const std::string& file : written) {
    const std::string svg = ReadText(dir_->path() / file);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u) << file;
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << file;
    EXPECT_FALSE(std::regex_search(svg, std::regex(">-0(\\.0*)?<"))) << file << " shows -0";
    EXPECT_NE(svg.find("class=\"axis-title\""), std::string::npos) << file;
  }
}

TEST_F(ProofReport, HistogramsHoldThePopulationWithTheTargetAndPercentilesMarked) {
  const nlohmann::json j = nlohmann::json::parse(run_->out);
  const double p50 = j.at("population").at("lifetime_percentiles").at("P50_days").get<double>();
  for (const char* file : {"histogram.svg", "histogram-cause.svg"}) {
    const std::string svg = ReadText(dir_->path() / file);
    EXPECT_EQ(BarsTotal(svg), 400) << file;
    EXPECT_NEAR(MarkerPixel(svg, "365"), PixelOf(svg, 365.0), 0.05) << file;
    EXPECT_NE(svg.find(">target 365 d<"), std::string::npos) << file;
    char p50_label[32];
    std::snprintf(p50_label, sizeof p50_label, ">P50 %.0f d<", p50);
    EXPECT_NE(svg.find(p50_label), std::string::npos) << file;
    EXPECT_NE(svg.find("<g class=\"legend\">"), std::string::npos) << file;
  }
  const std::string by_level = ReadText(dir_->path() / "histogram.svg");
  EXPECT_NE(by_level.find(">CE0 ("), std::string::npos);
  EXPECT_NE(by_level.find(">CE1 ("), std::string::npos);
  EXPECT_NE(ReadText(dir_->path() / "histogram-cause.svg").find(">charge exhausted ("), std::string::npos);
  // The report says why the histogram has several peaks.
  EXPECT_NE(ReadText(dir_->path() / "report.md").find("The population is a mix of sub-populations, one per CE level"),
            std::string::npos);
}

TEST_F(ProofReport, TornadoVoltageAndSocChartsCarryTheirReferenceLinesAndLegends) {
  const std::string tornado = ReadText(dir_->path() / "tornado.svg");
  EXPECT_NE(tornado.find(">input at its P10 (low)<"), std::string::npos);
  EXPECT_NE(tornado.find(">input at its P90 (high)<"), std::string::npos);
  EXPECT_NEAR(MarkerPixel(tornado, "365"), PixelOf(tornado, 365.0), 0.05);
  EXPECT_NE(tornado.find(">nominal "), std::string::npos);

  // The mast monitor's cell has a supercapacitor: the voltage chart compares it with the bare cell.
  const std::string voltage = ReadText(dir_->path() / "voltage.svg");
  EXPECT_NE(voltage.find("<line class=\"threshold\" data-value=\"3\""), std::string::npos);
  EXPECT_NE(voltage.find(">with the pulse buffer (as designed)<"), std::string::npos);
  EXPECT_NE(voltage.find(">the same cell without the buffer<"), std::string::npos);
  EXPECT_NE(voltage.find(">loaded voltage, V<"), std::string::npos);

  const std::string soc = ReadText(dir_->path() / "soc.svg");
  EXPECT_NE(soc.find(">state of charge, %<"), std::string::npos);
  EXPECT_NE(soc.find(">temperature, °C<"), std::string::npos);
  EXPECT_NE(ReadText(dir_->path() / "energy.svg").find(">rrc_inactivity_tail<"), std::string::npos);
  EXPECT_NE(ReadText(dir_->path() / "cycle.svg").find("Report cycle"), std::string::npos);
}

TEST(ProveFormats, TableIsPlainTextMdIsMarkdownCsvIsThePopulation) {
  const std::string common = "prove mast-monitor --target 365d --devices 100 --threads 2";
  const test::CliResult table = test::RunCli(common);  // table is the default
  ASSERT_TRUE(table.exit_code == 0 || table.exit_code == 1) << table.out;
  EXPECT_EQ(table.out.rfind("Lifetime proof: ", 0), 0u) << table.out.substr(0, 200);
  EXPECT_EQ(table.out.find("|---"), std::string::npos);
  EXPECT_EQ(table.out.find("**"), std::string::npos);
  EXPECT_EQ(table.out.find("## "), std::string::npos);
  EXPECT_NE(table.out.find("The design point's budget\n-------"), std::string::npos);
  EXPECT_EQ(test::RunCli(common + " --format table").out, table.out);

  const test::CliResult md = test::RunCli(common + " --format md");
  EXPECT_EQ(md.out.rfind("# Lifetime proof: ", 0), 0u);
  EXPECT_NE(md.out.find("|---|"), std::string::npos);
  EXPECT_EQ(md.out.find("](histogram.svg)"), std::string::npos);  // no charts without --report-dir

  const test::CliResult csv = test::RunCli(common + " --format csv");
  EXPECT_EQ(csv.out.rfind("device,lifetime_days,end_of_life_cause,", 0), 0u);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 101);

  const test::CliResult bad = test::RunCli(common + " --format xml", true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("table, json, csv, md"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace pb
