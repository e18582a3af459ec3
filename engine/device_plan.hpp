// A device's plan: the protocol messages of each exchange and, for each CE level, how long
// each exchange keeps the modem in each radio state. Building it runs the NB-IoT procedures
// (models/radio/nbiot/procedures.hpp) once; evaluating a budget from it is then a handful of
// multiplications, which is what lets sweeps and Monte Carlo run millions of cases.
//
// What a plan fixes (changing any of these needs a new plan): the modem's timing figures, the
// network's CE-level settings and scheduling/RTT/RRC timers, the protocol stack and its
// message sizes, the payload, confirmable/RAI, PSM on/off, FOTA image and block sizes.
// What may change between evaluations of one plan: coupling loss (CE level and power), all
// currents, the reporting interval, the NAS timer values (T3412, T3324, eDRX cycle, PTW),
// the battery, the supply, MCU and sensor figures, FOTA interval and rollback probability.
// Debug builds check this by rebuilding the plan on every evaluation (engine/budget.cpp).
#pragma once

#include <array>

#include "engine/device_profile.hpp"
#include "engine/traffic.hpp"
#include "models/radio/modem_tally.hpp"
#include "models/radio/nbiot/network.hpp"

namespace pb::engine {

// Modem time of one occurrence of each exchange, at one CE level.
struct ExchangeTallies {
  models::radio::ModemTally report;             // wake-up to release (release included when RAI is honoured)
  models::radio::ModemTally report_tail;        // RRC inactivity timer and release (no RAI)
  models::radio::ModemTally full_handshake;     // extra airtime and waiting inside a connection
  models::radio::ModemTally resumed_handshake;
  models::radio::ModemTally registration_update;
  models::radio::ModemTally registration;
  models::radio::ModemTally keepalive;          // a whole ping connection, tail included
  models::radio::ModemTally tau;                // a whole TAU connection
  models::radio::ModemTally fota_download;      // connection, all blocks, tail included
  models::radio::ModemTally fota_reregistration;  // connection with full handshake and Register
  bool operator==(const ExchangeTallies&) const;
};

struct DevicePlan {
  DeviceTraffic traffic;
  bool release_assistance = false;  // RAI sent and honoured
  std::array<ExchangeTallies, models::radio::nbiot::kNumCeLevels> by_ce_level;
};

DevicePlan BuildPlan(const ModelledDevice& device);

bool RaiHonoured(const ModelledDevice& device);

}  // namespace pb::engine
