// The population cut into classes — one device group at one coupling-loss bin — and what one
// device of each class asks of the cell and pays for it. Everything comes from the device's own
// budget and plan: how often it connects and runs each exchange (engine::ComputeBudget's
// activity counts), the messages of each exchange (engine::DeviceTraffic), the CE level and
// transmit currents (the budget's link), the energy of a report, of a day and the lifetime.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/cell/cell_scenario.hpp"
#include "engine/cell/channel_use.hpp"

namespace pb::engine::cell {

// NAS TRACKING AREA UPDATE REQUEST / ACCEPT sizes, as engine/device_plan.cpp's TAU connection
// (TS 24.301 §8.2.29, §8.2.26; ~45 B up, ~35 B down, assumptions from typical encodings). The
// cross-check test against the plan's TAU tally keeps the two equal.
inline constexpr int kTauRequest_B = 45;
inline constexpr int kTauAccept_B = 35;

struct DeviceClass {
  std::size_t group = 0;
  double coupling_loss_dB = 0.0;
  double share_frac = 0.0;  // of the whole population
  int ce_level = 0;
  double report_interval_s = 0.0;
  double reports_per_s = 0.0;
  double other_accesses_per_s = 0.0;  // TAU and keep-alive connections: never synchronised
  ChannelUse report_use;              // one report connection with what rides on it (handshakes, LwM2M)
  ChannelUse other_use_per_s;         // TAU and keep-alive connections per second
  ChannelUse retry_use;               // one extra preamble attempt: preamble and RAR
  double retry_energy_J = 0.0;        // battery energy of one extra attempt (the NPRACH part + back-off)
  double report_energy_J = 0.0;       // the budget's report activity, per event
  double energy_J_per_day = 0.0;      // the budget's total
  double lifetime_s = 0.0;            // the budget's lifetime on its ideal battery

  double accesses_per_s() const { return reports_per_s + other_accesses_per_s; }
};

struct DeviceClasses {
  std::vector<DeviceClass> classes;  // covered classes only
  double out_of_coverage_frac = 0.0;  // coupling loss beyond the network's maximum: not served
};

// Throws ProfileError (naming the group) when a group's budget cannot be evaluated.
DeviceClasses BuildDeviceClasses(const CellScenario& scenario);

}  // namespace pb::engine::cell
