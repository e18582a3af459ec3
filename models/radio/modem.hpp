// An NB-IoT modem's electrical behaviour: the current it draws in each radio state.
//
// Currents are those drawn at supply_voltage_V (the voltage the datasheet specifies them at);
// the supply model turns them into battery current (models/device/supply.hpp). Transmit current depends
// on transmit power: a piecewise-linear curve from the modem profile. Below the curve's lowest
// point the lowest point's current is used: at low output power the RF chain's bias, not the PA,
// dominates, and datasheets stop there (docs/models.md). Above the modem's max power the request
// is an error of the caller: power control never asks for more than max_tx_power_dBm.
#pragma once

#include <string>
#include <vector>

#include "models/radio/nbiot/airtime.hpp"

namespace pb::models::radio {

struct TxCurrentPoint {
  double tx_power_dBm = 0.0;
  double current_A = 0.0;
  bool operator==(const TxCurrentPoint&) const = default;
};

struct ModemParams {
  std::string name;
  models::radio::nbiot::UeCategory category = models::radio::nbiot::UeCategory::kNB1;
  double supply_voltage_V;
  double psm_current_A;
  double wakeup_time_s;
  double wakeup_current_A;
  double rx_current_A;
  double connected_idle_current_A;
  double cdrx_sleep_current_A;
  double idle_sleep_current_A;
  double paging_occasion_time_s;  // awake per paging occasion in good coverage (CE0)
  double resync_time_s;           // extra receive time at the start of each eDRX window
  double max_tx_power_dBm;
  std::vector<TxCurrentPoint> tx_current_curve;  // ascending power, >= 2 points
  bool operator==(const ModemParams&) const = default;
};

// Current at a transmit power by linear interpolation of the curve (see header comment).
double TxCurrent_A(const ModemParams& modem, double tx_power_dBm);

// The radio states the modem spends time in. Every second of a day is in exactly one.
enum class ModemState { kPsm, kWakeup, kRx, kTx, kConnectedIdle, kCdrxSleep, kIdleSleep, kCount };
inline constexpr int kNumModemStates = static_cast<int>(ModemState::kCount);
const char* ModemStateName(ModemState state);

// The physical channels a UE transmits on; each has its own power control.
// NPUSCH data, NPRACH preambles and NPUSCH format 2 acknowledgements each go at their own power.
enum class TxChannel { kNpusch, kNprach, kHarqAck, kCount };
inline constexpr int kNumTxChannels = static_cast<int>(TxChannel::kCount);

// Transmit current per channel at the powers the link sets (models/radio/nbiot/link.hpp).
struct TxCurrents {
  double npusch_A = 0.0;
  double nprach_A = 0.0;
  double harq_ack_A = 0.0;
};

// Current in a state other than kTx (which depends on power).
double StateCurrent_A(const ModemParams& modem, ModemState state);

}  // namespace pb::models::radio
