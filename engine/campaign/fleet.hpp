// The fleet of a campaign, drawn once from the scenario's seed: each device's cell (devices are
// dealt to cells in turn), device group (by the groups' shares), coupling loss (from the
// distribution's bins), hence CE level, and the time it first contacts the server after the
// campaign starts — uniform over its wake interval, since devices report at unrelated phases.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/campaign/update_costs.hpp"

namespace pb::engine::campaign {

struct FleetDevice {
  std::uint64_t stream_state = 0;  // the device's random stream after the draws below
  double first_wake_s = 0.0;
  std::uint32_t cell = 0;
  std::uint16_t group = 0;
  std::int8_t ce_level = 0;  // −1: beyond the maximum coupling loss, never reached
};

std::vector<FleetDevice> SampleFleet(const CampaignScenario& scenario, const std::vector<GroupCosts>& costs);

}  // namespace pb::engine::campaign
