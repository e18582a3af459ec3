#include "engine/device_plan.hpp"

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
  PlanBuilder(const ModelledDevice& d, const DeviceTraffic& traffic, const RadioContext& ctx)
      : d_(d), traffic_(traffic), ctx_(ctx), rai_(RaiHonoured(d)) {}

  ExchangeTallies Build() const {
    ExchangeTallies t;
    t.report = Connection(traffic_.report, rai_ ? nullptr : &t.report_tail);
    t.full_handshake = MessagesOnly(traffic_.full_handshake);
    t.resumed_handshake = MessagesOnly(traffic_.resumed_handshake);
    t.registration_update = MessagesOnly(traffic_.registration_update);
    t.registration = MessagesOnly(traffic_.registration);
    if (!traffic_.keepalive.empty()) t.keepalive = Connection(traffic_.keepalive, nullptr);
    t.tau = Tau();
    if (traffic_.fota_blocks > 0) {
      // One connection, a round trip per block (RFC 7959 Block2, one block in flight).
      t.fota_download = Connection({}, nullptr);
      ModemTally blocks = MessagesOnly(traffic_.fota_block);
      blocks.Scale(traffic_.fota_blocks);
      t.fota_download.Add(blocks);
      // After the swap and reboot: attach from scratch with a fresh DTLS session.
      models::protocols::MessageSequence reregister = traffic_.full_handshake;
      reregister.insert(reregister.end(), traffic_.registration.begin(), traffic_.registration.end());
      t.fota_reregistration = Connection(reregister, nullptr, /*from_psm=*/true);
    }
    return t;
  }

 private:
  // Wake-up, random access, the messages, release. Without RAI the inactivity tail goes to
  // *tail when given (reported as its own activity), else stays in the connection.
  ModemTally Connection(const models::protocols::MessageSequence& messages, ModemTally* tail) const {
    return Connection(messages, tail, d_.power_saving.psm);
  }
  ModemTally Connection(const models::protocols::MessageSequence& messages, ModemTally* tail, bool from_psm) const {
    ModemTally tally;
    models::radio::nbiot::Wake(ctx_, from_psm, tally);
    models::radio::nbiot::RandomAccess(ctx_, tally);
    models::radio::nbiot::TransferMessages(ctx_, messages, tally);
    if (rai_) {
      models::radio::nbiot::ImmediateRelease(ctx_, tally);
    } else {
      models::radio::nbiot::InactivityTail(ctx_, tail ? *tail : tally);
    }
    return tally;
  }

  ModemTally MessagesOnly(const models::protocols::MessageSequence& messages) const {
    ModemTally tally;
    models::radio::nbiot::TransferMessages(ctx_, messages, tally);
    return tally;
  }

  ModemTally Tau() const {
    ModemTally tally;
    models::radio::nbiot::Wake(ctx_, d_.power_saving.psm, tally);
    models::radio::nbiot::RandomAccess(ctx_, tally);
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
         same(fota_download, o.fota_download) && same(fota_reregistration, o.fota_reregistration);
}

bool RaiHonoured(const ModelledDevice& d) {
  return d.reporting.release_assistance && d.network.release_assistance_supported;
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
