// Uses the installed engine as a server would: load the bundled mast monitor from the installed
// share/powerbudget/profiles, compute its budget, build a fleet estimator on it.
#include <cstdio>

#include "engine/budget.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"
#include "engine/profile_io/profile_loader.hpp"

int main() {
  namespace est = pb::engine::estimation;
  namespace io = pb::engine::profile_io;
  io::LoadOptions options;
  options.profiles_root = io::DefaultProfilesRoot();
  const pb::engine::DeviceProfile profile =
      io::LoadDeviceProfile(io::ResolveDevicePath("mast-monitor", options.profiles_root), options);
  const pb::engine::BudgetResult budget = pb::engine::ComputeBudget(profile);
  est::FleetEstimator fleet(est::MakeFleetModel(profile, est::EstimatorOptions{}));
  const est::telemetry_io::InputFormat format = est::telemetry_io::ParseInputFormat("influx");
  std::printf("profiles %s, lifetime %.0f d, devices %zu, format %d\n", options.profiles_root.c_str(),
              budget.lifetime_s / 86400.0, fleet.device_count(), static_cast<int>(format));
  return budget.lifetime_s > 0 ? 0 : 1;
}
