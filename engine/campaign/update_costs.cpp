#include "engine/campaign/update_costs.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "engine/budget.hpp"
#include "engine/cell/channel_use.hpp"
#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "models/radio/nbiot/procedures.hpp"

namespace pb::engine::campaign {
namespace {

const ActivityBudget& Fota(const BudgetResult& budget) {
  if (const ActivityBudget* a = budget.Find(activity::kFota)) return *a;
  throw std::logic_error("a budget with FOTA enabled has no fota activity");
}

// When the server can next reach a device: its next connection (report or periodic TAU) in
// PSM, its next paging window in eDRX, its next paging occasion otherwise.
double WakeInterval_s(const ModelledDevice& device) {
  const EffectiveTimers t = ResolveTimers(device);
  double interval_s = device.reporting.interval_s;
  if (t.psm) {
    if (t.t3412_s > 0.0) interval_s = std::min(interval_s, t.t3412_s);
  } else {
    interval_s = std::min(interval_s, t.edrx ? t.edrx_cycle_s : t.idle_drx_cycle_s);
  }
  return interval_s;
}

// A coupling loss inside the level: the fleet's mean there, else the level's upper edge.
double CouplingLossInLevel(const cell::DeviceGroup& group, const std::vector<cell::CouplingLossBin>& bins, int level) {
  double weight = 0.0, sum_dB = 0.0;
  for (const cell::CouplingLossBin& b : bins) {
    if (CeLevelOf(group, b.coupling_loss_dB) != level) continue;
    weight += b.share_frac;
    sum_dB += b.share_frac * b.coupling_loss_dB;
  }
  if (weight > 0.0) return sum_dB / weight;
  const models::radio::nbiot::NetworkParams& n = cell::Modelled(group).network;
  return level == 0 ? n.ce0_max_coupling_loss_dB : level == 1 ? n.ce1_max_coupling_loss_dB : n.max_coupling_loss_dB;
}

ModelledDevice WithImage(const ModelledDevice& device, const ImageParams& image, ImageKind kind) {
  ModelledDevice d = device;
  d.fota.enabled = true;
  d.fota.image_size_B = image.size_B;
  d.fota.download_ratio_frac = kind == ImageKind::kFull ? 1.0 : image.delta_ratio_frac;
  d.fota.block_size_B = image.block_size_B;
  return d;
}

UpdateCost Evaluate(const cell::DeviceGroup& group, const ModelledDevice& device,
                    const DevicePlan& plan, double coupling_loss_dB) {
  DeviceProfile profile = group.profile;
  ModelledDevice& d = std::get<ModelledDevice>(profile.device);
  d = device;
  d.coverage.coupling_loss_dB = coupling_loss_dB;
  d.fota.rollback_probability_frac = 0.0;
  const BudgetResult without_rollback = ComputeBudget(profile, plan);
  d.fota.rollback_probability_frac = 1.0;
  const BudgetResult with_rollback = ComputeBudget(profile, plan);
  const ActivityBudget& update = Fota(without_rollback);

  const models::radio::nbiot::Link link = DeviceLink(d, coupling_loss_dB);
  const ExchangeTallies& tallies = plan.by_ce_level[static_cast<std::size_t>(link.ce_level)];
  const cell::CellLink cell_link{link, d.modem.category};
  UpdateCost c;
  c.coupling_loss_dB = coupling_loss_dB;
  c.blocks = plan.traffic.fota_blocks;
  c.download_B = std::ceil(d.fota.image_size_B * d.fota.download_ratio_frac);
  c.download_energy_J = TallyBatteryEnergy_J(profile, link, tallies.fota_download);
  c.download_duration_s = tallies.fota_download.Resolved(link.times).Duration_s();
  cell::ChannelUse download = cell::ConnectionUse(cell_link, {});
  download.AddScaled(cell::MessagesUse(cell_link, plan.traffic.fota_block), c.blocks);
  c.download_downlink_s = download.downlink_s();
  c.install_energy_J = update.energy_J_per_event - c.download_energy_J;
  c.install_duration_s = update.duration_s_per_event - c.download_duration_s;
  c.rollback_energy_J = Fota(with_rollback).energy_J_per_event - update.energy_J_per_event;
  c.energy_J_per_day = without_rollback.energy_J_per_day - update.energy_J_per_day;

  models::radio::ModemTally waiting;
  waiting.Add(models::radio::ModemState::kConnectedIdle, 1.0, "waiting for the campaign's downlink share");
  c.connected_wait_power_W = TallyBatteryEnergy_J(profile, link, waiting);
  const models::radio::nbiot::RadioContext ctx{d.modem, d.network, link};
  models::radio::ModemTally wake;
  models::radio::nbiot::Wake(ctx, d.power_saving.psm, wake);
  c.multicast_wake_energy_J = TallyBatteryEnergy_J(profile, link, wake);
  models::radio::ModemTally receiving;
  receiving.Add(models::radio::ModemState::kRx, 1.0, "SC-MTCH reception");
  c.multicast_rx_power_W = TallyBatteryEnergy_J(profile, link, receiving);
  for (const models::protocols::Message& m : plan.traffic.fota_block) {
    if (m.direction != models::protocols::Direction::kDownlink) continue;
    const cell::BroadcastUse block = cell::MulticastUse(cell_link, m.size_B, d.network.scheduling.npdsch_delay_s);
    c.multicast_downlink_s += c.blocks * block.downlink_s;
    c.multicast_min_duration_s += c.blocks * block.min_duration_s;
  }
  return c;
}

}  // namespace

const char* ImageKindName(ImageKind kind) { return kind == ImageKind::kFull ? "full" : "delta"; }
const char* DeliveryName(Delivery delivery) { return delivery == Delivery::kUnicast ? "unicast" : "multicast"; }

int CeLevelOf(const cell::DeviceGroup& group, double coupling_loss_dB) {
  const ModelledDevice& device = cell::Modelled(group);
  return HasService(device, coupling_loss_dB) ? DeviceLink(device, coupling_loss_dB).ce_level : -1;
}

std::vector<GroupCosts> ComputeUpdateCosts(const CampaignScenario& s) {
  std::vector<GroupCosts> out;
  for (const cell::DeviceGroup& group : s.groups) {
    const ModelledDevice& device = cell::Modelled(group);
    GroupCosts g;
    g.wake_interval_s = WakeInterval_s(device);
    for (ImageKind kind : {ImageKind::kFull, ImageKind::kDelta}) {
      const ModelledDevice with_image = WithImage(device, s.image, kind);
      const DevicePlan plan = BuildPlan(with_image);
      for (int level = 0; level < models::radio::nbiot::kNumCeLevels; ++level) {
        const double loss_dB = CouplingLossInLevel(group, s.coupling_loss, level);
        try {
          g.by_image_and_ce[static_cast<std::size_t>(kind)][static_cast<std::size_t>(level)] =
              Evaluate(group, with_image, plan, loss_dB);
        } catch (const ProfileError& e) {
          throw ProfileError(e.field(), "device group '" + group.label + "' at CE level " + std::to_string(level) +
                                            ": " + e.detail());
        }
      }
    }
    out.push_back(g);
  }
  return out;
}

}  // namespace pb::engine::campaign
