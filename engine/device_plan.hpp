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
#include <functional>

#include "engine/device_profile.hpp"
#include "engine/traffic.hpp"
#include "models/radio/modem_tally.hpp"
#include "models/radio/nbiot/network.hpp"
#include "models/radio/nbiot/procedures.hpp"

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
  // SIB1-NB and the SI messages, read on a wake from PSM when the stored copy has expired (the
  // budget decides how often: the gap between wakes against the validity).
  models::radio::ModemTally system_information;
  bool operator==(const ExchangeTallies&) const;
};

struct DevicePlan {
  DeviceTraffic traffic;
  bool release_assistance = false;  // RAI sent and honoured
  std::array<ExchangeTallies, models::radio::nbiot::kNumCeLevels> by_ce_level;
};

DevicePlan BuildPlan(const ModelledDevice& device);

// The exchanges a plan holds (ExchangeTallies), one at a time.
enum class Exchange {
  kReport, kReportTail, kFullHandshake, kResumedHandshake, kRegistrationUpdate, kRegistration,
  kKeepalive, kTau, kFotaDownload, kFotaReregistration, kSystemInformation
};

// How a timeline (engine/timeline/) replays an exchange in time order, by the plan's own rules:
// the recorder receives every phase (those the link decides too when RadioContext::times is
// set); after_wake runs once a connection's modem has woken, after_access once its random access
// is over, before its messages: where the exchanges that ride inside a connection go (the
// system information read, a report's handshake and registration).
struct ExchangeTrace {
  const models::radio::PhaseRecorder* recorder = nullptr;
  std::function<void()> after_wake;
  std::function<void()> after_access;
};

// One exchange as BuildPlan builds it for a device on a link (ctx), optionally traced.
models::radio::ModemTally BuildExchange(const ModelledDevice& device, const DeviceTraffic& traffic,
                                        const models::radio::nbiot::RadioContext& ctx, Exchange exchange,
                                        const ExchangeTrace& trace = {});

bool RaiHonoured(const ModelledDevice& device);

}  // namespace pb::engine
