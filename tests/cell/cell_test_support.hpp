// Loading bundled profiles and scenarios for the cell and campaign tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/profile_io/cell_loader.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::test {

inline std::filesystem::path ProfilesRoot() { return std::filesystem::path(PB_SOURCE_DIR) / "profiles"; }

inline engine::DeviceProfile BundledDevice(const std::string& path_in_profiles, std::vector<std::string> overrides = {}) {
  return engine::profile_io::LoadDeviceProfile(ProfilesRoot() / path_in_profiles, engine::profile_io::LoadOptions{ProfilesRoot(), overrides});
}

inline engine::cell::CellScenario BundledCell(const std::string& name, std::vector<std::string> overrides = {}) {
  return engine::profile_io::LoadCellScenario(ProfilesRoot() / "cells" / (name + ".json"),
                                      engine::profile_io::LoadOptions{ProfilesRoot(), overrides});
}

inline engine::campaign::CampaignScenario BundledCampaign(const std::string& name,
                                                          std::vector<std::string> overrides = {}) {
  return engine::profile_io::LoadCampaignScenario(ProfilesRoot() / "campaigns" / (name + ".json"),
                                          engine::profile_io::LoadOptions{ProfilesRoot(), overrides});
}

}  // namespace pb::test
