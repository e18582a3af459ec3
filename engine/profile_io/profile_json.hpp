// The JSON level of profile loading: reading files, composing a device with its references and
// overrides, and the parsers of each part. Internal to the engine (tests, the CLI's commands that
// need the composed document); not installed, so nlohmann-json is no public dependency.
#pragma once

#include <filesystem>
#include <string>

#include "engine/profile_io/cell_loader.hpp"
#include "engine/profile_io/json_reader.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::engine::profile_io {

Json ReadJsonFile(const std::filesystem::path& file);  // errors give file:line:column
Json ComposeDeviceJson(const std::filesystem::path& device_file, const LoadOptions& options);
engine::DeviceProfile ParseDeviceProfile(const Json& composed);

// Parsers for the parts, exposed for tests and for other commands.
models::radio::ModemParams ParseModem(const Json& modem, const std::string& pointer);
models::radio::nbiot::NetworkParams ParseNetwork(const Json& network, const std::string& pointer);
models::battery::BatteryParams ParseBattery(const Json& battery, const std::string& pointer);
models::environment::ClimateParams ParseClimate(const Json& climate, const std::string& pointer);

// Applies one "a.b[2].c=VALUE" override. VALUE is JSON if it parses as JSON, else a string.
void ApplyOverride(Json& document, const std::string& assignment);

// The same from a document already read and overridden; dir is where relative references start.
engine::cell::CellScenario ParseCellScenario(const Json& document, const std::filesystem::path& dir,
                                             const std::filesystem::path& profiles_root);
engine::campaign::CampaignScenario ParseCampaignScenario(const Json& document, const std::filesystem::path& dir,
                                                         const std::filesystem::path& profiles_root);

}  // namespace pb::engine::profile_io
