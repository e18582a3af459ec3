// powerbudget: power-budget and battery-life analysis for battery-powered NB-IoT devices.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal_text.hpp"

namespace pb::cli {

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> commands = {
      {"init", "write a starting device profile for your own device, from a bundled one (default mast-monitor)", RunInit},
      {"simulate", "energy budget per activity, average current and lifetime of a device profile", RunSimulate},
      {"compare", "two budgets (profiles, results or traces) side by side; exit 1 on a power regression", RunCompare},
      {"trace", "analyse a measured current trace (PPK2, Otii, CSV): floor, events, periods, profile", RunTrace},
      {"timeline", "current against time of a report cycle, a day or a firmware update, phase by phase", RunTimeline},
      {"lifetime", "calendar-time simulation to end of life with battery physics and climate", RunLifetime},
      {"montecarlo", "lifetime over a population of devices: percentiles, fraction reaching the target", RunMonteCarloCommand},
      {"sensitivity", "what the lifetime is sensitive to: tornado swings and elasticities", RunSensitivityCommand},
      {"prove", "the lifetime proof report: assumptions, budget, population, margin, verdict", RunProve},
      {"sweep", "average current and lifetime over a grid of profile values (design space)", RunSweep},
      {"validate", "reproduce published figures (3GPP, datasheets, papers) and compare within tolerances", RunValidate},
      {"cell", "what one NB-IoT carrier carries: utilisation, RACH collisions, energy penalty, capacity", RunCell},
      {"campaign", "a firmware-update campaign over a fleet: timeline, cell load, per-device cost", RunCampaign},
      {"estimate", "battery state of a fleet from telemetry: SOC, remaining life P10/P50/P90, drain flags", RunEstimate},
      {"fleet-sim", "simulated fleet telemetry with ground truth, for estimator tests and demos", RunFleetSim},
      {"serve", "the fleet estimator as a service on MQTT (mutual TLS): SenML estimates out, InfluxDB, metrics", RunServe},
  };
  return commands;
}

namespace {

void PrintUsage(std::ostream& out) {
  out << "Usage: powerbudget <command> [options]\n"
         "       powerbudget --help | --version\n\n"
         "Power-budget and battery-life analysis for battery-powered NB-IoT devices.\n\n"
         "Commands:\n";
  for (const Command& c : AllCommands()) out << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary << "\n";
  out << "\nRun 'powerbudget <command> --help' for a command's options.\n"
         "Exit codes: 0 ok, 1 verdict failed (e.g. target missed with --check), 2 bad input, 3 internal error.\n";
}

}  // namespace
}  // namespace pb::cli

int main(int argc, char** argv) {
  using namespace pb::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    PrintUsage(std::cerr);
    return kExitBadInput;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "powerbudget " << PB_VERSION << "\n";
    return kExitOk;
  }
  for (const Command& c : AllCommands()) {
    if (args[0] != c.name) continue;
    try {
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const std::exception& e) {
      std::cerr << "powerbudget " << c.name << ": internal error: " << TerminalSafe(e.what()) << "\n";
      return kExitInternalError;
    }
  }
  std::cerr << "powerbudget: unknown command '" << TerminalSafe(args[0]) << "'\n\n";
  PrintUsage(std::cerr);
  return kExitBadInput;
}
