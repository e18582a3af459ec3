#include "cli/profile_arguments.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

void AddProfileOptions(po::options_description& visible, ProfileArguments& args, bool with_check) {
  visible.add_options()("help,h", "show this help")(
      "set,s", po::value(&args.overrides)->composing(),
      "override a field: PATH=VALUE (repeatable), e.g. --set reporting.interval_s=900 --set modem=quectel-bc66")(
      "profiles-dir", po::value(&args.profiles_dir),
      "where bundled profiles are (default: $POWERBUDGET_PROFILES or the installed ones)");
  if (with_check)
    visible.add_options()("check", po::bool_switch(&args.check), "exit with code 1 when the verdict fails (target missed)");
}

std::optional<int> ParseCommandLine(const char* command, const po::options_description& visible,
                                    const std::vector<std::string>& args, ProfileArguments& profile_args,
                                    const char* operand) {
  po::options_description all;
  all.add(visible).add_options()("profile", po::value(&profile_args.profile));
  po::positional_options_description positional;
  positional.add("profile", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "powerbudget " << command << ": " << e.what() << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  if (profile_args.profile.empty()) {
    std::cerr << "powerbudget " << command << ": missing " << operand << "\n\n" << visible << "\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int GuardBadInput(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const engine::ProfileError& e) {
    std::cerr << "powerbudget " << command << ": " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    std::cerr << "powerbudget " << command << ": " << e.what() << "\n";
  }
  return kExitBadInput;
}

engine::DeviceProfile LoadProfile(const ProfileArguments& args) {
  engine::profile_io::LoadOptions options;
  options.profiles_root =
      args.profiles_dir.empty() ? engine::profile_io::DefaultProfilesRoot() : std::filesystem::path(args.profiles_dir);
  options.overrides = args.overrides;
  return engine::profile_io::LoadDeviceProfile(engine::profile_io::ResolveDevicePath(args.profile, options.profiles_root), options);
}

}  // namespace pb::cli
