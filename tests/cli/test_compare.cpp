// compare: the checks on constructed budgets, and the CLI's exit codes (0 within thresholds,
// 1 regression, 2 bad input naming what is wrong); trace: the CLI end to end.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "cli/compare_cli_support.hpp"
#include <nlohmann/json.hpp>

#include "engine/compare/compare.hpp"

namespace pb {
namespace {
namespace fs = std::filesystem;

engine::BudgetResult Budget(std::vector<std::pair<std::string, double>> activities_J_per_day, double capacity_J) {
  engine::BudgetResult b;
  b.device_name = "test";
  b.battery_voltage_V = 3.6;
  for (const auto& [name, energy] : activities_J_per_day) b.energy_J_per_day += energy;
  for (const auto& [name, energy] : activities_J_per_day) {
    engine::ActivityBudget a;
    a.activity = engine::ActivityName::Owned(name);
    a.events_per_day = 1.0;
    a.energy_J_per_event = a.energy_J_per_day = energy;
    a.share_frac = energy / b.energy_J_per_day;
    b.breakdown.push_back(a);
  }
  b.average_power_W = b.energy_J_per_day / 86400.0;
  b.average_current_A = b.average_power_W / 3.6;
  b.lifetime_s = capacity_J / b.average_power_W;
  return b;
}

const engine::compare::Check* FindCheck(const engine::compare::Comparison& c, const std::string& id) {
  for (const engine::compare::Check& k : c.checks)
    if (k.id == id) return &k;
  return nullptr;
}

TEST(Compare, LifetimeLossAndMinimumLifetime) {
  const auto base = Budget({{"floor", 1.0}, {"report", 9.0}}, 36000.0);
  const auto cand = Budget({{"floor", 1.0}, {"report", 10.0}}, 36000.0);  // 10 % more energy: lifetime -9.09 %
  engine::compare::Thresholds t;
  t.max_lifetime_loss_frac = 0.10;
  t.min_lifetime_s = 3000.0 * 86400.0;
  engine::compare::Comparison c = engine::compare::Compare(base, cand, t);
  EXPECT_NEAR(c.lifetime_change_frac, 10.0 / 11.0 - 1.0, 1e-12);
  EXPECT_EQ(FindCheck(c, "lifetime_loss")->status, engine::compare::CheckStatus::kPassed);
  EXPECT_EQ(FindCheck(c, "min_lifetime")->status, engine::compare::CheckStatus::kPassed);  // 3272.7 days
  EXPECT_FALSE(c.regression);
  t.max_lifetime_loss_frac = 0.09;
  c = engine::compare::Compare(base, cand, t);
  EXPECT_EQ(FindCheck(c, "lifetime_loss")->status, engine::compare::CheckStatus::kFailed);
  EXPECT_TRUE(c.regression);
  EXPECT_EQ(c.failed, 1u);
}

TEST(Compare, EnergyPerActivityNewActivitiesAndNoiseLevelOnes) {
  const auto base = Budget({{"floor", 10.0}, {"report", 90.0}, {"tiny", 0.1}}, 1e6);
  const auto cand = Budget({{"floor", 10.0}, {"report", 95.0}, {"tiny", 0.5}, {"rrc_inactivity_tail", 30.0}}, 1e6);
  engine::compare::Thresholds t;
  t.max_energy_increase_frac = 0.10;
  const engine::compare::Comparison c = engine::compare::Compare(base, cand, t);
  ASSERT_EQ(c.activities.size(), 4u);
  EXPECT_EQ(c.activities[3].activity, "rrc_inactivity_tail");
  EXPECT_FALSE(c.activities[3].in_baseline);
  EXPECT_FALSE(c.activities[3].delta_frac.has_value());
  EXPECT_EQ(FindCheck(c, "energy:report")->status, engine::compare::CheckStatus::kPassed);  // +5.6 %
  EXPECT_EQ(FindCheck(c, "energy:tiny")->status, engine::compare::CheckStatus::kSkipped);  // +400 % of 0.1 %: noise
  EXPECT_EQ(FindCheck(c, "energy:rrc_inactivity_tail")->status, engine::compare::CheckStatus::kFailed);  // a lost RAI
  EXPECT_TRUE(std::isinf(FindCheck(c, "energy:rrc_inactivity_tail")->value));
  EXPECT_EQ(FindCheck(c, "energy_total")->status, engine::compare::CheckStatus::kFailed);  // +35.3 %
  EXPECT_EQ(c.failed, 2u);
  EXPECT_EQ(c.skipped, 1u);
}

TEST(Compare, NoThresholdsNoChecks) {
  const auto b = Budget({{"floor", 1.0}}, 1e5);
  const engine::compare::Comparison c = engine::compare::Compare(b, Budget({{"floor", 2.0}}, 1e5), {});
  EXPECT_TRUE(c.checks.empty());
  EXPECT_FALSE(c.regression);
}

TEST(CompareCli, ExitCodes) {
  EXPECT_EQ(test::RunCli("compare mast-monitor mast-monitor --max-lifetime-loss 0").exit_code, 0);
  EXPECT_EQ(test::RunCli("compare mast-monitor mast-monitor --set-candidate reporting.interval_s=1800 --max-lifetime-loss 5")
                .exit_code,
            1);
  EXPECT_EQ(test::RunCli("compare mast-monitor mast-monitor --set-candidate reporting.interval_s=1800 --min-lifetime 400")
                .exit_code,
            0);
  // --set applies to both sides: no difference.
  EXPECT_EQ(test::RunCli("compare mast-monitor mast-monitor --set reporting.interval_s=1800 --max-energy-increase 0").exit_code, 0);
  EXPECT_EQ(test::RunCli("compare --help").exit_code, 0);
}

TEST(CompareCli, BadInputExitsWithTwoAndSaysWhy) {
  const std::string inputs = std::string(PB_SOURCE_DIR) + "/tests/cli/compare_inputs/";
  const test::ScratchDirectory directory("powerbudget-compare-bad");
  const fs::path& scratch = directory.path();
  std::ofstream(scratch / "not-a-result.json") << R"({"schema": "powerbudget/validate/1"})";
  std::ofstream(scratch / "broken-result.json") << R"({"schema": "powerbudget/simulate/1", "device": "x"})";
  std::ofstream(scratch / "trace.csv") << "time_s,current_uA\n0,3\n1,3\n2,3\n";
  std::ofstream(scratch / "empty.json") << "";
  struct Case {
    std::string args;
    std::string expected;
  };
  for (const Case& c : {
           Case{"compare mast-monitor", "needs BASELINE and CANDIDATE"},
           Case{"compare mast-monitor no-such-device", "bundled devices"},
           Case{"compare mast-monitor mast-monitor --set-candidate reporting.interval_s=-1", "/reporting/interval_s"},
           Case{"compare mast-monitor mast-monitor --report html", "--report 'html' is not one of: md"},
           Case{"compare mast-monitor mast-monitor --format xml", "table, json, csv, md"},
           Case{"compare mast-monitor mast-monitor --max-lifetime-loss -3", "--max-lifetime-loss: must be 0 to 100 %, got '-3'"},
           Case{"compare " + inputs + "mast_monitor_result.json mast-monitor --set-baseline reporting.interval_s=60",
                "saved result: --set applies only to profiles"},
           Case{"compare " + (scratch / "not-a-result.json").string() + " mast-monitor", "/schema"},
           Case{"compare " + (scratch / "broken-result.json").string() + " mast-monitor", "broken-result.json: /energy_J_per_day"},
           Case{"compare " + (scratch / "trace.csv").string() + " mast-monitor", "give --battery NAME and --supply-voltage V"},
           Case{"compare " + (scratch / "empty.json").string() + " mast-monitor", "empty.json is empty"},
           Case{"compare " + (scratch / "trace.csv").string() + " mast-monitor --battery nope --supply-voltage 3.6",
                "no battery profile 'nope'"},
       }) {
    const test::CliResult r = test::RunCli(c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.args << "\n" << r.out;
  }
}

TEST(TraceCli, EmitsAMeasuredProfileThatSimulateReads) {
  const test::ScratchDirectory directory("powerbudget-trace-cli");
  const fs::path& scratch = directory.path();
  test::ReportingTrace(2.0, 3).WritePpk2((scratch / "device.csv").string());
  const test::CliResult r = test::RunCliIn(
      scratch, "trace device.csv --battery saft-ls17500 --supply-voltage 3.6 --emit-profile measured.json --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema"], "powerbudget/trace/1");
  EXPECT_EQ(json["groups"][0]["name"], "every_60s");
  const double lifetime_days = json["measured_profile"]["lifetime_days"].get<double>();

  const test::CliResult simulated = test::RunCliIn(scratch, "simulate measured.json --format json");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.out;
  const auto budget = nlohmann::json::parse(simulated.out);
  EXPECT_EQ(budget["radio"], nullptr);
  EXPECT_DOUBLE_EQ(budget["lifetime_days"].get<double>(), lifetime_days);
  EXPECT_EQ(budget["breakdown"][1]["activity"], "every_60s");

  const test::CliResult fit = test::RunCliIn(scratch, "trace device.csv --profile mast-monitor --events 2");
  EXPECT_EQ(fit.exit_code, 0) << fit.out;
  EXPECT_NE(fit.out.find("Model (Mast backup-battery monitor"), std::string::npos) << fit.out;
  EXPECT_NE(fit.out.find("inactivity_tail s"), std::string::npos) << fit.out;
}

TEST(TraceCli, BadInputExitsWithTwoAndNamesTheLine) {
  const test::ScratchDirectory directory("powerbudget-trace-bad");
  const fs::path& scratch = directory.path();
  std::ofstream(scratch / "bad.csv") << "Timestamp(ms),Current(uA)\n0,3\n0.01x,3\n";
  std::ofstream(scratch / "good.csv") << "Timestamp(ms),Current(uA)\n0,3\n0.01,3\n0.02,3\n";
  struct Case {
    const char* args;
    const char* expected;
  };
  for (const Case& c : {
           Case{"trace", "missing FILE"},
           Case{"trace no-such.csv", "no-such.csv: cannot open the trace file"},
           Case{"trace bad.csv", "bad.csv:3: time '0.01x'"},
           Case{"trace good.csv --marker D9", "not a digital channel"},
           Case{"trace good.csv --marker D2", "has no digital channels"},
           Case{"trace good.csv --emit-profile x.json", "needs both --battery NAME and --supply-voltage V"},
           Case{"trace good.csv --set reporting.interval_s=60", "--set applies to --profile"},
           Case{"trace good.csv --format html", "--format 'html' is not one of: table, json, csv, md"},
       }) {
    const test::CliResult r = test::RunCliIn(scratch, c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace pb
