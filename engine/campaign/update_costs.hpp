// What one update costs a device of each group at each CE level, and what it costs the cell.
//
// Energy comes from the device's budget (engine::ComputeBudget) evaluated with the campaign's
// image at a coupling loss inside the CE level (the mean coupling loss of the fleet's devices
// at that level, else the level's upper edge): its `fota` activity is one update — download,
// flash write, verification, swap, reboot with secure boot, re-registration. Evaluated with
// rollback_probability_frac 0 and 1 it splits into the update and one rollback. The download's
// own part is the plan's fota_download tally (the same tally the budget charges), so
//   install = fota(0) − download,   rollback = fota(1) − fota(0).
// The cell's side comes from engine/cell/channel_use.hpp over the same messages: one download
// is a connection with fota_blocks CoAP Block2 exchanges; a multicast session (SC-PTM) sends
// each block's response once per device type and CE level, with no HARQ-ACK.
#pragma once

#include <array>
#include <vector>

#include "engine/campaign/campaign_scenario.hpp"

namespace pb::engine::campaign {

struct UpdateCost {
  double coupling_loss_dB = 0.0;      // where the budget was evaluated
  double download_B = 0.0;            // bytes of image (or patch) sent
  int blocks = 0;
  double download_energy_J = 0.0;
  double download_duration_s = 0.0;   // at full speed
  double download_downlink_s = 0.0;   // carrier downlink time (NPDCCH + NPDSCH) of one download
  double install_energy_J = 0.0;
  double install_duration_s = 0.0;
  double rollback_energy_J = 0.0;
  double connected_wait_power_W = 0.0;    // battery power while a slowed download waits for the carrier
  double multicast_wake_energy_J = 0.0;   // wake-up and synchronisation before a session
  double multicast_rx_power_W = 0.0;      // battery power while receiving a session
  double multicast_downlink_s = 0.0;      // carrier downlink time of one session
  double multicast_min_duration_s = 0.0;  // one transport block per scheduling cycle
  double energy_J_per_day = 0.0;      // the device's normal day, FOTA excluded
};

struct GroupCosts {
  double wake_interval_s = 0.0;  // how often the server can reach a device: report, TAU, eDRX or DRX cycle
  std::array<std::array<UpdateCost, 3>, 2> by_image_and_ce{};  // [ImageKind][CE level]
  const UpdateCost& at(ImageKind image, int ce_level) const {
    return by_image_and_ce[static_cast<std::size_t>(image)][static_cast<std::size_t>(ce_level)];
  }
};

// CE level of a device of the group at a coupling loss (the profile's forced level wins), or −1
// beyond the network's maximum coupling loss.
int CeLevelOf(const cell::DeviceGroup& group, double coupling_loss_dB);

// Throws ProfileError naming the group when a budget cannot be evaluated.
std::vector<GroupCosts> ComputeUpdateCosts(const CampaignScenario& scenario);

}  // namespace pb::engine::campaign
