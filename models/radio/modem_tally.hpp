// Where a modem spends one procedure: time per radio state, with transmit time split by
// channel (NPUSCH, NPRACH) because each channel has its own transmit power.
//
// A tally holds times, and amounts whose time depends on the link: bits sent on the uplink data
// channel, bits received on the downlink data channel, scheduling grants (DCIs) and HARQ
// acknowledgements. Link adaptation (models/radio/nbiot/link_adaptation.hpp) makes the time of each
// such unit a function of the coupling loss, so one tally serves every coupling loss of a CE level:
// Resolved(times) turns the amounts into time on the link at hand. Charge follows from the modem's
// currents and the link's transmit currents when it is asked for, so the same tally also serves
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

// Amounts whose air time the link decides: data bits, grants and acknowledgements, and the
// broadcast reception after a sleep (synchronisation with MIB-NB; system information).
enum class LinkItem {
  kUplinkBits,
  kDownlinkBits,
  kGrants,
  kHarqAcks,
  kCellAcquisitions,
  kSystemInformationReads,
  kRandomAccesses,  // the preamble retries an access needs on average
  kCount
};
inline constexpr int kNumLinkItems = static_cast<int>(LinkItem::kCount);

// Time per unit of each link item on one link, retransmissions included.
struct LinkTimes {
  double uplink_s_per_bit = 0.0;    // transmit, data channel
  double uplink_gap_s_per_bit = 0.0;  // light sleep, the gaps in long NPUSCH transmissions
  double downlink_s_per_bit = 0.0;  // receive, data channel
  double grant_s = 0.0;             // receive, one DCI with its repetitions
  double harq_ack_s = 0.0;          // transmit, one acknowledgement with its repetitions
  double cell_acquisition_s = 0.0;  // receive, NPSS/NSSS synchronisation and MIB-NB
  double system_information_receive_s = 0.0;  // receive, SIB1-NB and the SI messages
  double system_information_sleep_s = 0.0;    // light sleep while waiting for them
  double preamble_retry_s = 0.0;               // transmit, NPRACH attempts beyond the first
  double random_access_retry_wait_s = 0.0;     // light sleep, RAR windows and back-off of the retries
};

class ModemTally {
 public:
  ModemTally() = default;
  // A tally that also reports each phase, with currents from this modem, to the recorder.
  ModemTally(const ModemParams& modem, const PhaseRecorder* recorder) : trace_modem_(&modem), recorder_(recorder) {}

  // Time in a state whose current the modem profile fixes.
  void Add(ModemState state, double duration_s, const char* what);
  // Transmission on a channel; current_A is only reported to the recorder.
  void AddTx(double duration_s, TxChannel channel, double current_A, const char* what);
  // An amount whose time the link decides. With `times` (a link at hand) the recorder also gets
  // the phase with its duration; the tally keeps the amount either way.
  void AddLink(LinkItem item, double amount, const LinkTimes* times, const TxCurrents& tx, const char* what);
  double LinkAmount(LinkItem item) const { return link_amount_[static_cast<std::size_t>(item)]; }
  bool HasLinkAmounts() const;
  // The same tally with its link amounts turned into time on a link (none left).
  ModemTally Resolved(const LinkTimes& times) const;

  double Time_s(ModemState state) const { return time_s_[static_cast<std::size_t>(state)]; }
  double TxTime_s(TxChannel channel) const { return tx_time_s_[static_cast<std::size_t>(channel)]; }
  // Duration and charge of a resolved tally (std::logic_error while link amounts are left).
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
  std::array<double, kNumLinkItems> link_amount_{};
};

}  // namespace pb::models::radio
