// Where a modem spends one procedure: time per radio state and the charge drawn while
// transmitting (transmit current depends on power, so it is summed as it is added).
// Procedures add to a tally; nothing allocates, so a budget evaluation stays in the
// microsecond range (bench/bench_budget.cpp). An optional recorder receives every phase in
// order, for traces and for the event-driven cross-check in the tests.
#pragma once

#include <array>
#include <functional>

#include "models/modem.hpp"

namespace pb::models {

struct Phase {
  const char* what = "";
  ModemState state = ModemState::kPsm;
  double duration_s = 0.0;
  double current_A = 0.0;
};

using PhaseRecorder = std::function<void(const Phase&)>;

class ModemTally {
 public:
  explicit ModemTally(const ModemParams& modem, const PhaseRecorder* recorder = nullptr)
      : modem_(&modem), recorder_(recorder) {}

  // Time in a state whose current the modem profile fixes.
  void Add(ModemState state, double duration_s, const char* what);
  // Transmission at a given current (from the transmit-power curve).
  void AddTx(double duration_s, double current_A, const char* what);

  double Time_s(ModemState state) const { return time_s_[static_cast<std::size_t>(state)]; }
  double Duration_s() const;
  // Charge at the modem's supply voltage.
  double Charge_C() const;
  double Energy_J() const { return Charge_C() * modem_->supply_voltage_V; }
  const ModemParams& modem() const { return *modem_; }

 private:
  const ModemParams* modem_;
  const PhaseRecorder* recorder_;
  std::array<double, kNumModemStates> time_s_{};
  double non_tx_charge_C_ = 0.0;
  double tx_charge_C_ = 0.0;
};

}  // namespace pb::models
