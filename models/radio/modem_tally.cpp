#include "models/radio/modem_tally.hpp"

#include <numeric>
#include <stdexcept>

namespace pb::models::radio {

void ModemTally::Add(ModemState state, double duration_s, const char* what) {
  if (duration_s < 0.0) throw std::invalid_argument("negative phase duration");
  if (state == ModemState::kTx) throw std::invalid_argument("transmissions go through AddTx");
  if (duration_s == 0.0) return;
  time_s_[static_cast<std::size_t>(state)] += duration_s;
  if (recorder_ && *recorder_) (*recorder_)(Phase{what, state, duration_s, StateCurrent_A(*trace_modem_, state)});
}

void ModemTally::AddTx(double duration_s, TxChannel channel, double current_A, const char* what) {
  if (duration_s < 0.0) throw std::invalid_argument("negative phase duration");
  if (duration_s == 0.0) return;
  time_s_[static_cast<std::size_t>(ModemState::kTx)] += duration_s;
  tx_time_s_[static_cast<std::size_t>(channel)] += duration_s;
  if (recorder_ && *recorder_) (*recorder_)(Phase{what, ModemState::kTx, duration_s, current_A});
}

double ModemTally::Duration_s() const { return std::accumulate(time_s_.begin(), time_s_.end(), 0.0); }

double ModemTally::Charge_C(const ModemParams& modem, const TxCurrents& tx) const {
  double charge_C = TxTime_s(TxChannel::kNpusch) * tx.npusch_A + TxTime_s(TxChannel::kNprach) * tx.nprach_A;
  for (int i = 0; i < kNumModemStates; ++i) {
    const auto state = static_cast<ModemState>(i);
    if (state != ModemState::kTx) charge_C += time_s_[static_cast<std::size_t>(i)] * StateCurrent_A(modem, state);
  }
  return charge_C;
}

void ModemTally::Scale(double factor) {
  for (double& t : time_s_) t *= factor;
  for (double& t : tx_time_s_) t *= factor;
}

void ModemTally::Add(const ModemTally& other) {
  for (std::size_t i = 0; i < time_s_.size(); ++i) time_s_[i] += other.time_s_[i];
  for (std::size_t i = 0; i < tx_time_s_.size(); ++i) tx_time_s_[i] += other.tx_time_s_[i];
}

}  // namespace pb::models::radio
