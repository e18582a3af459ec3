// The options every profile-reading command shares (PROFILE, --set, --profiles-dir, --check),
// their parsing, and loading the profile they name.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/device_profile.hpp"

namespace pb::cli {

struct ProfileArguments {
  std::string profile;                 // as given on the command line
  std::vector<std::string> overrides;  // --set, in order
  std::string profiles_dir;
  bool check = false;                  // --check: exit 1 when the verdict fails
};

// --help, --set, --profiles-dir, and --check where the command has a verdict.
void AddProfileOptions(boost::program_options::options_description& visible, ProfileArguments& args,
                       bool with_check = true);

// Parses args into visible's variables and the positional operand (PROFILE, or SCENARIO for the
// cell and campaign commands, into profile_args.profile); prints help or a usage error itself.
// Returns an exit code when the command should stop (help, bad usage), nullopt to go on.
std::optional<int> ParseCommandLine(const char* command, const boost::program_options::options_description& visible,
                                    const std::vector<std::string>& args, ProfileArguments& profile_args,
                                    const char* operand = "PROFILE");

// Runs a command's body; bad input (a ProfileError naming the field, or an invalid option)
// is printed as "powerbudget COMMAND: message" and becomes exit code 2.
int GuardBadInput(const char* command, const std::function<int()>& body);

// Loads the profile (bundled name or file) with the overrides; throws engine::ProfileError.
engine::DeviceProfile LoadProfile(const ProfileArguments& args);

}  // namespace pb::cli
