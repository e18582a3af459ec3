// Running the CLI inside a working directory (so inputs are named relatively and outputs are
// free of machine paths), and the synthetic traces the compare tests measure.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <unistd.h>

#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"
#include "trace/synthetic_trace.hpp"

namespace pb::test {

inline CliResult RunCliIn(const std::filesystem::path& directory, const std::string& args, bool merge_stderr = false) {
  const std::string command = "cd '" + directory.string() + "' && POWERBUDGET_PROFILES='" + PB_SOURCE_DIR + "/profiles' '" +
                              PB_CLI_PATH + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A device reporting every 60 s for 6 minutes at 200 S/s: a 0.8 s report at 60/9 mA, then an
// RRC inactivity tail at 5 mA of tail_s, over a 3 uA floor.
inline SyntheticTrace ReportingTrace(double tail_s, std::uint64_t seed) {
  SyntheticTrace s;
  s.rate_Hz = 200.0;
  s.duration_s = 360.0;
  s.floor_A = 3e-6;
  s.noise_A = 0.2e-6;
  s.seed = seed;
  for (int k = 0; k < 6; ++k) {
    SyntheticEvent e;
    e.start_s = 20.0 + 60.0 * k;
    e.segments = {{0.2, 0.060}, {0.4, 0.009}, {0.2, 0.060}, {tail_s, 0.005}};
    s.events.push_back(e);
  }
  return s;
}

}  // namespace pb::test
