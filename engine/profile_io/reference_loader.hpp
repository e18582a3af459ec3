// Loading the reference cases of profiles/reference/*.json (schema powerbudget/reference/1).
#pragma once

#include <filesystem>
#include <vector>

#include "engine/profile_io/profile_loader.hpp"
#include "engine/validation/reference_case.hpp"

namespace pb::engine::profile_io {

// One case file. Devices, modems and networks named in a scenario resolve like a device's
// references (relative to the case file, then the profiles root).
engine::validation::ReferenceCase LoadReferenceCase(const std::filesystem::path& file, const std::filesystem::path& profiles_root);

// Every *.json directly in profiles_root/reference, sorted by file name.
std::vector<engine::validation::ReferenceCase> LoadReferenceCases(const std::filesystem::path& profiles_root);

}  // namespace pb::engine::profile_io
