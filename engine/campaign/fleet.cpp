#include "engine/campaign/fleet.hpp"

#include "engine/campaign/random_stream.hpp"

namespace pb::engine::campaign {
namespace {

// Index of the first cumulative share above u (the last one if rounding leaves u above all).
template <typename Share>
std::size_t Pick(const std::vector<Share>& items, double u, double (*share_of)(const Share&)) {
  double cumulative = 0.0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    cumulative += share_of(items[i]);
    if (u < cumulative) return i;
  }
  return items.size() - 1;
}

double GroupShare(const cell::DeviceGroup& g) { return g.share_frac; }
double BinShare(const cell::CouplingLossBin& b) { return b.share_frac; }

}  // namespace

std::vector<FleetDevice> SampleFleet(const CampaignScenario& s, const std::vector<GroupCosts>& costs) {
  std::vector<FleetDevice> fleet(static_cast<std::size_t>(s.devices));
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    RandomStream stream = DeviceStream(s.seed, i);
    FleetDevice& d = fleet[i];
    d.cell = static_cast<std::uint32_t>(i % static_cast<std::size_t>(s.cells));
    d.group = static_cast<std::uint16_t>(Pick(s.groups, stream.Uniform(), &GroupShare));
    const double loss_dB = s.coupling_loss[Pick(s.coupling_loss, stream.Uniform(), &BinShare)].coupling_loss_dB;
    d.ce_level = static_cast<std::int8_t>(CeLevelOf(s.groups[d.group], loss_dB));
    d.first_wake_s = stream.Uniform() * costs[d.group].wake_interval_s;
    d.stream_state = stream.state();
  }
  return fleet;
}

}  // namespace pb::engine::campaign
