// Loading a device profile: read the device JSON, inline the modem, network and battery
// profiles it names, apply --set overrides, and parse the composed document into
// engine::DeviceProfile with every field validated (errors name the JSON pointer, the value
// and the allowed range; unknown keys are errors).
//
// References: "modem": "nrf9160" names profiles/modems/nrf9160.json; a value ending in ".json"
// is a path relative to the referencing file (then to the profiles root). An object in place
// of the name is an inline profile.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/device_profile.hpp"

namespace pb::engine::profile_io {

struct LoadOptions {
  std::filesystem::path profiles_root;  // where modems/, networks/, batteries/, devices/ live
  std::vector<std::string> overrides;   // "PATH=VALUE", applied in order
};

// Whether a path names a file (or a directory); false, not an exception, for a name the file
// system refuses (longer than it allows, say): a profile named so is missing, which the loaders
// report as bad input naming the field.
bool PathExists(const std::filesystem::path& path);
bool IsDirectory(const std::filesystem::path& path);

// Where bundled profiles are: $POWERBUDGET_PROFILES, else <program's directory>/../share/powerbudget/
// profiles (an installed program, or a build tree, which mirrors that layout with a link), else the
// data directory the library was configured to be installed with.
std::filesystem::path DefaultProfilesRoot();

// A device profile argument may be a path or the name of a bundled device ("mast-monitor").
std::filesystem::path ResolveDevicePath(const std::string& argument, const std::filesystem::path& profiles_root);

engine::DeviceProfile LoadDeviceProfile(const std::filesystem::path& device_file, const LoadOptions& options);

}  // namespace pb::engine::profile_io
