// The subcommands of powerbudget. Each takes its own arguments (argv after the command name)
// and returns the process exit code (cli/exit_codes.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace pb::cli {

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const std::vector<std::string>& args)> run;
};

const std::vector<Command>& AllCommands();

int RunSimulate(const std::vector<std::string>& args);
int RunCompare(const std::vector<std::string>& args);
int RunTrace(const std::vector<std::string>& args);
int RunTimeline(const std::vector<std::string>& args);
int RunValidate(const std::vector<std::string>& args);
int RunCell(const std::vector<std::string>& args);
int RunCampaign(const std::vector<std::string>& args);
int RunLifetime(const std::vector<std::string>& args);
int RunMonteCarloCommand(const std::vector<std::string>& args);
int RunSensitivityCommand(const std::vector<std::string>& args);
int RunProve(const std::vector<std::string>& args);
int RunSweep(const std::vector<std::string>& args);
int RunEstimate(const std::vector<std::string>& args);
int RunFleetSim(const std::vector<std::string>& args);
int RunServe(const std::vector<std::string>& args);
int RunInit(const std::vector<std::string>& args);

}  // namespace pb::cli
