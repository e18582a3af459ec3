// A trace's analysis as a measured-events device profile (powerbudget/device/1, kind
// "measured_events"), the JSON `simulate` reads, and the same profile loaded back through the
// profile loader so that its lifetime comes from the same code as any other profile's.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/device_profile.hpp"
#include "engine/trace/analyze_trace.hpp"

namespace pb::cli {

struct MeasuredProfileOptions {
  std::string name;                   // the device's name
  std::string battery;                // a bundled battery name, or a battery profile file
  double supply_voltage_V = 0.0;      // where the trace was measured
  double target_lifetime_days = 365.0;
};

// Throws engine::ProfileError (naming --battery) when the battery is unknown.
nlohmann::ordered_json MeasuredProfileJson(const engine::trace::TraceReport& report, const MeasuredProfileOptions& options,
                                           const std::filesystem::path& profiles_root);
engine::DeviceProfile LoadMeasuredProfile(const nlohmann::ordered_json& profile, const std::filesystem::path& profiles_root);

}  // namespace pb::cli
