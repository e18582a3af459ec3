#include "models/radio/modem_tally.hpp"

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

void ModemTally::AddLink(LinkItem item, double amount, const LinkTimes* times, const TxCurrents& tx, const char* what) {
  if (amount < 0.0) throw std::invalid_argument("negative link amount");
  if (amount == 0.0) return;
  link_amount_[static_cast<std::size_t>(item)] += amount;
  if (!times || !recorder_ || !*recorder_) return;
  switch (item) {
    case LinkItem::kUplinkBits:
      (*recorder_)(Phase{what, ModemState::kTx, amount * times->uplink_s_per_bit, tx.npusch_A});
      if (times->uplink_gap_s_per_bit > 0.0)
        (*recorder_)(Phase{"NPUSCH transmission gaps", ModemState::kConnectedIdle, amount * times->uplink_gap_s_per_bit,
                           trace_modem_->connected_idle_current_A});
      break;
    case LinkItem::kDownlinkBits:
      (*recorder_)(Phase{what, ModemState::kRx, amount * times->downlink_s_per_bit, trace_modem_->rx_current_A});
      break;
    case LinkItem::kGrants:
      (*recorder_)(Phase{what, ModemState::kRx, amount * times->grant_s, trace_modem_->rx_current_A});
      break;
    case LinkItem::kHarqAcks:
      (*recorder_)(Phase{what, ModemState::kTx, amount * times->harq_ack_s, tx.harq_ack_A});
      break;
    case LinkItem::kCellAcquisitions:
      (*recorder_)(Phase{what, ModemState::kRx, amount * times->cell_acquisition_s, trace_modem_->rx_current_A});
      break;
    case LinkItem::kSystemInformationReads:
      (*recorder_)(Phase{"wait for SIB1-NB and SI windows", ModemState::kConnectedIdle,
                         amount * times->system_information_sleep_s, trace_modem_->connected_idle_current_A});
      (*recorder_)(Phase{what, ModemState::kRx, amount * times->system_information_receive_s, trace_modem_->rx_current_A});
      break;
    case LinkItem::kRandomAccesses:
      if (times->preamble_retry_s > 0.0) {
        (*recorder_)(Phase{"RAR windows and back-off of preamble retries", ModemState::kConnectedIdle,
                           amount * times->random_access_retry_wait_s, trace_modem_->connected_idle_current_A});
        (*recorder_)(Phase{what, ModemState::kTx, amount * times->preamble_retry_s, tx.nprach_A});
      }
      break;
    case LinkItem::kCount: break;
  }
}

bool ModemTally::HasLinkAmounts() const {
  for (double a : link_amount_)
    if (a != 0.0) return true;
  return false;
}

ModemTally ModemTally::Resolved(const LinkTimes& times) const {
  const LinkTime link = TimeOnLink(times);
  ModemTally r = *this;
  r.recorder_ = nullptr;
  r.link_amount_ = {};
  r.time_s_[static_cast<std::size_t>(ModemState::kTx)] += link.npusch_s + link.harq_ack_s + link.nprach_s;
  r.tx_time_s_[static_cast<std::size_t>(TxChannel::kNpusch)] += link.npusch_s;
  r.tx_time_s_[static_cast<std::size_t>(TxChannel::kHarqAck)] += link.harq_ack_s;
  r.tx_time_s_[static_cast<std::size_t>(TxChannel::kNprach)] += link.nprach_s;
  r.time_s_[static_cast<std::size_t>(ModemState::kRx)] += link.rx_s;
  r.time_s_[static_cast<std::size_t>(ModemState::kConnectedIdle)] += link.connected_idle_s;
  return r;
}

double ModemTally::Duration_s() const {
  if (HasLinkAmounts()) throw std::logic_error("ModemTally::Duration_s of a tally with unresolved link amounts");
  return SumOfTimes_s();
}

double ModemTally::Charge_C(const ModemParams& modem, const TxCurrents& tx) const {
  if (HasLinkAmounts()) throw std::logic_error("ModemTally::Charge_C of a tally with unresolved link amounts");
  return ChargeOfTimes_C(StateCurrentsOf(modem), tx);
}

StateCurrents StateCurrentsOf(const ModemParams& modem) {
  StateCurrents currents{};
  for (int i = 0; i < kNumModemStates; ++i) {
    const auto state = static_cast<ModemState>(i);
    if (state != ModemState::kTx) currents[static_cast<std::size_t>(i)] = StateCurrent_A(modem, state);
  }
  return currents;
}

void ModemTally::Scale(double factor) {
  for (double& t : time_s_) t *= factor;
  for (double& t : tx_time_s_) t *= factor;
  for (double& a : link_amount_) a *= factor;
}

void ModemTally::Add(const ModemTally& other) {
  for (std::size_t i = 0; i < time_s_.size(); ++i) time_s_[i] += other.time_s_[i];
  for (std::size_t i = 0; i < tx_time_s_.size(); ++i) tx_time_s_[i] += other.tx_time_s_[i];
  for (std::size_t i = 0; i < link_amount_.size(); ++i) link_amount_[i] += other.link_amount_[i];
}

}  // namespace pb::models::radio
