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
#include "engine/profile_io/json_reader.hpp"

namespace pb::engine::profile_io {

struct LoadOptions {
  std::filesystem::path profiles_root;  // where modems/, networks/, batteries/, devices/ live
  std::vector<std::string> overrides;   // "PATH=VALUE", applied in order
};

// Where bundled profiles are: $POWERBUDGET_PROFILES, the source tree the binary was built
// from, or <prefix>/share/powerbudget/profiles next to an installed binary.
std::filesystem::path DefaultProfilesRoot();

// A device profile argument may be a path or the name of a bundled device ("mast-monitor").
std::filesystem::path ResolveDevicePath(const std::string& argument, const std::filesystem::path& profiles_root);

Json ReadJsonFile(const std::filesystem::path& file);  // errors give file:line:column
Json ComposeDeviceJson(const std::filesystem::path& device_file, const LoadOptions& options);
engine::DeviceProfile ParseDeviceProfile(const Json& composed);
engine::DeviceProfile LoadDeviceProfile(const std::filesystem::path& device_file, const LoadOptions& options);

// Parsers for the parts, exposed for tests and for other commands.
models::radio::ModemParams ParseModem(const Json& modem, const std::string& pointer);
models::radio::nbiot::NetworkParams ParseNetwork(const Json& network, const std::string& pointer);
models::battery::BatteryParams ParseBattery(const Json& battery, const std::string& pointer);
models::environment::ClimateParams ParseClimate(const Json& climate, const std::string& pointer);

// Applies one "a.b[2].c=VALUE" override. VALUE is JSON if it parses as JSON, else a string.
void ApplyOverride(Json& document, const std::string& assignment);

}  // namespace pb::engine::profile_io
