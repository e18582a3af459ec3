// Where the Python package finds profiles, and how it loads one: shared by powerbudget.Fleet and
// the engine functions (simulate, lifetime, montecarlo, prove), so that every call of the package
// resolves a bundled name the same way.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/device_profile.hpp"

namespace pb::python {

// The profiles root: profiles_dir if given, else $POWERBUDGET_PROFILES, else the copy bundled in
// the installed package (<package>/profiles, what `pip install` puts there), else the engine's
// default (beside the running program, the configured install directory), else a
// share/powerbudget/profiles above the module (a build tree or a `cmake --install` prefix).
std::filesystem::path ProfilesRoot(const std::optional<std::string>& profiles_dir);

// A bundled device name or a profile file, with PATH=VALUE overrides applied in order as `--set`.
// Throws engine::ProfileError naming the field. Call it without the GIL: it reads files.
engine::DeviceProfile LoadDevice(const std::string& profile, const std::vector<std::string>& overrides,
                                 const std::optional<std::string>& profiles_dir);

}  // namespace pb::python
