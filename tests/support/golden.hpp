// Golden-file comparison for CLI outputs: a change in output is a diff in tests/golden/ to
// review; POWERBUDGET_UPDATE_GOLDEN=1 (scripts/update-golden.sh) rewrites the files on purpose.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_cli.hpp"

namespace pb::test {

struct GoldenCase {
  const char* file;  // under tests/golden/
  const char* args;  // powerbudget command line
};

inline std::string ReadGoldenFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the case and compares stdout with its golden file (or rewrites it when asked to).
inline void ExpectMatchesGolden(const GoldenCase& c) {
  const CliResult r = RunCli(c.args);
  ASSERT_EQ(r.exit_code, 0) << c.args;
  const std::filesystem::path golden = std::filesystem::path(PB_SOURCE_DIR) / "tests" / "golden" / c.file;
  if (const char* update = std::getenv("POWERBUDGET_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << r.out;
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(std::filesystem::exists(golden)) << golden << " is missing: run scripts/update-golden.sh";
  EXPECT_EQ(r.out, ReadGoldenFile(golden)) << "powerbudget " << c.args;
}

// A test name from the golden file name.
inline std::string GoldenTestName(const ::testing::TestParamInfo<GoldenCase>& param_info) {
  std::string name = param_info.param.file;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

}  // namespace pb::test
