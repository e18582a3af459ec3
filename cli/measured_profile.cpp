#include "cli/measured_profile.hpp"

#include <fmt/format.h>

#include "cli/output_format.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/trace/measured_from_trace.hpp"
#include "engine/profile_io/profile_json.hpp"
#include "models/units.hpp"

namespace pb::cli {
namespace fs = std::filesystem;

namespace {

fs::path BatteryFile(const std::string& battery, const fs::path& root) {
  if (battery.ends_with(".json") && engine::profile_io::PathExists(battery)) return battery;
  const fs::path bundled = root / "batteries" / (battery + ".json");
  if (engine::profile_io::PathExists(bundled)) return bundled;
  std::string available;
  if (engine::profile_io::IsDirectory(root / "batteries"))
    for (const auto& entry : fs::directory_iterator(root / "batteries"))
      if (entry.path().extension() == ".json") available += (available.empty() ? "" : ", ") + entry.path().stem().string();
  throw engine::ProfileError("--battery", "no battery profile '" + battery + "'; bundled: " + available);
}

bool IsBundledName(const std::string& battery) { return !battery.ends_with(".json"); }

}  // namespace

nlohmann::ordered_json MeasuredProfileJson(const engine::trace::TraceReport& report, const MeasuredProfileOptions& options,
                                           const fs::path& profiles_root) {
  const fs::path battery_file = BatteryFile(options.battery, profiles_root);
  const engine::MeasuredDevice device = engine::trace::MeasuredDeviceFromTrace(report.analysis, options.supply_voltage_V);
  const engine::trace::TraceQuality& q = report.quality;
  nlohmann::ordered_json j;
  j["schema"] = "powerbudget/device/1";
  j["kind"] = "measured_events";
  j["name"] = options.name;
  j["description"] = fmt::format(
      "Measured with powerbudget trace from {} ({} trace, {} samples over {:.6g} s, {} gaps, {} bad samples): the idle "
      "current as the floor and one event per group of similar events.",
      q.source, engine::trace::FormatName(q.columns.format), q.samples, report.analysis.measured_time_s, q.gap_count,
      q.bad_sample_count);
  j["target_lifetime_days"] = Rounded(options.target_lifetime_days);
  // A bundled battery stays a reference, as in the bundled profiles; a file is inlined so the
  // profile stands on its own.
  j["battery"] = IsBundledName(options.battery) ? nlohmann::ordered_json(options.battery)
                                                : nlohmann::ordered_json::parse(engine::profile_io::ReadJsonFile(battery_file).dump());
  j["supply"] = {{"kind", "direct"}, {"quiescent_current_uA", 0}, {"min_operating_voltage_V", 0}};
  j["supply_voltage_V"] = Rounded(device.supply_voltage_V);
  j["floor_current_uA"] = Rounded(units::to_uA(device.floor_current_A));
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const engine::MeasuredEvent& e : device.events)
    events.push_back({{"name", e.name},
                      {"charge_mC", Rounded(units::to_mC(e.energy_J / device.supply_voltage_V))},
                      {"duration_s", Rounded(e.duration_s)},
                      {"period_s", Rounded(e.period_s)}});
  j["events"] = events;
  j["sources"] = {
      {"floor_current_uA", "trace: mean current outside the events"},
      {"events", "trace: mean charge and duration of each group of similar events; period: the median interval of a "
                 "regular group, else the measured time divided by the count"},
      {"supply_voltage_V", "given with --supply-voltage: the voltage the trace was measured at"},
      {"supply", "the analyser measured at the battery terminals: no supply path in between"},
      {"supply.min_operating_voltage_V", "0: a trace says nothing about brown-out; set it for the device"}};
  return j;
}

engine::DeviceProfile LoadMeasuredProfile(const nlohmann::ordered_json& profile, const fs::path& profiles_root) {
  engine::profile_io::Json composed = engine::profile_io::Json::parse(profile.dump());
  if (composed.at("battery").is_string())
    composed["battery"] = engine::profile_io::ReadJsonFile(BatteryFile(composed["battery"].get<std::string>(), profiles_root));
  return engine::profile_io::ParseDeviceProfile(composed);
}

}  // namespace pb::cli
