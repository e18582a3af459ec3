// The command-line handling every command shares: the common options (--help, --set,
// --profiles-dir, --check), parsing with operands, usage errors, bad input as exit code 2, and
// loading the profile the arguments name.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/run_header.hpp"
#include "engine/device_profile.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::cli {

// PROFILE (as given) and its --set overrides in order (RunInfo), where the bundled profiles are,
// and --check.
struct ProfileArguments : RunInfo {
  std::string profiles_dir;
  bool check = false;  // --check: exit 1 when the verdict fails
};

// --help (-h).
void AddHelpOption(boost::program_options::options_description& visible);
// --set PATH=VALUE (-s), repeatable, into overrides in order; help: what it overrides.
void AddSetOption(boost::program_options::options_description& visible, std::vector<std::string>& overrides,
                  const char* help);
// --profiles-dir DIR.
void AddProfilesDirOption(boost::program_options::options_description& visible, std::string& profiles_dir);
// --help, --set, --profiles-dir, and --check where the command has a verdict.
void AddProfileOptions(boost::program_options::options_description& visible, ProfileArguments& args,
                       bool with_check = true);

// Parses args into visible's variables and into hidden ones (not in the help: the operands, which
// positional maps the positional arguments onto). Prints the help (--help) or a usage error (it
// names the option) itself; returns the exit code when the command should stop (0 after the help,
// 2 after a usage error), nullopt to go on. vm: what was given (vm.count("x"): --x was).
std::optional<int> ParseCommandLine(const char* command, const boost::program_options::options_description& visible,
                                    const std::vector<std::string>& args, boost::program_options::variables_map& vm,
                                    const boost::program_options::options_description& hidden =
                                        boost::program_options::options_description(),
                                    const boost::program_options::positional_options_description& positional =
                                        boost::program_options::positional_options_description());
// The same with one operand, named `operand` in the usage error when it is missing, into `value`
// (also accepted as the hidden option --KEY).
std::optional<int> ParseCommandLine(const char* command, const boost::program_options::options_description& visible,
                                    const std::vector<std::string>& args, boost::program_options::variables_map& vm,
                                    const char* key, std::string& value, const char* operand);
// The profile commands: PROFILE (or SCENARIO for cell and campaign) into profile_args.profile.
std::optional<int> ParseCommandLine(const char* command, const boost::program_options::options_description& visible,
                                    const std::vector<std::string>& args, ProfileArguments& profile_args,
                                    const char* operand = "PROFILE");

// Prints "powerbudget COMMAND: message" and the help on stderr; returns exit code 2.
int UsageError(const char* command, std::string_view message,
               const boost::program_options::options_description& visible);

// Runs a command's body; bad input (a ProfileError naming the field, a TraceError, a refused
// snapshot, or an invalid option) is printed as "powerbudget COMMAND: message" and becomes exit
// code 2.
int GuardBadInput(const char* command, const std::function<int()>& body);

// Where bundled profiles are: --profiles-dir when given, else DefaultProfilesRoot().
std::filesystem::path ProfilesRoot(const std::string& profiles_dir);
// The profiles root and the overrides of the arguments.
engine::profile_io::LoadOptions LoadOptionsOf(const ProfileArguments& args);

// Loads a device profile (bundled name or file) with the options' overrides; throws
// engine::ProfileError.
engine::DeviceProfile LoadProfile(const std::string& profile, const engine::profile_io::LoadOptions& options);
engine::DeviceProfile LoadProfile(const ProfileArguments& args);

}  // namespace pb::cli
