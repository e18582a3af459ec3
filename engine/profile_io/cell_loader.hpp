// Loading cell-capacity scenarios (profiles/cells/*.json, schema powerbudget/cell/1) and
// firmware-update campaigns (profiles/campaigns/*.json, schema powerbudget/campaign/1). Both
// name a network profile, which every device of the population uses, and device profiles by
// name, as a device names its modem: "mast-monitor" is profiles/devices/mast-monitor.json; a
// name ending in ".json" is a path relative to the scenario file, then to the profiles root.
// --set overrides apply to the scenario document first (ApplyOverride); a device group's own
// "set" list (and its "interval_s") apply to that device's document. Every field is read with
// ObjectReader: errors name the JSON pointer, the value and the allowed range; unknown keys are
// errors. Formats, units and ranges: docs/cell-and-campaigns.md.
#pragma once

#include <filesystem>
#include <string>

#include "engine/campaign/campaign_scenario.hpp"
#include "engine/cell/cell_scenario.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::engine::profile_io {

// A SCENARIO argument: a path, or the name of a bundled scenario in profiles_root/folder.
std::filesystem::path ResolveScenarioPath(const std::string& argument, const std::filesystem::path& profiles_root,
                                          const char* folder);

engine::cell::CellScenario LoadCellScenario(const std::filesystem::path& file, const LoadOptions& options);
engine::campaign::CampaignScenario LoadCampaignScenario(const std::filesystem::path& file, const LoadOptions& options);

}  // namespace pb::engine::profile_io
