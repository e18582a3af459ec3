// Runs the built powerbudget binary and captures its output and exit code, for CLI tests.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace pb::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout (stderr too when merge_stderr)
};

// wrapper: a command the CLI runs under ("timeout 60", "prlimit --as=300000000"), empty for none.
inline CliResult RunCli(const std::string& args, bool merge_stderr = false, const std::string& wrapper = "") {
  const std::string command = std::string("POWERBUDGET_PROFILES='") + PB_SOURCE_DIR + "/profiles' " + wrapper + " '" +
                              PB_CLI_PATH + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace pb::test
