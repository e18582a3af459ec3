#include "models/radio/modem.hpp"

#include <stdexcept>

namespace pb::models::radio {

double TxCurrent_A(const ModemParams& modem, double tx_power_dBm) {
  const auto& curve = modem.tx_current_curve;
  if (curve.empty()) throw std::invalid_argument("modem tx_current_curve is empty");
  if (tx_power_dBm > modem.max_tx_power_dBm + 1e-9)
    throw std::invalid_argument("transmit power above the modem's max_tx_power_dBm");
  if (tx_power_dBm <= curve.front().tx_power_dBm) return curve.front().current_A;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    const TxCurrentPoint& lo = curve[i - 1];
    const TxCurrentPoint& hi = curve[i];
    if (tx_power_dBm <= hi.tx_power_dBm) {
      const double t = (tx_power_dBm - lo.tx_power_dBm) / (hi.tx_power_dBm - lo.tx_power_dBm);
      return lo.current_A + t * (hi.current_A - lo.current_A);
    }
  }
  return curve.back().current_A;
}

const char* ModemStateName(ModemState state) {
  switch (state) {
    case ModemState::kPsm: return "psm";
    case ModemState::kWakeup: return "wakeup";
    case ModemState::kRx: return "rx";
    case ModemState::kTx: return "tx";
    case ModemState::kConnectedIdle: return "connected_idle";
    case ModemState::kCdrxSleep: return "cdrx_sleep";
    case ModemState::kIdleSleep: return "idle_sleep";
    case ModemState::kCount: break;
  }
  return "?";
}

double StateCurrent_A(const ModemParams& modem, ModemState state) {
  switch (state) {
    case ModemState::kPsm: return modem.psm_current_A;
    case ModemState::kWakeup: return modem.wakeup_current_A;
    case ModemState::kRx: return modem.rx_current_A;
    case ModemState::kConnectedIdle: return modem.connected_idle_current_A;
    case ModemState::kCdrxSleep: return modem.cdrx_sleep_current_A;
    case ModemState::kIdleSleep: return modem.idle_sleep_current_A;
    case ModemState::kTx:
    case ModemState::kCount: break;
  }
  throw std::invalid_argument("StateCurrent_A: transmit current depends on power");
}

}  // namespace pb::models::radio
