#include "engine/device_plan.hpp"

#include <stdexcept>

#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/procedures.hpp"

namespace pb::engine {
namespace {

using models::radio::ModemTally;
using models::radio::nbiot::RadioContext;

// NAS TRACKING AREA UPDATE REQUEST / ACCEPT (TS 24.301 §8.2.29, §8.2.26): GUTI, TAI, network
// capability, requested T3412/T3324/eDRX; ~45 B up and ~35 B down are assumptions from
// typical encodings (docs/models.md).
constexpr int kTauRequest_B = 45;
constexpr int kTauAccept_B = 35;

class PlanBuilder {
 public:
  PlanBuilder(const ModelledDevice& d, const DeviceTraffic& traffic, const RadioContext& ctx,
              const ExchangeTrace& trace = {})
      : d_(d), traffic_(traffic), ctx_(ctx), trace_(trace), rai_(RaiHonoured(d)) {}

  ExchangeTallies Build() const {
    ExchangeTallies t;
    t.report = Build(Exchange::kReport);
    t.report_tail = Build(Exchange::kReportTail);
    t.full_handshake = Build(Exchange::kFullHandshake);
    t.resumed_handshake = Build(Exchange::kResumedHandshake);
    t.registration_update = Build(Exchange::kRegistrationUpdate);
    t.registration = Build(Exchange::kRegistration);
    t.keepalive = Build(Exchange::kKeepalive);
    t.tau = Build(Exchange::kTau);
    t.fota_download = Build(Exchange::kFotaDownload);
    t.fota_reregistration = Build(Exchange::kFotaReregistration);
    t.system_information = Build(Exchange::kSystemInformation);
    return t;
  }

  ModemTally Build(Exchange exchange) const {
    switch (exchange) {
      case Exchange::kReport: {
        ModemTally tail;  // without RAI the tail is its own exchange (kReportTail)
        return Connection(traffic_.report, &tail);
      }
      case Exchange::kReportTail: {
        ModemTally tail = NewTally();
        if (!rai_) models::radio::nbiot::InactivityTail(ctx_, tail);
        return tail;
      }
      case Exchange::kFullHandshake: return MessagesOnly(traffic_.full_handshake);
      case Exchange::kResumedHandshake: return MessagesOnly(traffic_.resumed_handshake);
      case Exchange::kRegistrationUpdate: return MessagesOnly(traffic_.registration_update);
      case Exchange::kRegistration: return MessagesOnly(traffic_.registration);
      case Exchange::kKeepalive:
        return traffic_.keepalive.empty() ? ModemTally() : Connection(traffic_.keepalive, nullptr);
      case Exchange::kTau: return Tau();
      case Exchange::kFotaDownload: {
        if (traffic_.fota_blocks <= 0) return ModemTally();
        // One connection, a round trip per block (RFC 7959 Block2, one block in flight). The
        // recorder sees every block in its place; the tally adds them as one scaled block.
        ModemTally download = Connection({}, nullptr, d_.power_saving.psm, false, [&] {
          if (!Recording()) return;
          for (int block = 0; block < traffic_.fota_blocks; ++block) MessagesOnly(traffic_.fota_block);
        });
        ModemTally blocks;
        models::radio::nbiot::TransferMessages(ctx_, traffic_.fota_block, blocks);
        blocks.Scale(traffic_.fota_blocks);
        download.Add(blocks);
        return download;
      }
      case Exchange::kFotaReregistration: {
        if (traffic_.fota_blocks <= 0) return ModemTally();
        // After the swap and reboot: attach from scratch with a fresh DTLS session. A rebooted
        // modem has no stored system information.
        models::protocols::MessageSequence reregister = traffic_.full_handshake;
        reregister.insert(reregister.end(), traffic_.registration.begin(), traffic_.registration.end());
        return Connection(reregister, nullptr, /*from_psm=*/true, /*read_system_information=*/true);
      }
      case Exchange::kSystemInformation: {
        ModemTally tally = NewTally();
        models::radio::nbiot::ReadSystemInformation(ctx_, tally);
        return tally;
      }
    }
    throw std::invalid_argument("unknown exchange");
  }

 private:
  bool Recording() const { return trace_.recorder && *trace_.recorder; }
  // A tally that reports its phases to the trace's recorder, when there is one.
  ModemTally NewTally() const { return Recording() ? ModemTally(ctx_.modem, trace_.recorder) : ModemTally(); }

