#include "models/modem_tally.hpp"

#include <numeric>
#include <stdexcept>

namespace pb::models {

void ModemTally::Add(ModemState state, double duration_s, const char* what) {
  if (duration_s < 0.0) throw std::invalid_argument("negative phase duration");
  if (duration_s == 0.0) return;
  const double current_A = StateCurrent_A(*modem_, state);
  time_s_[static_cast<std::size_t>(state)] += duration_s;
  non_tx_charge_C_ += current_A * duration_s;
  if (recorder_ && *recorder_) (*recorder_)(Phase{what, state, duration_s, current_A});
}

void ModemTally::AddTx(double duration_s, double current_A, const char* what) {
  if (duration_s < 0.0) throw std::invalid_argument("negative phase duration");
  if (duration_s == 0.0) return;
  time_s_[static_cast<std::size_t>(ModemState::kTx)] += duration_s;
  tx_charge_C_ += current_A * duration_s;
  if (recorder_ && *recorder_) (*recorder_)(Phase{what, ModemState::kTx, duration_s, current_A});
}

double ModemTally::Duration_s() const {
  return std::accumulate(time_s_.begin(), time_s_.end(), 0.0);
}

double ModemTally::Charge_C() const { return non_tx_charge_C_ + tx_charge_C_; }

}  // namespace pb::models
