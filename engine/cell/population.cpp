#include "engine/cell/population.hpp"

#include <cmath>
#include <stdexcept>

#include "models/units.hpp"

namespace pb::engine::cell {

namespace {
constexpr double kBinWidth_dB = 1.0;
constexpr double kTailSigmas = 4.0;  // beyond ±4σ lies 6e-5 of a normal distribution

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
}  // namespace

double SectorArea_m2(const DensityParams& d) {
  return std::sqrt(3.0) / 2.0 * d.inter_site_distance_m * d.inter_site_distance_m / d.sectors_per_site;
}

double DevicesPerSector(const DensityParams& d) {
  return std::round(d.households_per_km2 * d.devices_per_household * SectorArea_m2(d) /
                    units::kSquareMetresPerSquareKilometre);
}

std::vector<CouplingLossBin> NormalCouplingLossBins(double mean_dB, double std_dB) {
  if (std_dB < 0.0) throw std::invalid_argument("a coupling-loss spread cannot be negative");
  if (std_dB == 0.0) return {{mean_dB, 1.0}};
  const int half_bins = static_cast<int>(std::ceil(kTailSigmas * std_dB / kBinWidth_dB));
  std::vector<CouplingLossBin> bins;
  double total = 0.0;
  for (int k = -half_bins; k <= half_bins; ++k) {
    const double centre_dB = mean_dB + k * kBinWidth_dB;
    const double lo = (centre_dB - 0.5 * kBinWidth_dB - mean_dB) / std_dB;
    const double hi = (centre_dB + 0.5 * kBinWidth_dB - mean_dB) / std_dB;
    bins.push_back({centre_dB, NormalCdf(hi) - NormalCdf(lo)});
    total += bins.back().share_frac;
  }
  for (CouplingLossBin& b : bins) b.share_frac /= total;  // the tails beyond ±4σ go to the bins
  return bins;
}

const ModelledDevice& Modelled(const DeviceGroup& group) {
  const auto* device = std::get_if<ModelledDevice>(&group.profile.device);
  if (!device) throw std::invalid_argument("group '" + group.label + "': a population needs modelled devices");
  return *device;
}

}  // namespace pb::engine::cell
