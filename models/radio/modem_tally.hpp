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

// The modem's current in each state (the kTx entry is unused: transmit currents depend on the
// power), looked up once for the dozen tallies a budget prices.
using StateCurrents = std::array<double, kNumModemStates>;
StateCurrents StateCurrentsOf(const ModemParams& modem);

// What a piece of modem time costs.
struct TallyCost {
  double duration_s = 0.0;
  double charge_C = 0.0;  // at the modem's supply voltage
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
  // Duration and charge on a link: what Resolved(times) gives with Duration_s() and Charge_C(),
  // with the currents looked up beforehand. Inline, so that the resolved copy is never built
  // (the budget's hot path).
  TallyCost CostOn(const LinkTimes& times, const StateCurrents& currents, const TxCurrents& tx) const {
    const LinkTime link = TimeOnLink(times);
    const double link_s = link.npusch_s + link.harq_ack_s + link.nprach_s + link.rx_s + link.connected_idle_s;
    const double link_C = link.npusch_s * tx.npusch_A + link.harq_ack_s * tx.harq_ack_A + link.nprach_s * tx.nprach_A +
                          link.rx_s * currents[static_cast<std::size_t>(ModemState::kRx)] +
                          link.connected_idle_s * currents[static_cast<std::size_t>(ModemState::kConnectedIdle)];
    return {SumOfTimes_s() + link_s, ChargeOfTimes_C(currents, tx) + link_C};
  }
  double Energy_J(const ModemParams& modem, const TxCurrents& tx) const {
    return Charge_C(modem, tx) * modem.supply_voltage_V;
  }

  void Scale(double factor);
  void Add(const ModemTally& other);

 private:
  // The link amounts as time in the states and on the channels they occupy: the one rule that
  // Resolved and CostOn share.
  struct LinkTime {
    double npusch_s;          // transmit, data
    double harq_ack_s;        // transmit, acknowledgements
    double nprach_s;          // transmit, preamble retries
    double rx_s;              // receive: data, grants, synchronisation, system information
    double connected_idle_s;  // light sleep: SI waits, NPUSCH gaps, RAR windows and back-off
  };
  LinkTime TimeOnLink(const LinkTimes& times) const {
    const double system_information_reads = LinkAmount(LinkItem::kSystemInformationReads);
    const double random_accesses = LinkAmount(LinkItem::kRandomAccesses);
    const double uplink_bits = LinkAmount(LinkItem::kUplinkBits);
    return {.npusch_s = uplink_bits * times.uplink_s_per_bit,
            .harq_ack_s = LinkAmount(LinkItem::kHarqAcks) * times.harq_ack_s,
            .nprach_s = random_accesses * times.preamble_retry_s,
            .rx_s = LinkAmount(LinkItem::kDownlinkBits) * times.downlink_s_per_bit +
                    LinkAmount(LinkItem::kGrants) * times.grant_s +
                    LinkAmount(LinkItem::kCellAcquisitions) * times.cell_acquisition_s +
                    system_information_reads * times.system_information_receive_s,
            .connected_idle_s = system_information_reads * times.system_information_sleep_s +
                                uplink_bits * times.uplink_gap_s_per_bit +
                                random_accesses * times.random_access_retry_wait_s};
  }
  double SumOfTimes_s() const {
    double sum_s = 0.0;
    for (double t : time_s_) sum_s += t;
    return sum_s;
  }
  double ChargeOfTimes_C(const StateCurrents& currents, const TxCurrents& tx) const {
    double charge_C = TxTime_s(TxChannel::kNpusch) * tx.npusch_A + TxTime_s(TxChannel::kNprach) * tx.nprach_A +
                      TxTime_s(TxChannel::kHarqAck) * tx.harq_ack_A;
    for (std::size_t i = 0; i < time_s_.size(); ++i)
      if (i != static_cast<std::size_t>(ModemState::kTx)) charge_C += time_s_[i] * currents[i];
    return charge_C;
  }

  const ModemParams* trace_modem_ = nullptr;
  const PhaseRecorder* recorder_ = nullptr;
  std::array<double, kNumModemStates> time_s_{};
  std::array<double, kNumTxChannels> tx_time_s_{};
  std::array<double, kNumLinkItems> link_amount_{};
};

}  // namespace pb::models::radio
