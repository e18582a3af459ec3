// simulate's one verdict (issue #19): the headline is the nominal device's lifetime with battery
// physics in its climate — the same figure as `powerbudget lifetime` —, --check judges it, the
// savings reproduce with their own --set lines, and the Markdown report's energy bars add up.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/budget_report.hpp"
#include "support/run_cli.hpp"

namespace pb {
namespace {

nlohmann::json Json(const std::string& args) {
  const test::CliResult r = test::RunCli(args);
  EXPECT_EQ(r.exit_code, 0) << args;
  return nlohmann::json::parse(r.out);
}

// Occurrences of a UTF-8 glyph in a line.
int Count(const std::string& line, const std::string& glyph) {
  int n = 0;
  for (std::size_t at = line.find(glyph); at != std::string::npos; at = line.find(glyph, at + glyph.size())) ++n;
  return n;
}

TEST(SimulateReport, TheHeadlineIsTheLifetimeCommandsFigure) {
  for (const char* profile : {"mast-monitor", "smart-meter-gateway", "nordic-power-example-measured"}) {
    SCOPED_TRACE(profile);
    const nlohmann::json s = Json(std::string("simulate ") + profile + " --format json");
    const nlohmann::json l = Json(std::string("lifetime ") + profile + " --format json");
    EXPECT_EQ(s["lifetime_with_physics"]["lifetime_days"], l["lifetime_days"]);
    EXPECT_EQ(s["lifetime_with_physics"]["end_of_life_cause"], l["end_of_life_cause"]);
    EXPECT_EQ(s["lifetime_with_physics"]["min_loaded_voltage_V"], l["min_loaded_voltage_V"]);
    EXPECT_EQ(s["verdict"]["meets_target"], l["meets_target"]);
    EXPECT_EQ(s["verdict"]["scope"], "nominal_device");
    EXPECT_EQ(s["verdict"]["population_command"], std::string("powerbudget prove ") + profile);
    // The ideal cell's figure stays, under both its names.
    EXPECT_EQ(s["ideal_lifetime_days"], s["lifetime_days"]);
  }
}

TEST(SimulateReport, CheckJudgesTheLifetimeWithPhysicsNotTheIdealCell) {
  // A target between the two figures: the verdict follows the physics, whichever is longer (the
  // mast monitor's cell outlives its ideal figure; the gateway browns out before it).
  for (const char* profile : {"mast-monitor", "smart-meter-gateway"}) {
    SCOPED_TRACE(profile);
    const nlohmann::json s = Json(std::string("simulate ") + profile + " --format json");
    const double physics_days = s["lifetime_with_physics"]["lifetime_days"];
    const double ideal_days = s["ideal_lifetime_days"];
    ASSERT_GT(std::abs(physics_days - ideal_days), 2.0);
    const std::string target = std::to_string((physics_days + ideal_days) / 2.0);
    const std::string args = std::string("simulate ") + profile + " --set target_lifetime_days=" + target;
    const bool physics_meets = physics_days > ideal_days;
    const nlohmann::json judged = nlohmann::json::parse(test::RunCli(args + " --format json").out);
    EXPECT_EQ(judged["verdict"]["meets_target"], physics_meets);
    EXPECT_EQ(judged["meets_target"], !physics_meets);  // the ideal cell's, kept for saved results
    for (const char* format : {"", " --format json", " --format csv", " --format md"})
      EXPECT_EQ(test::RunCli(args + " --check" + format).exit_code, physics_meets ? 0 : 1) << format;
    const std::string table = test::RunCli(args).out;
    EXPECT_NE(table.find(physics_meets ? ": MET for the nominal device" : ": NOT MET for the nominal device"),
              std::string::npos)
        << table;
  }
}

TEST(SimulateReport, EachSavingReproducesWithItsSetLines) {
  const nlohmann::json s = Json("simulate mast-monitor --format json");
  ASSERT_EQ(s["savings"].size(), cli::kShownSavings);
  EXPECT_EQ(s["savings"][0]["id"], "release_assistance");
  double previous_gain = 1e300;
  for (const nlohmann::json& saving : s["savings"]) {
    SCOPED_TRACE(saving["id"].get<std::string>());
    std::string args = "simulate mast-monitor --format json";
    for (const nlohmann::json& set : saving["set"]) args += " --set " + set.get<std::string>();
    const nlohmann::json after = Json(args);
    EXPECT_EQ(saving["lifetime_after_days"], after["lifetime_with_physics"]["lifetime_days"]);
    EXPECT_EQ(saving["energy_J_per_day_after"], after["energy_J_per_day"]);
    EXPECT_EQ(saving["lifetime_before_days"], s["lifetime_with_physics"]["lifetime_days"]);
    const double gain = saving["lifetime_gain_days"];
    EXPECT_GT(gain, 0.0);
    EXPECT_LE(gain, previous_gain);
    previous_gain = gain;
  }
  // The table shows the same savings, each with the --set lines to paste.
  const std::string table = test::RunCli("simulate mast-monitor").out;
  EXPECT_NE(table.find("(--set network.rrc.release_assistance_supported=true): "), std::string::npos) << table;
}

TEST(SimulateReport, TheRadioConfigurationIsShown) {
  const nlohmann::json c = Json("simulate mast-monitor --format json")["radio_configuration"];
  EXPECT_EQ(c["release_assistance"]["requested"], true);
  EXPECT_EQ(c["release_assistance"]["network_honours"], false);
  EXPECT_EQ(c["t3324_s"]["granted"], 10.0);
  EXPECT_TRUE(c["t3412_s"]["granted"].is_null());  // as requested
  EXPECT_TRUE(Json("simulate nordic-power-example-measured --format json")["radio_configuration"].is_null());
  const std::string table = test::RunCli("simulate mast-monitor").out;
  for (const char* row : {"release assistance (RAI)", "RRC inactivity timer", "C-DRX", "T3412 ext (periodic TAU)",
                          "T3324 (active time)", "coupling loss"})
    EXPECT_NE(table.find(row), std::string::npos) << row;
  // The requests as the firmware's AT+CPSMS writes them (TS 24.008 §10.5.7.4a: 24 x 1 h is unit
  // 001, value 11000; §10.5.7.3: 5 x 2 s is unit 000, value 00101).
  EXPECT_NE(table.find("86400 s (AT+CPSMS 00111000)"), std::string::npos) << table;
  EXPECT_NE(table.find("10 s (AT+CPSMS 00000101)"), std::string::npos) << table;
}

TEST(SimulateReport, TheFormatsAreTableJsonCsvAndMarkdown) {
  const test::CliResult bad = test::RunCli("simulate mast-monitor --format xml", true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("table, json, csv, md"), std::string::npos) << bad.out;
  const std::string md = test::RunCli("simulate mast-monitor --format md").out;
  for (const char* part : {"# Mast backup-battery monitor", "## Radio configuration", "## Energy per day", "## Savings",
                           "```text", "| activity |"})
    EXPECT_NE(md.find(part), std::string::npos) << part;
}

TEST(EnergyBars, TheStackedBarFillsItsWidthAndEachBarIsItsShare) {
  engine::BudgetResult b;
  b.energy_J_per_day = 1.0;
  const double shares[] = {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125};
  const char* names[] = {"a", "b", "c", "d", "e", "f"};
  for (int i = 0; i < 6; ++i) {
    engine::ActivityBudget a;
    a.activity = engine::ActivityName::Owned(names[i]);
    a.share_frac = shares[i];
    a.energy_J_per_day = shares[i];
    b.breakdown.push_back(a);
  }
  const std::string bars = cli::EnergyBars(b, 16);
  const std::size_t start = bars.find("\n\n") + 2;
  const std::string stacked = bars.substr(start, bars.find('\n', start) - start);
  // 16 columns: 8, 4, 2 and 1 for the four largest, 1 for the rest (e and f together).
  EXPECT_EQ(Count(stacked, "█"), 8);
  EXPECT_EQ(Count(stacked, "▓"), 4);
  EXPECT_EQ(Count(stacked, "▒"), 2);
  EXPECT_EQ(Count(stacked, "░"), 1);
  EXPECT_EQ(Count(stacked, "·"), 1);
  EXPECT_NE(bars.find("· the rest 6.2 %"), std::string::npos) << bars;
  // Per activity: a full block per 1/16 of the energy, eighths for the rest.
  EXPECT_NE(bars.find("a ████████ 50.0 %"), std::string::npos) << bars;
  EXPECT_NE(bars.find("d █ 6.2 %"), std::string::npos) << bars;
  EXPECT_NE(bars.find("f ▌ 3.1 %"), std::string::npos) << bars;
}

TEST(EnergyBars, LargestRemaindersKeepTheWidth) {
  // Three equal thirds do not divide 50 columns: the remainders decide, the total stays 50.
  engine::BudgetResult b;
  for (const char* name : {"x", "y", "z"}) {
    engine::ActivityBudget a;
    a.activity = engine::ActivityName::Owned(name);
    a.share_frac = 1.0 / 3.0;
    b.breakdown.push_back(a);
  }
  const std::string bars = cli::EnergyBars(b, 50);
  const std::size_t start = bars.find("\n\n") + 2;
  const std::string stacked = bars.substr(start, bars.find('\n', start) - start);
  EXPECT_EQ(Count(stacked, "█") + Count(stacked, "▓") + Count(stacked, "▒"), 50);
  EXPECT_EQ(Count(stacked, "█"), 17);
}

}  // namespace
}  // namespace pb
