// `powerbudget validate`: the committed docs/validation.md is the command's current output,
// and the exit codes follow the cases' statuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/validation/reference_case.hpp"
#include "support/run_cli.hpp"

namespace pb {
namespace {

TEST(Validate, DocumentationIsCurrent) {
  const test::CliResult r = test::RunCli("validate --format md");
  std::ifstream in(std::filesystem::path(PB_SOURCE_DIR) / "docs" / "validation.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_EQ(r.out, doc.str()) << "docs/validation.md is stale: run scripts/update-validation-doc.sh";
}

TEST(Validate, PassesOnTheBundledCases) {
  const test::CliResult r = test::RunCli("validate");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("0 fail,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("— OK"), std::string::npos) << r.out;
}

TEST(Validate, OneCaseAndFormats) {
  const test::CliResult r = test::RunCli("validate --case nordic-power-optimisation --format json");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"status\": \"pass\""), std::string::npos) << r.out;
  EXPECT_EQ(test::RunCli("validate --case no-such-case").exit_code, 2);
  EXPECT_EQ(test::RunCli("validate --format xml").exit_code, 2);
}

// Status logic: out of tolerance fails unless it is a stated gap; a stated gap that passes
// fails too, so the documentation cannot keep a stale gap note.
TEST(Validate, StatusesAndRunVerdict) {
  engine::validation::ReferenceCase c;
  c.published = 10.0;
  c.tolerance_frac = 0.1;
  c.scenario = engine::validation::ProtocolScenario{"coap_block_count", {}, 1024 * 10, 1024};  // 10 blocks
  EXPECT_EQ(engine::validation::EvaluateCase(c).status, engine::validation::CaseStatus::kPass);
  c.published = 12.0;
  EXPECT_EQ(engine::validation::EvaluateCase(c).status, engine::validation::CaseStatus::kFail);
  c.known_gap = "reason";
  EXPECT_EQ(engine::validation::EvaluateCase(c).status, engine::validation::CaseStatus::kKnownGap);
  c.published = 10.0;
  EXPECT_EQ(engine::validation::EvaluateCase(c).status, engine::validation::CaseStatus::kGapClosed);
  EXPECT_TRUE(engine::validation::RunFailed({engine::validation::EvaluateCase(c)}));
  c.known_gap.clear();
  EXPECT_FALSE(engine::validation::RunFailed({engine::validation::EvaluateCase(c)}));
}

}  // namespace
}  // namespace pb
