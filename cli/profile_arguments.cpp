#include "cli/profile_arguments.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/terminal_text.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/trace/trace_error.hpp"

namespace pb::cli {
namespace po = boost::program_options;

void AddHelpOption(po::options_description& visible) { visible.add_options()("help,h", "show this help"); }

void AddSetOption(po::options_description& visible, std::vector<std::string>& overrides, const char* help) {
  visible.add_options()("set,s", po::value(&overrides)->composing(), help);
}

void AddProfilesDirOption(po::options_description& visible, std::string& profiles_dir) {
  visible.add_options()("profiles-dir", po::value(&profiles_dir),
                        "where bundled profiles are (default: $POWERBUDGET_PROFILES or the installed ones)");
}

void AddProfileOptions(po::options_description& visible, ProfileArguments& args, bool with_check) {
  AddHelpOption(visible);
  AddSetOption(visible, args.overrides,
               "override a field: PATH=VALUE (repeatable), e.g. --set reporting.interval_s=900 --set modem=quectel-bc66");
  AddProfilesDirOption(visible, args.profiles_dir);
  if (with_check)
    visible.add_options()("check", po::bool_switch(&args.check), "exit with code 1 when the verdict fails (target missed)");
}

int UsageError(const char* command, std::string_view message, const po::options_description& visible) {
  std::cerr << "powerbudget " << command << ": " << TerminalSafe(message) << "\n\n" << visible << "\n";
  return kExitBadInput;
}

namespace {

int BadInput(const char* command, std::string_view message) {
  std::cerr << "powerbudget " << command << ": " << TerminalSafe(message) << "\n";
  return kExitBadInput;
}

}  // namespace

std::optional<int> ParseCommandLine(const char* command, const po::options_description& visible,
                                    const std::vector<std::string>& args, po::variables_map& vm,
                                    const po::options_description& hidden,
                                    const po::positional_options_description& positional) {
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError(command, e.what(), visible);
  } catch (const engine::ProfileError& e) {
    return BadInput(command, e.what());  // a number out of its range (cli/numeric_option.hpp)
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  return std::nullopt;
}

std::optional<int> ParseCommandLine(const char* command, const po::options_description& visible,
                                    const std::vector<std::string>& args, po::variables_map& vm, const char* key,
                                    std::string& value, const char* operand) {
  po::options_description hidden;
  hidden.add_options()(key, po::value(&value));
  po::positional_options_description positional;
  positional.add(key, 1);
  if (const auto stop = ParseCommandLine(command, visible, args, vm, hidden, positional)) return stop;
  if (value.empty()) return UsageError(command, std::string("missing ") + operand, visible);
  return std::nullopt;
}

std::optional<int> ParseCommandLine(const char* command, const po::options_description& visible,
                                    const std::vector<std::string>& args, ProfileArguments& profile_args,
                                    const char* operand) {
  po::variables_map vm;
  return ParseCommandLine(command, visible, args, vm, "profile", profile_args.profile, operand);
}

int GuardBadInput(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const engine::ProfileError& e) {
    return BadInput(command, e.what());
  } catch (const engine::trace::TraceError& e) {
    return BadInput(command, e.what());
  } catch (const engine::estimation::SnapshotError& e) {
    return BadInput(command, e.what());
  } catch (const std::invalid_argument& e) {
    return BadInput(command, e.what());
  }
}

std::filesystem::path ProfilesRoot(const std::string& profiles_dir) {
  return profiles_dir.empty() ? engine::profile_io::DefaultProfilesRoot() : std::filesystem::path(profiles_dir);
}

engine::profile_io::LoadOptions LoadOptionsOf(const ProfileArguments& args) {
  engine::profile_io::LoadOptions options;
  options.profiles_root = ProfilesRoot(args.profiles_dir);
  options.overrides = args.overrides;
  return options;
}

engine::DeviceProfile LoadProfile(const std::string& profile, const engine::profile_io::LoadOptions& options) {
  return engine::profile_io::LoadDeviceProfile(engine::profile_io::ResolveDevicePath(profile, options.profiles_root), options);
}

engine::DeviceProfile LoadProfile(const ProfileArguments& args) { return LoadProfile(args.profile, LoadOptionsOf(args)); }

}  // namespace pb::cli
