#include "models/radio/nbiot/procedures.hpp"

#include <cmath>
#include <stdexcept>

#include "models/radio/nbiot/airtime.hpp"
#include "models/units.hpp"

namespace pb::models::radio::nbiot {
namespace {

// The wait for the next NPDCCH search space before a grant: it starts every G·Rmax subframes
// (TS 36.213 §16.6), so a grant waits half a period on average; the UE receives during the Rmax
// candidate subframes of each period and sleeps lightly in between (the modem's connected-idle
// current).
void SearchSpaceWait(const RadioContext& ctx, double grants, ModemTally& tally) {
  const CeLevelParams& ce = *ctx.link.ce;
  const double period_s = ce.npdcch_search_space_g * ce.npdcch_repetitions * kNpdcchSubframe_s;
  const double wait_s = grants * 0.5 * period_s;
  const double receive_frac = 1.0 / ce.npdcch_search_space_g;
  tally.Add(ModemState::kRx, wait_s * receive_frac, "NPDCCH search space monitoring");
  tally.Add(ModemState::kConnectedIdle, wait_s * (1.0 - receive_frac), "wait for the search space");
}

// The transmissions of one block on average: HARQ retransmits a block that fails at the target
// BLER, each time with its own grant (network.link_budget.target_bler_frac).
double Transmissions(const RadioContext& ctx) { return 1.0 / (1.0 - ctx.network.link_budget.target_bler_frac); }

// Blocks of a downlink transfer: search space, assignment, data, HARQ-ACK delay, HARQ-ACK.
void DownlinkBlocks(const RadioContext& ctx, int bits, const char* what, ModemTally& tally) {
  const double blocks = TransportBlocks(bits, MaxDownlinkTbsBits(ctx.modem.category));
  const double sent = blocks * Transmissions(ctx);
  const SchedulingDelays& delay = ctx.network.scheduling;
  SearchSpaceWait(ctx, sent, tally);
  tally.AddLink(LinkItem::kGrants, blocks, ctx.times, ctx.link.tx_currents(), "NPDCCH assignment");
  tally.Add(ModemState::kConnectedIdle, sent * delay.npdsch_delay_s, "NPDSCH scheduling delay");
  tally.AddLink(LinkItem::kDownlinkBits, bits, ctx.times, ctx.link.tx_currents(), what);
  tally.Add(ModemState::kConnectedIdle, sent * delay.harq_ack_delay_s, "HARQ-ACK delay");
  tally.AddLink(LinkItem::kHarqAcks, blocks, ctx.times, ctx.link.tx_currents(), "HARQ-ACK (NPUSCH format 2)");
  tally.Add(ModemState::kConnectedIdle, sent * kUplinkToGrant_s, "after the HARQ-ACK");
}

// Blocks of an uplink transfer: search space, grant, gap, data, gap before the next grant.
void UplinkBlocks(const RadioContext& ctx, int bits, const char* what, ModemTally& tally) {
  const double blocks = TransportBlocks(bits, MaxUplinkTbsBits(ctx.modem.category));
  const double sent = blocks * Transmissions(ctx);
  const SchedulingDelays& delay = ctx.network.scheduling;
  SearchSpaceWait(ctx, sent, tally);
  tally.AddLink(LinkItem::kGrants, blocks, ctx.times, ctx.link.tx_currents(), "NPDCCH grant");
  tally.Add(ModemState::kConnectedIdle, sent * delay.npusch_delay_s, "NPUSCH scheduling delay");
  tally.AddLink(LinkItem::kUplinkBits, bits, ctx.times, ctx.link.tx_currents(), what);
  tally.Add(ModemState::kConnectedIdle, sent * kUplinkToGrant_s, "after the NPUSCH");
}

}  // namespace

double TransportBlocks(int bits, int max_tbs_bits) {
  return bits <= 0 ? 0.0 : std::ceil(static_cast<double>(bits) / max_tbs_bits);
}

void WakeFromPsm(const RadioContext& ctx, ModemTally& tally) {
  tally.Add(ModemState::kWakeup, ctx.modem.wakeup_time_s, "modem wake-up from PSM");
  tally.AddLink(LinkItem::kCellAcquisitions, 1.0, ctx.times, ctx.link.tx_currents(), "NPSS/NSSS synchronisation and MIB-NB");
}

void ReadSystemInformation(const RadioContext& ctx, ModemTally& tally) {
  tally.AddLink(LinkItem::kSystemInformationReads, 1.0, ctx.times, ctx.link.tx_currents(), "SIB1-NB and SI messages");
}

void WakeFromIdle(const RadioContext& ctx, ModemTally& tally) {
  tally.Add(ModemState::kRx, ctx.modem.resync_time_s, "re-synchronisation from idle");
}

void Wake(const RadioContext& ctx, bool from_psm, ModemTally& tally) {
  if (from_psm)
    WakeFromPsm(ctx, tally);
  else
    WakeFromIdle(ctx, tally);
}

void RandomAccess(const RadioContext& ctx, ModemTally& tally) {
  const CeLevelParams& ce = *ctx.link.ce;
  // Access attempts arrive at random times, so the expected wait is half the NPRACH period.
  tally.Add(ModemState::kConnectedIdle, 0.5 * ce.nprach_periodicity_s, "wait for NPRACH opportunity");
  tally.AddTx(models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions),
              TxChannel::kNprach, ctx.link.nprach_tx_current_A, "NPRACH preamble");
  tally.AddLink(LinkItem::kRandomAccesses, 1.0, ctx.times, ctx.link.tx_currents(), "NPRACH preamble retries");
  tally.Add(ModemState::kConnectedIdle, kRarWindowOffset_s, "RAR window offset");
  SearchSpaceWait(ctx, 1.0, tally);
  tally.AddLink(LinkItem::kGrants, 1.0, ctx.times, ctx.link.tx_currents(), "NPDCCH for RAR");
  tally.Add(ModemState::kConnectedIdle, ctx.network.scheduling.npdsch_delay_s, "NPDSCH scheduling delay");
  tally.AddLink(LinkItem::kDownlinkBits, kRandomAccessResponse_bits, ctx.times, ctx.link.tx_currents(), "RAR (NPDSCH)");
  // Msg3 goes at least 12 subframes after the RAR ends (TS 36.213 §16.3.3, k0 ≥ 12).
  tally.Add(ModemState::kConnectedIdle, kMsg3Delay_s, "Msg3 scheduling delay");
  tally.AddLink(LinkItem::kUplinkBits, kMsg3_bits, ctx.times, ctx.link.tx_currents(), "Msg3 (RRC connection request)");
  tally.Add(ModemState::kConnectedIdle, kUplinkToGrant_s, "after the NPUSCH");
  DownlinkBlocks(ctx, kMsg4_bits, "Msg4 (RRC connection setup)", tally);
}