  // Wake-up, random access, the messages, release. Without RAI the inactivity tail goes to
  // *tail when given (reported as its own activity), else stays in the connection. `inside`
  // runs after the random access, before the messages (the trace's after_access too).
  ModemTally Connection(const models::protocols::MessageSequence& messages, ModemTally* tail) const {
    return Connection(messages, tail, d_.power_saving.psm);
  }
  ModemTally Connection(const models::protocols::MessageSequence& messages, ModemTally* tail, bool from_psm,
                        bool read_system_information = false, const std::function<void()>& inside = {}) const {
    ModemTally tally = NewTally();
    models::radio::nbiot::Wake(ctx_, from_psm, tally);
    // The only addition to its link item, so its place in the sum leaves the plan's bits alone.
    if (read_system_information) models::radio::nbiot::ReadSystemInformation(ctx_, tally);
    if (trace_.after_wake) trace_.after_wake();
    models::radio::nbiot::RandomAccess(ctx_, tally);
    if (trace_.after_access) trace_.after_access();
    if (inside) inside();
    models::radio::nbiot::TransferMessages(ctx_, messages, tally);
    if (rai_) {
      models::radio::nbiot::ImmediateRelease(ctx_, tally);
    } else {
      models::radio::nbiot::InactivityTail(ctx_, tail ? *tail : tally);
    }
    return tally;
  }

  ModemTally MessagesOnly(const models::protocols::MessageSequence& messages) const {
    ModemTally tally = NewTally();
    models::radio::nbiot::TransferMessages(ctx_, messages, tally);
    return tally;
  }

  ModemTally Tau() const {
    ModemTally tally = NewTally();
    models::radio::nbiot::Wake(ctx_, d_.power_saving.psm, tally);
    if (trace_.after_wake) trace_.after_wake();
    models::radio::nbiot::RandomAccess(ctx_, tally);
    if (trace_.after_access) trace_.after_access();
    models::radio::nbiot::UplinkMessage(ctx_, kTauRequest_B, tally);
    models::radio::nbiot::DownlinkMessage(ctx_, kTauAccept_B, tally);
    // Without the "active" flag the MME releases the connection after the TAU
    // (TS 24.301 §5.5.3.2.4), so no inactivity tail.
    models::radio::nbiot::ImmediateRelease(ctx_, tally);
    return tally;
  }

  const ModelledDevice& d_;
  const DeviceTraffic& traffic_;
  const RadioContext& ctx_;
  const ExchangeTrace& trace_;
  bool rai_;
};

}  // namespace

bool ExchangeTallies::operator==(const ExchangeTallies& o) const {
  auto same = [](const ModemTally& a, const ModemTally& b) {
    for (int i = 0; i < models::radio::kNumModemStates; ++i)
      if (a.Time_s(static_cast<models::radio::ModemState>(i)) != b.Time_s(static_cast<models::radio::ModemState>(i))) return false;
    for (int i = 0; i < models::radio::kNumTxChannels; ++i)
      if (a.TxTime_s(static_cast<models::radio::TxChannel>(i)) != b.TxTime_s(static_cast<models::radio::TxChannel>(i))) return false;
    for (int i = 0; i < models::radio::kNumLinkItems; ++i)
      if (a.LinkAmount(static_cast<models::radio::LinkItem>(i)) != b.LinkAmount(static_cast<models::radio::LinkItem>(i))) return false;
    return true;
  };
  return same(report, o.report) && same(report_tail, o.report_tail) && same(full_handshake, o.full_handshake) &&
         same(resumed_handshake, o.resumed_handshake) && same(registration_update, o.registration_update) &&
         same(registration, o.registration) && same(keepalive, o.keepalive) && same(tau, o.tau) &&
         same(fota_download, o.fota_download) && same(fota_reregistration, o.fota_reregistration) &&
         same(system_information, o.system_information);
}

bool RaiHonoured(const ModelledDevice& d) {
  return d.reporting.release_assistance && d.network.release_assistance_supported;
}

ModemTally BuildExchange(const ModelledDevice& device, const DeviceTraffic& traffic, const RadioContext& ctx,
                         Exchange exchange, const ExchangeTrace& trace) {
  return PlanBuilder(device, traffic, ctx, trace).Build(exchange);
}

DevicePlan BuildPlan(const ModelledDevice& device) {
  DevicePlan plan;
  plan.traffic = BuildTraffic(device);
  plan.release_assistance = RaiHonoured(device);
  for (int ce = 0; ce < models::radio::nbiot::kNumCeLevels; ++ce) {
    // The plan keeps what the link decides as amounts (bits, grants, acknowledgements) and the
    // rest as times fixed by the CE level, so any coupling loss of the level will do.
    const models::radio::nbiot::Link link = models::radio::nbiot::SelectLinkAtCeLevel(device.modem, device.network,
                                                          device.network.ce0_max_coupling_loss_dB, ce);
    const RadioContext ctx{device.modem, device.network, link};
    plan.by_ce_level[static_cast<std::size_t>(ce)] = PlanBuilder(device, plan.traffic, ctx).Build();
  }
  return plan;
}

}  // namespace pb::engine
