// One cell's share of a campaign, event by event.
//
// Reaching devices: a device in PSM hears of the update only when it next connects (a report or
// a periodic TAU), an eDRX device at its next paging window, other devices at their next paging
// occasion: every contact happens at first_wake + k·wake_interval (fleet.hpp, update_costs.hpp).
//
// Unicast scheduler (the campaign server, e.g. Leshan + Hawkbit, with a per-cell limit):
//   - devices waiting for the update are "parked"; when a download slot is free the server picks
//     the parked device that will contact it first, and the download starts at that contact;
//   - at most `max_concurrent_downloads_per_cell` downloads run at once, and together they may
//     use `downlink_share_frac` of the cell's available downlink: a download's demand is its
//     carrier downlink time over its duration; it is admitted while the admitted demands fit the
//     share (the first one always is; one that needs more than the share alone is slowed to fit,
//     and its device waits connected for the difference, at connected-idle power);
//   - no overtaking: when the next device does not fit, the server waits for a download to end;
//   - a download breaks off with `download_failure_frac` at a uniform point (that part of its
//     energy and bytes is spent) and is retried at the device's next contact, up to
//     `max_download_attempts`; an install fails with `install_failure_frac`, MCUboot reverts
//     (the rollback's energy), and per the policy the device downloads again at its next contact
//     after the rollback, up to `max_install_attempts` installs, or stays on the old image.
// Multicast (SC-PTM): devices learn of the session at their contacts; it starts when
// `session_after_frac` of the cell's devices know, one transmission per device type and CE level
// in turn at the campaign's downlink share. Devices that know wake for their transmission and
// receive it whole; they repair `block_loss_frac` of the blocks by unicast (that share of a
// download's energy and bytes). A device that misses its session (download_failure_frac), did not
// know in time, or must download again after a rollback, goes to the unicast scheduler after the
// last session.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/campaign/fleet.hpp"

namespace pb::engine::campaign {

enum class DeviceStatus : std::uint8_t { kPending, kUpdated, kFailed, kRolledBack, kOutOfCoverage };

struct DeviceOutcome {
  double energy_J = 0.0;
  double finished_s = 0.0;  // when it was updated, or gave up
  DeviceStatus status = DeviceStatus::kPending;
  std::uint8_t download_attempts = 0;
  std::uint8_t failed_installs = 0;
};

struct LoadSegment {
  double start_s = 0.0;
  double end_s = 0.0;
  double downlink_frac = 0.0;  // of the cell's available downlink
};

struct CellTotals {
  double peak_downlink_frac = 0.0;
  double downlink_s = 0.0;  // carrier downlink time the campaign used
  double last_event_s = 0.0;
  std::int64_t completed_downloads = 0;
  std::int64_t failed_downloads = 0;  // unicast downloads broken off and multicast sessions missed
  std::int64_t failed_installs = 0;
  std::int64_t multicast_receptions = 0;  // sessions received whole (then installed)
  double complete_download_B = 0.0;   // unicast downloads that completed
  double partial_download_B = 0.0;    // what broken-off downloads had received
  double multicast_B = 0.0;           // one image per session
  double repair_B = 0.0;              // unicast repair of lost multicast blocks
  std::vector<LoadSegment> segments;
};

struct CellCampaignInputs {
  const CampaignScenario& scenario;
  const Variant& variant;
  const std::vector<GroupCosts>& costs;
  double available_downlink_frac = 0.0;  // of the carrier's time: available subframes per second × 1 ms
};

// Simulates the devices `members` (indices into fleet and outcomes) of one cell.
void RunCellCampaign(const CellCampaignInputs& inputs, const std::vector<FleetDevice>& fleet,
                     const std::vector<std::uint32_t>& members, std::vector<DeviceOutcome>& outcomes,
                     CellTotals& totals);

}  // namespace pb::engine::campaign