void UplinkMessage(const RadioContext& ctx, int size_B, ModemTally& tally) {
  UplinkBlocks(ctx, (size_B + kRadioStackOverheadPerMessage_B) * units::kBitsPerByte,
               "uplink data (NPUSCH)", tally);
}

void DownlinkMessage(const RadioContext& ctx, int size_B, ModemTally& tally) {
  DownlinkBlocks(ctx, (size_B + kRadioStackOverheadPerMessage_B) * units::kBitsPerByte,
                 "downlink data (NPDSCH)", tally);
}

void WaitForServer(const RadioContext& ctx, ModemTally& tally) {
  tally.Add(ModemState::kConnectedIdle, ctx.network.server_rtt_s, "server round trip");
}

void TransferMessages(const RadioContext& ctx, const models::protocols::MessageSequence& messages, ModemTally& tally) {
  bool previous_was_uplink = false;
  for (const models::protocols::Message& m : messages) {
    if (m.direction == models::protocols::Direction::kUplink) {
      UplinkMessage(ctx, m.size_B, tally);
      previous_was_uplink = true;
    } else {
      if (previous_was_uplink) WaitForServer(ctx, tally);
      DownlinkMessage(ctx, m.size_B, tally);
      previous_was_uplink = false;
    }
  }
}

void ImmediateRelease(const RadioContext& ctx, ModemTally& tally) {
  DownlinkBlocks(ctx, kRrcRelease_bits, "RRC connection release", tally);
}

void InactivityTail(const RadioContext& ctx, ModemTally& tally) {
  const NetworkParams& n = ctx.network;
  if (n.cdrx_cycle_s <= 0.0) {
    // Without C-DRX the UE monitors every NPDCCH search space until the timer expires: the
    // modem's connected-idle current, which averages that monitoring (modem profile).
    tally.Add(ModemState::kConnectedIdle, n.inactivity_timer_s, "NPDCCH monitoring until the inactivity timer");
  } else {
    const double on_fraction = n.cdrx_on_duration_s / n.cdrx_cycle_s;
    tally.Add(ModemState::kRx, n.inactivity_timer_s * on_fraction, "C-DRX on-durations");
    tally.Add(ModemState::kCdrxSleep, n.inactivity_timer_s * (1.0 - on_fraction), "C-DRX sleep");
  }
  ImmediateRelease(ctx, tally);
}

double PagingOccasionTime_s(const RadioContext& ctx) {
  // The modem's figure is for good coverage; deeper coverage monitors a longer search space.
  const int extra_repetitions =
      ctx.link.ce->paging_npdcch_repetitions - ctx.network.ce_levels[0].paging_npdcch_repetitions;
  return ctx.modem.paging_occasion_time_s +
         (extra_repetitions > 0 ? extra_repetitions : 0) * kNpdcchSubframe_s;
}

void IdleMonitoring(const RadioContext& ctx, const IdlePaging& paging, double duration_s,
                    ModemTally& tally) {
  if (duration_s <= 0.0) return;
  const double po_s = PagingOccasionTime_s(ctx);
  double awake_s = 0.0;
  double resync_s = 0.0;
  if (paging.edrx) {
    // Expected counts over the interval: each eDRX cycle re-synchronises once and monitors the
    // paging occasions that fall into its paging time window.
    const double cycles = duration_s / paging.edrx_cycle_s;
    const double occasions_per_window = paging.ptw_s / paging.drx_cycle_s;
    resync_s = cycles * ctx.modem.resync_time_s;
    awake_s = cycles * occasions_per_window * po_s;
  } else {
    awake_s = duration_s / paging.drx_cycle_s * po_s;
  }
  if (awake_s + resync_s > duration_s)
    throw std::invalid_argument("paging occasions take longer than the idle period");
  tally.Add(ModemState::kRx, resync_s, "eDRX re-synchronisation");
  tally.Add(ModemState::kRx, awake_s, "paging occasions");
  tally.Add(ModemState::kIdleSleep, duration_s - awake_s - resync_s, "idle sleep between paging");
}

}  // namespace pb::models::radio::nbiot
