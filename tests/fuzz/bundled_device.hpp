// The bundled mast monitor (profiles/devices/mast-monitor.json), loaded once per process: the
// device the trace and telemetry targets fit, overlay and estimate against, as the CLI does with
// --profile mast-monitor. Loaded outside the fuzzing loop, so no file is read per input.
#pragma once

#include "engine/device_profile.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "tests/fuzz/profiles_root.hpp"

namespace pb::fuzz {

inline const engine::DeviceProfile& MastMonitor() {
  static const engine::DeviceProfile profile = [] {
    engine::profile_io::LoadOptions options;
    options.profiles_root = ProfilesRoot();
    return engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
  }();
  return profile;
}

}  // namespace pb::fuzz
