#include "engine/cell/device_classes.hpp"

#include <string_view>

#include "engine/budget.hpp"
#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::cell {
namespace {

double EventsPerDay(const BudgetResult& budget, std::string_view activity_id) {
  const ActivityBudget* a = budget.Find(activity_id);
  return a ? a->events_per_day : 0.0;
}

double EnergyPerEvent_J(const BudgetResult& budget, std::string_view activity_id) {
  const ActivityBudget* a = budget.Find(activity_id);
  return a ? a->energy_J_per_event : 0.0;
}

ChannelUse TauUse(const CellLink& link) {
  ChannelUse use = RandomAccessUse(link);
  use.Add(UplinkMessageUse(link, kTauRequest_B));
  use.Add(DownlinkMessageUse(link, kTauAccept_B));
  use.Add(ReleaseUse(link));
  return use;
}

// What a device of this group at this coupling loss asks of the cell, from its budget.
DeviceClass Evaluate(const CellScenario& scenario, const DeviceGroup& group, const ModelledDevice& device,
                     const DevicePlan& plan, const BudgetResult& budget, double coupling_loss_dB) {
  const models::radio::nbiot::Link link = DeviceLink(device, coupling_loss_dB);
  const CellLink cell_link{link, device.modem.category};
  const DeviceTraffic& traffic = plan.traffic;
  DeviceClass c;
  c.coupling_loss_dB = coupling_loss_dB;
  c.ce_level = link.ce_level;
  c.report_interval_s = device.reporting.interval_s;

  const double reports_per_day = EventsPerDay(budget, activity::kReport);
  c.reports_per_s = reports_per_day / units::kSecondsPerDay;
  // Handshakes and LwM2M registration ride in report connections: spread them over the reports.
  ChannelUse riding_per_day;
  if (budget.radio) {
    riding_per_day.AddScaled(MessagesUse(cell_link, traffic.full_handshake), budget.radio->full_handshakes_per_day);
    riding_per_day.AddScaled(MessagesUse(cell_link, traffic.resumed_handshake),
                             budget.radio->resumed_handshakes_per_day);
  }
  // The budget's choice: Register when the registration lapses between reports, else Update.
  riding_per_day.AddScaled(MessagesUse(cell_link, RegistrationLapses(device) ? traffic.registration : traffic.registration_update),
                           EventsPerDay(budget, activity::kLwm2mRegistration));
  c.report_use = ConnectionUse(cell_link, traffic.report);
  if (reports_per_day > 0.0) c.report_use.AddScaled(riding_per_day, 1.0 / reports_per_day);

  const double tau_per_day = EventsPerDay(budget, activity::kTau);
  const double keepalive_per_day = EventsPerDay(budget, activity::kMqttKeepalive);
  c.other_accesses_per_s = (tau_per_day + keepalive_per_day) / units::kSecondsPerDay;
  c.other_use_per_s.AddScaled(TauUse(cell_link), tau_per_day / units::kSecondsPerDay);
  if (!traffic.keepalive.empty())
    c.other_use_per_s.AddScaled(ConnectionUse(cell_link, traffic.keepalive), keepalive_per_day / units::kSecondsPerDay);

  // A collided attempt still receives the RAR and sends Msg3 (both colliding UEs do), and learns
  // of the loss at contention resolution: the whole random-access procedure of the energy model,
  // then the back-off (uniform over [0, backoff], so half of it on average) waiting connected.
  c.retry_use = PreambleAndRarUse(cell_link);
  const models::radio::nbiot::RadioContext ctx{device.modem, device.network, link};
  models::radio::ModemTally retry;
  models::radio::nbiot::RandomAccess(ctx, retry);
  retry.Add(models::radio::ModemState::kConnectedIdle, 0.5 * scenario.access.backoff_s, "random-access back-off");
  c.retry_energy_J = TallyBatteryEnergy_J(group.profile, link, retry);

  c.report_energy_J = EnergyPerEvent_J(budget, activity::kReport);
  c.energy_J_per_day = budget.energy_J_per_day;
  c.lifetime_s = budget.lifetime_s;
  return c;
}

}  // namespace

DeviceClasses BuildDeviceClasses(const CellScenario& scenario) {
  DeviceClasses out;
  for (std::size_t g = 0; g < scenario.population.groups.size(); ++g) {
    const DeviceGroup& group = scenario.population.groups[g];
    const ModelledDevice& device = Modelled(group);
    const DevicePlan plan = BuildPlan(device);
    DeviceProfile profile = group.profile;
    auto& variable = std::get<ModelledDevice>(profile.device);
    for (const CouplingLossBin& bin : scenario.population.coupling_loss) {
      const double share = group.share_frac * bin.share_frac;
      if (share <= 0.0) continue;
      if (!HasService(device, bin.coupling_loss_dB)) {
        out.out_of_coverage_frac += share;
        continue;
      }
      variable.coverage.coupling_loss_dB = bin.coupling_loss_dB;  // coverage is free in a plan
      BudgetResult budget;
      try {
        budget = ComputeBudget(profile, plan);
      } catch (const ProfileError& e) {
        throw ProfileError(e.field(), "device group '" + group.label + "' at " + std::to_string(bin.coupling_loss_dB) +
                                          " dB: " + e.detail());
      }
      DeviceClass c = Evaluate(scenario, group, variable, plan, budget, bin.coupling_loss_dB);
      c.group = g;
      c.share_frac = share;
      out.classes.push_back(c);
    }
  }
  return out;
}

}  // namespace pb::engine::cell
