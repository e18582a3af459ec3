// Where a modem spends one procedure: time per radio state, with transmit time split by
// channel (NPUSCH, NPRACH) because each channel has its own transmit power.
//
// A tally holds times only. Charge follows from the modem's currents and the link's transmit
// currents when it is asked for, so one tally serves every coupling loss of a CE level (the
// repetitions, hence the times, depend on the CE level; the currents on the power) and
// every variant of the modem's currents. Nothing allocates: a budget evaluation stays well
// under a microsecond (bench/bench_budget.cpp). An optional recorder receives every phase in
// order with its current, for traces and the event-driven cross-check in the tests.
#pragma once

#include <array>
#include <functional>

#include "models/radio/modem.hpp"

namespace pb::models::radio {

struct Phase {
  const char* what = "";
  ModemState state = ModemState::kPsm;
  double duration_s = 0.0;
  double current_A = 0.0;
};

using PhaseRecorder = std::function<void(const Phase&)>;

class ModemTally {
 public:
  ModemTally() = default;
  // A tally that also reports each phase, with currents from this modem, to the recorder.
  ModemTally(const ModemParams& modem, const PhaseRecorder* recorder) : trace_modem_(&modem), recorder_(recorder) {}

  // Time in a state whose current the modem profile fixes.
  void Add(ModemState state, double duration_s, const char* what);
  // Transmission on a channel; current_A is only reported to the recorder.
  void AddTx(double duration_s, TxChannel channel, double current_A, const char* what);

  double Time_s(ModemState state) const { return time_s_[static_cast<std::size_t>(state)]; }
  double TxTime_s(TxChannel channel) const { return tx_time_s_[static_cast<std::size_t>(channel)]; }
  double Duration_s() const;
  // Charge at the modem's supply voltage.
  double Charge_C(const ModemParams& modem, const TxCurrents& tx) const;
  double Energy_J(const ModemParams& modem, const TxCurrents& tx) const {
    return Charge_C(modem, tx) * modem.supply_voltage_V;
  }

  void Scale(double factor);
  void Add(const ModemTally& other);

 private:
  const ModemParams* trace_modem_ = nullptr;
  const PhaseRecorder* recorder_ = nullptr;
  std::array<double, kNumModemStates> time_s_{};
  std::array<double, kNumTxChannels> tx_time_s_{};
};

}  // namespace pb::models::radio
