#include "models/radio/nbiot/procedures.hpp"

#include <stdexcept>

#include "models/radio/nbiot/airtime.hpp"
#include "models/units.hpp"

namespace pb::models::radio::nbiot {
namespace {

models::radio::nbiot::UplinkLink UplinkOf(const RadioContext& ctx) {
  const CeLevelParams& ce = *ctx.link.ce;
  return models::radio::nbiot::UplinkLink{ce.npusch_subcarriers, ce.npusch_subcarrier_spacing_kHz, ce.npusch_itbs,
                           ce.npusch_repetitions, ctx.modem.category};
}

models::radio::nbiot::DownlinkLink DownlinkOf(const RadioContext& ctx) {
  const CeLevelParams& ce = *ctx.link.ce;
  return models::radio::nbiot::DownlinkLink{ce.npdsch_itbs, ce.npdsch_repetitions, ctx.modem.category};
}

double NpdcchTime_s(const RadioContext& ctx) {
  return ctx.link.ce->npdcch_repetitions * kNpdcchSubframe_s;
}

// Blocks of a downlink transfer: assignment, data, then the HARQ-ACK.
void DownlinkBlocks(const RadioContext& ctx, int bits, const char* what, ModemTally& tally) {
  const models::radio::nbiot::Transfer transfer = models::radio::nbiot::DownlinkTransfer(bits, DownlinkOf(ctx));
  const double blocks = transfer.transport_blocks;
  const double gap_s = ctx.network.scheduling_gap_s;
  tally.Add(ModemState::kRx, blocks * NpdcchTime_s(ctx), "NPDCCH assignment");
  tally.Add(ModemState::kConnectedIdle, blocks * gap_s, "scheduling gap");
  tally.Add(ModemState::kRx, transfer.airtime_s, what);
  tally.Add(ModemState::kConnectedIdle, blocks * gap_s, "HARQ-ACK delay");
  const CeLevelParams& ce = *ctx.link.ce;
  tally.AddTx(blocks * models::radio::nbiot::HarqAckDuration_s(ce.npusch_subcarrier_spacing_kHz,
                                                ce.harq_ack_repetitions),
              TxChannel::kNpusch, ctx.link.npusch_tx_current_A, "HARQ-ACK (NPUSCH format 2)");
}

// Blocks of an uplink transfer: grant, gap, data, gap before the next grant.
void UplinkBlocks(const RadioContext& ctx, int bits, const char* what, ModemTally& tally) {
  const models::radio::nbiot::Transfer transfer = models::radio::nbiot::UplinkTransfer(bits, UplinkOf(ctx));
  const double blocks = transfer.transport_blocks;
  const double gap_s = ctx.network.scheduling_gap_s;
  tally.Add(ModemState::kRx, blocks * NpdcchTime_s(ctx), "NPDCCH grant");
  tally.Add(ModemState::kConnectedIdle, blocks * gap_s, "scheduling gap");
  tally.AddTx(transfer.airtime_s, TxChannel::kNpusch, ctx.link.npusch_tx_current_A, what);
  tally.Add(ModemState::kConnectedIdle, blocks * gap_s, "scheduling gap");
}

}  // namespace

void WakeFromPsm(const RadioContext& ctx, ModemTally& tally) {
  tally.Add(ModemState::kWakeup, ctx.modem.wakeup_time_s, "modem wake-up from PSM");
  tally.Add(ModemState::kRx, ctx.link.ce->sync_time_s, "NPSS/NSSS synchronisation");
  tally.Add(ModemState::kRx, ctx.link.ce->system_information_time_s, "MIB-NB/SIB acquisition");
}

void WakeFromIdle(const RadioContext& ctx, ModemTally& tally) {
  tally.Add(ModemState::kRx, ctx.modem.resync_time_s, "re-synchronisation from idle");
}

void RandomAccess(const RadioContext& ctx, ModemTally& tally) {
  const CeLevelParams& ce = *ctx.link.ce;
  // Access attempts arrive at random times, so the expected wait is half the NPRACH period.
  tally.Add(ModemState::kConnectedIdle, 0.5 * ce.nprach_periodicity_s, "wait for NPRACH opportunity");
  tally.AddTx(models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions),
              TxChannel::kNprach, ctx.link.nprach_tx_current_A, "NPRACH preamble");
  tally.Add(ModemState::kConnectedIdle, kRarWindowOffset_s, "RAR window offset");
  tally.Add(ModemState::kRx, NpdcchTime_s(ctx), "NPDCCH for RAR");
  tally.Add(ModemState::kConnectedIdle, ctx.network.scheduling_gap_s, "scheduling gap");
  tally.Add(ModemState::kRx, models::radio::nbiot::DownlinkTransfer(kRandomAccessResponse_bits, DownlinkOf(ctx)).airtime_s,
            "RAR (NPDSCH)");
  tally.Add(ModemState::kConnectedIdle, ctx.network.scheduling_gap_s, "scheduling gap");
  tally.AddTx(models::radio::nbiot::UplinkTransfer(kMsg3_bits, UplinkOf(ctx)).airtime_s, TxChannel::kNpusch,
              ctx.link.npusch_tx_current_A, "Msg3 (RRC connection request)");
  tally.Add(ModemState::kConnectedIdle, ctx.network.scheduling_gap_s, "scheduling gap");
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
  const double on_fraction = n.cdrx_cycle_s > 0.0 ? n.cdrx_on_duration_s / n.cdrx_cycle_s : 1.0;
  tally.Add(ModemState::kRx, n.inactivity_timer_s * on_fraction, "C-DRX on-durations");
  tally.Add(ModemState::kCdrxSleep, n.inactivity_timer_s * (1.0 - on_fraction), "C-DRX sleep");
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
