// Current against time for a modelled device: one report cycle, one day, or one firmware update,
// as segments of constant current from the battery, each labelled with the phase it belongs to
// (the procedure's own phase names, from the plan's builder with a recorder: engine/device_plan.hpp),
// its activity (engine::activity ids) and the modem's state. What a current probe on the battery
// (PPK2, Otii) would show: modem, MCU, sensor, flash and the constant floors summed, each load
// converted through the supply path exactly as the budget converts it (models/device/supply.hpp).
//
// How often each event happens comes from the budget (engine/budget.hpp): reports, handshakes
// (full and resumed), registrations, keep-alives, TAUs, FOTA, the idle time after each
// connection. The energy comes from the recorded phases, an independent sum: the day's integral
// equals ComputeBudget's energy_J_per_day (tests/timeline/test_timeline.cpp).
//
// Rates that are not whole numbers per day (a handshake every 7 days, a firmware update every 180)
// appear in the day as one occurrence with share_frac < 1: every phase of it lasts share_frac of
// its time, so the day keeps both its 86 400 s and its energy (the mean day the budget describes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/device_profile.hpp"
#include "models/radio/modem.hpp"

namespace pb::engine::timeline {

enum class View {
  kReport,  // one report cycle as it most often happens: wake to the next wake
  kDay,     // the budget's day: every event at its time
  kFota,    // one firmware update, from the download to the re-registration and the rollback share
};
const char* ViewName(View view);

// What one load draws from the battery during a segment.
struct ActivityCurrent {
  std::string activity;  // engine::activity id
  double current_A = 0.0;
};

struct Segment {
  double start_s = 0.0;
  double duration_s = 0.0;
  double current_A = 0.0;  // from the battery: every load at once
  std::string phase;       // what the foreground load does ("NPRACH preamble", "PSM", "sensor reading")
  std::string activity;    // its engine::activity id
  models::radio::ModemState modem_state = models::radio::ModemState::kPsm;
  double share_frac = 1.0;  // < 1: an occurrence that the budget counts as a share of one
  std::vector<ActivityCurrent> parts;  // current_A by activity (sums to current_A)
};

// An event marked on the timeline: a connection, or an exchange inside one.
struct Event {
  std::string activity;  // engine::activity id
  std::string label;     // "report", "full handshake", "registration update", "TAU", "FOTA", ...
  double start_s = 0.0;
  double duration_s = 0.0;
  double share_frac = 1.0;
};

struct Timeline {
  View view = View::kReport;
  std::string device_name;
  double duration_s = 0.0;
  double battery_voltage_V = 0.0;  // nominal: charge × voltage is the budget's battery energy
  std::vector<Segment> segments;   // in time order, abutting, from 0 to duration_s
  std::vector<Event> events;       // in time order of their start

  double Charge_C() const;
  double Energy_J() const { return Charge_C() * battery_voltage_V; }
  // Energy of one activity's parts.
  double ActivityEnergy_J(std::string_view activity) const;
};

// Throws ProfileError for a measured-events profile (it has no phases) and for the FOTA view of
// a device without FOTA; the budget's own errors pass through.
Timeline BuildTimeline(const DeviceProfile& profile, View view);

}  // namespace pb::engine::timeline
