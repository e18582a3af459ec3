// A population of devices: how many, which device profiles in which shares, and how their
// coupling loss is distributed (which sets the CE-level mix through the network's thresholds).
//
// Density form (3GPP TR 45.820 capacity set-up): devices per sector = households per km² ×
// devices per household × sector area, with hexagonal sites at inter-site distance d and S
// sectors per site: sector area = (√3/2)·d² / S (a hexagon of inter-site distance d has area
// √3/2·d²). 1732 m, 3 sectors: 0.86597 km²; × 1517 × 40 = 52,547 devices.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/device_profile.hpp"

namespace pb::engine::cell {

struct DensityParams {
  double households_per_km2 = 0.0;
  double devices_per_household = 0.0;
  double inter_site_distance_m = 0.0;
  int sectors_per_site = 0;
  bool operator==(const DensityParams&) const = default;
};

double SectorArea_m2(const DensityParams& density);
// Rounded to whole devices.
double DevicesPerSector(const DensityParams& density);

// One bin of the coupling-loss distribution: a share of the devices at one coupling loss.
struct CouplingLossBin {
  double coupling_loss_dB = 0.0;
  double share_frac = 0.0;
  bool operator==(const CouplingLossBin&) const = default;
};

// A normal distribution in 1 dB bins over mean ± 4σ (σ = 0: one bin), shares summing to 1.
std::vector<CouplingLossBin> NormalCouplingLossBins(double mean_dB, double std_dB);

// Devices of one profile with one reporting configuration.
struct DeviceGroup {
  std::string label;        // for output, e.g. "tr45820-report every 7200 s"
  DeviceProfile profile;    // loaded, with the scenario's network and the group's overrides
  double share_frac = 0.0;  // of the population; shares sum to 1
};

struct Population {
  double devices = 0.0;
  std::optional<DensityParams> density;  // when the count comes from a density
  std::vector<DeviceGroup> groups;
  std::vector<CouplingLossBin> coupling_loss;  // shares sum to 1
};

// The modelled device of a group (populations hold modelled devices only).
const ModelledDevice& Modelled(const DeviceGroup& group);

}  // namespace pb::engine::cell
