// powerbudget init [PROFILE] [-o FILE] [--force] [--name NAME]
//   A starting device profile for a new user's own device: a bundled device (default
//   mast-monitor) copied with a description saying what to change and how to check it. JSON has
//   no comments, so the explanation goes where profiles already carry it: `description` (read
//   and ignored by the loader) and the `sources` object (a note per field, docs/profiles.md).
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::cli {
namespace po = boost::program_options;

namespace {

// The profile is JSON and nothing else: --format exists so that every command takes it, and
// refuses the others with the one message every command gives.
const CommandFormats kFormats{"init", {"json"}, "the device profile"};

nlohmann::ordered_json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw engine::ProfileError("", "cannot read " + path.string(), path.string());
  try {
    return nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw engine::ProfileError("", std::string("not JSON: ") + e.what(), path.string());
  }
}

// The starting file: the bundled device with the new name, and the how-to in its description.
nlohmann::ordered_json StartingProfile(nlohmann::ordered_json device, const std::string& from, const std::string& name,
                                       const std::string& file) {
  if (!device.is_object() || !device.contains("schema") || device["schema"] != "powerbudget/device/1")
    throw engine::ProfileError("/schema", "init starts from a device profile (schema powerbudget/device/1)", from);
  const std::string original = device.value("name", from);
  const std::string check = "powerbudget simulate " + (file.empty() ? std::string("FILE") : file) + " --check";
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (auto it = device.begin(); it != device.end(); ++it) {
    if (it.key() == "name") {
      out["name"] = name;
    } else if (it.key() == "description") {
      out["description"] =
          "Started by 'powerbudget init' from the bundled profile '" + from + "' (" + original +
          "). Every figure below is that device's: change each to your device's (docs/profiles.md lists every field, "
          "its unit and its range), and its note in 'sources' to where your figure comes from (a datasheet, a "
          "measurement: 'powerbudget trace' reads PPK2 and Otii captures). modem, network, battery and climate name "
          "bundled profiles (profiles/) or files. Then: '" + check + "' (exit 1 when the lifetime target is missed). "
          "The bundled device's own description: " + it.value().get<std::string>();
    } else {
      out[it.key()] = it.value();
    }
  }
  if (!out.contains("description"))
    out["description"] = "Started by 'powerbudget init' from '" + from + "'; check with '" + check + "'.";
  return out;
}

}  // namespace

int RunInit(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: powerbudget init [PROFILE] [-o FILE] [options]\n\n"
      "Writes a starting device profile for your own device: a bundled device (default mast-monitor) or a\n"
      "profile file, copied with a description of what to change; each field's note on where its figure\n"
      "comes from is in 'sources'. The file loads as it is: 'powerbudget simulate FILE --check'. Without\n"
      "-o the profile goes to stdout. An existing FILE is kept unless --force.\n\nOptions");
  std::string output, name, format, profiles_dir, profile = "mast-monitor";
  bool force = false;
  AddHelpOption(visible);
  visible.add_options()("output,o", po::value(&output), "write the profile to this file (default: stdout)")(
      "force", po::bool_switch(&force), "overwrite FILE if it exists")(
      "name", po::value(&name)->default_value("My device"), "the device's name in the profile");
  AddFormatOption(visible, format, kFormats);
  AddProfilesDirOption(visible, profiles_dir);
  po::options_description hidden;
  hidden.add_options()("profile", po::value(&profile));
  po::positional_options_description positional;
  positional.add("profile", 1);
  po::variables_map vm;
  if (const auto stop = ParseCommandLine("init", visible, args, vm, hidden, positional)) return *stop;
  return GuardBadInput("init", [&] {
    CheckFormat(format, kFormats);
    const std::filesystem::path root = ProfilesRoot(profiles_dir);
    const std::filesystem::path from = engine::profile_io::ResolveDevicePath(profile, root);
    // Refuse before any work, so that nothing of the user's is touched.
    std::error_code ec;
    if (!output.empty() && output != "-" && std::filesystem::exists(output, ec) && !force)
      throw std::invalid_argument("-o " + output + ": the file exists; give --force to overwrite it");
    const bool to_stdout = output.empty() || output == "-";
    const nlohmann::ordered_json start = StartingProfile(ReadJson(from), profile, name, to_stdout ? "" : output);
    const std::string text = start.dump(2) + "\n";
    engine::profile_io::LoadOptions load;
    load.profiles_root = root;
    if (to_stdout) {
      // What goes out differs from PROFILE only in its name and description: PROFILE must load.
      (void)engine::profile_io::LoadDeviceProfile(from, load);
      std::cout << text;
      return kExitOk;
    }
    // The file must load as written. It is written beside FILE first (its references to other
    // files resolve from its folder), loaded, and only then renamed over FILE, so that a refused
    // profile never replaces a file of the user's.
    const std::filesystem::path target(output);
    std::filesystem::path staged = target;
    staged += ".init-tmp";
    {
      std::ofstream out(staged, std::ios::binary | std::ios::trunc);
      if (!(out << text)) throw std::invalid_argument("-o " + output + ": cannot write the file");
    }
    try {
      (void)engine::profile_io::LoadDeviceProfile(staged, load);
    } catch (...) {
      std::filesystem::remove(staged, ec);
      throw;
    }
    std::filesystem::rename(staged, target, ec);
    if (ec) {
      std::filesystem::remove(staged, ec);
      throw std::invalid_argument("-o " + output + ": cannot write the file");
    }
    std::cerr << "powerbudget init: wrote " << output << " (from " << profile << "); check it with 'powerbudget simulate "
              << output << " --check'\n";
    return kExitOk;
  });
}

}  // namespace pb::cli
