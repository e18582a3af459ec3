// One device of a population: the profile with sampled inputs applied, and its lifetime.
// Shared by Monte Carlo, sensitivity and the proof so that all three evaluate a device the same way.
#pragma once

#include <vector>

#include "engine/device_plan.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"

namespace pb::engine::lifetime {

// The value of each declared uncertain input for one device, in the order of the profile's
// uncertainty spec.
using InputValues = std::vector<double>;

// Values at the distributions' medians: the nominal device.
InputValues MedianInputs(const UncertaintySpec& spec);

struct DeviceLifetime {
  double lifetime_s = 0.0;
  models::battery::EndOfLifeCause cause = models::battery::EndOfLifeCause::kNone;
  bool no_service = false;  // sampled coupling loss beyond the network's reach
  // The CE level the device is served at (its budget's link): a population over coupling loss is
  // a mix of levels, and the level decides the cost of every connection. -1 when there is no
  // link: no service, or a measured device (no radio model).
  int ce_level = -1;
};

// Evaluates devices of one profile. The plan is built once: the inputs a population varies are
// all among those a plan leaves free (engine/device_plan.hpp).
class PopulationModel {
 public:
  PopulationModel(const DeviceProfile& profile, const LifetimeOptions& options);
  DeviceLifetime Evaluate(const InputValues& values) const;
  const DeviceProfile& profile() const { return profile_; }
  const UncertaintySpec& spec() const { return profile_.uncertainty; }

 private:
  DeviceProfile profile_;
  LifetimeOptions options_;
  std::optional<DevicePlan> plan_;  // modelled devices
};

}  // namespace pb::engine::lifetime
