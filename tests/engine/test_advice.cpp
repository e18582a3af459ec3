// The savings the model finds by itself and the radio configuration it reports
// (engine/advice.hpp): every candidate reproduced exactly by its own --set assignments through the
// profile loader, every saving a real re-evaluation, release assistance on the mast monitor worth
// what its inactivity tail costs, and no advice for a setting a profile already has.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "cell/cell_test_support.hpp"
#include "engine/advice.hpp"
#include "engine/budget.hpp"
#include "engine/lifetime/lifetime_simulation.hpp"
#include "models/battery/physics.hpp"

namespace pb::engine {
namespace {

// The headline lifetime of simulate: the battery's physics in the device's climate, the
// simulation's defaults.
double PhysicsLifetime_s(const DeviceProfile& p, const BudgetResult& b) {
  lifetime::LifetimeOptions o;
  o.record_series = false;
  const models::battery::BatteryModel battery(p.battery, p.battery_physics);
  return lifetime::SimulateLifetime(p, b, battery, o).lifetime_s;
}

double IdealLifetime_s(const DeviceProfile&, const BudgetResult& b) { return b.lifetime_s; }

DeviceProfile Mast(std::vector<std::string> overrides = {}) {
  return test::BundledDevice("devices/mast-monitor.json", std::move(overrides));
}

// The parts of two profiles that differ, named, so that a failure says where ("" when equal).
std::string Differences(const DeviceProfile& p, const DeviceProfile& q) {
  std::string out;
  const auto check = [&out](bool same, const char* name) {
    if (!same) out += std::string(out.empty() ? "" : ", ") + name;
  };
  check(p.battery == q.battery && p.battery_physics == q.battery_physics, "battery");
  check(p.supply == q.supply && p.climate == q.climate && p.uncertainty == q.uncertainty, "supply/climate/uncertainty");
  check(p.name == q.name && p.description == q.description && p.target_lifetime_s == q.target_lifetime_s, "name/target");
  const auto* a = std::get_if<ModelledDevice>(&p.device);
  const auto* b = std::get_if<ModelledDevice>(&q.device);
  if (!a || !b) {
    check(p.device == q.device, "device");
    return out;
  }
  check(a->modem == b->modem, "modem");
  check(a->network == b->network, "network");
  check(a->coverage == b->coverage, "coverage");
  check(a->reporting == b->reporting, "reporting");
  check(a->power_saving == b->power_saving, "power_saving");
  check(a->stack == b->stack, "stack");
  check(a->dtls == b->dtls, "security");
  check(a->lwm2m == b->lwm2m, "lwm2m");
  check(a->mqtt == b->mqtt, "mqtt");
  check(a->udp == b->udp, "udp");
  check(a->mcu == b->mcu && a->sensor == b->sensor, "mcu/sensor");
  check(a->fota == b->fota, "fota");
  // The loader reads the flash and secure-boot figures only when FOTA is enabled; without it they
  // keep their zero defaults (models/device/parts.hpp), so they compare in every profile.
  check(a->flash == b->flash && a->secure_boot == b->secure_boot, "fota flash/secure boot");
  check(p == q || !out.empty(), "(another field)");
  return out;
}

std::set<std::string> Ids(const std::vector<SavingCandidate>& candidates) {
  std::set<std::string> ids;
  for (const SavingCandidate& c : candidates) ids.insert(c.saving.id);
  return ids;
}

const Saving* FindSaving(const std::vector<Saving>& savings, const std::string& id) {
  for (const Saving& s : savings)
    if (s.id == id) return &s;
  return nullptr;
}

// Profiles that between them offer every candidate: the bundled devices, and the mast monitor
// with the settings the candidates change set the other way.
struct Variant {
  const char* device;
  std::vector<std::string> overrides;
};
const std::vector<Variant>& Variants() {
  static const std::vector<Variant> variants{
      {"devices/mast-monitor.json", {}},
      {"devices/smart-meter-gateway.json", {}},
      {"devices/mast-monitor.json", {"reporting.release_assistance=false"}},
      {"devices/mast-monitor.json", {"network=typical-operator", "reporting.release_assistance=false"}},
      {"devices/mast-monitor.json", {"network.rrc.cdrx_cycle_s=0", "network.rrc.cdrx_on_duration_ms=0"}},
      {"devices/mast-monitor.json", {"security.connection_id_B=0", "security.resumption=false"}},
      {"devices/mast-monitor.json",
       {"power_saving.psm=false", "power_saving.edrx=true", "power_saving.edrx_cycle_s=81.92", "power_saving.ptw_s=2.56"}},
      {"devices/mast-monitor.json", {"power_saving.psm=false"}},
      {"devices/smart-meter-gateway.json", {"security.resumption=false", "reporting.confirmable=false"}},
  };
  return variants;
}

TEST(SavingCandidates, EachIsReproducedExactlyByItsOwnSetAssignments) {
  std::set<std::string> seen;
  for (const Variant& v : Variants()) {
    const DeviceProfile profile = test::BundledDevice(v.device, v.overrides);
    for (const SavingCandidate& c : SavingCandidates(profile)) {
      SCOPED_TRACE(std::string(v.device) + " " + c.saving.id);
      seen.insert(c.saving.id);
      ASSERT_FALSE(c.saving.settings.empty());
      std::vector<std::string> overrides = v.overrides;
      for (const SettingChange& s : c.saving.settings) overrides.push_back(s.Assignment());
      // What the user gets by pasting the --set lines is what the advice evaluated.
      EXPECT_EQ(Differences(test::BundledDevice(v.device, overrides), c.changed), "");
      // And it differs from the profile: a candidate changes something.
      EXPECT_FALSE(c.changed == profile);
    }
  }
  for (const char* id : {"release_assistance", "inactivity_timer", "cdrx", "connection_id", "session_resumption", "psm",
                         "non_confirmable", "longer_interval", "batching"})
    EXPECT_TRUE(seen.count(id)) << id << " is offered by none of the variants";
}

TEST(FindSavings, EachSavingIsARealReEvaluationAndTheyAreRanked) {
  for (const Variant& v : Variants()) {
    SCOPED_TRACE(v.device);
    const DeviceProfile profile = test::BundledDevice(v.device, v.overrides);
    const std::vector<Saving> savings = FindSavings(profile, PhysicsLifetime_s);
    const double before_s = PhysicsLifetime_s(profile, ComputeBudget(profile));
    for (std::size_t i = 0; i < savings.size(); ++i) {
      const Saving& s = savings[i];
      SCOPED_TRACE(s.id);
      EXPECT_GT(s.Gain_s(), 0.0);
      EXPECT_EQ(s.lifetime_before_s, before_s);
      if (i > 0) {
        EXPECT_GE(savings[i - 1].Gain_s(), s.Gain_s());
      }
      // Direct re-evaluation of the profile the user gets with the --set lines.
      std::vector<std::string> overrides = v.overrides;
      for (const SettingChange& c : s.settings) overrides.push_back(c.Assignment());
      const DeviceProfile changed = test::BundledDevice(v.device, overrides);
      const BudgetResult budget = ComputeBudget(changed);
      EXPECT_EQ(s.lifetime_after_s, PhysicsLifetime_s(changed, budget));
      EXPECT_EQ(s.energy_J_per_day_after, budget.energy_J_per_day);
    }
  }
}

TEST(FindSavings, OnAnIdealCellTheLifetimeGainIsTheEnergyRatio) {
  // Energy over power: a saving's lifetime ratio is exactly the inverse of its energy ratio.
  const std::vector<Saving> savings = FindSavings(Mast(), IdealLifetime_s);
  ASSERT_FALSE(savings.empty());
  for (const Saving& s : savings)
    EXPECT_NEAR(s.lifetime_after_s / s.lifetime_before_s, s.energy_J_per_day_before / s.energy_J_per_day_after, 1e-12)
        << s.id;
}

TEST(FindSavings, ReleaseAssistanceOnTheMastMonitorSavesItsInactivityTail) {
  const DeviceProfile mast = Mast();
  const BudgetResult budget = ComputeBudget(mast);
  const ActivityBudget* tail = budget.Find(activity::kInactivityTail);
  ASSERT_NE(tail, nullptr);
  ASSERT_GT(tail->share_frac, 0.5);  // the bundled mast monitor: the tail is most of the budget
  const std::vector<Saving> savings = FindSavings(mast, PhysicsLifetime_s);
  ASSERT_FALSE(savings.empty());
  const Saving& best = savings.front();
  EXPECT_EQ(best.id, "release_assistance");
  EXPECT_EQ(best.owner, ChangeOwner::kOperator);  // the device already sends RAI; the network ignores it
  ASSERT_EQ(best.settings.size(), 1u);
  EXPECT_EQ(best.settings[0].Assignment(), "network.rrc.release_assistance_supported=true");
  // The energy saved is the tail, less the RRC release that now closes each report (tens of ms of
  // downlink against 20 s of C-DRX), plus the tail of the rare FOTA connection.
  const double saved_J = best.energy_J_per_day_before - best.energy_J_per_day_after;
  EXPECT_NEAR(saved_J / tail->energy_J_per_day, 1.0, 0.02);
  // More than twice the life: the tail is over half of the energy.
  EXPECT_GT(best.lifetime_after_s, 2.0 * best.lifetime_before_s);
}

TEST(FindSavings, AProfileAlreadyAtTheBestSettingGetsNoSuchAdvice) {
  // The typical operator honours RAI: no RAI, inactivity-timer or C-DRX advice (there is no tail).
  const std::set<std::string> typical = Ids(SavingCandidates(Mast({"network=typical-operator"})));
  for (const char* id : {"release_assistance", "inactivity_timer", "cdrx"}) EXPECT_FALSE(typical.count(id)) << id;
  // The mast monitor has PSM, a Connection ID and resumption.
  const std::set<std::string> mast = Ids(SavingCandidates(Mast()));
  for (const char* id : {"psm", "connection_id", "session_resumption"}) EXPECT_FALSE(mast.count(id)) << id;
  // An inactivity timer already at 10 s is not offered 10 s.
  EXPECT_FALSE(Ids(SavingCandidates(Mast({"network.rrc.inactivity_timer_s=10"}))).count("inactivity_timer"));
  // A network that honours RAI, with a device that does not send it: the designer's change alone.
  const std::vector<SavingCandidate> device_only =
      SavingCandidates(Mast({"network=typical-operator", "reporting.release_assistance=false"}));
  bool found = false;
  for (const SavingCandidate& c : device_only) {
    if (c.saving.id != "release_assistance") continue;
    found = true;
    EXPECT_EQ(c.saving.owner, ChangeOwner::kDesigner);
    ASSERT_EQ(c.saving.settings.size(), 1u);
    EXPECT_EQ(c.saving.settings[0].Assignment(), "reporting.release_assistance=true");
  }
  EXPECT_TRUE(found);
}

TEST(FindSavings, AMeasuredDeviceHasNoSettingsToVary) {
  const DeviceProfile measured = test::BundledDevice("devices/nordic-power-example-measured.json");
  EXPECT_TRUE(SavingCandidates(measured).empty());
  EXPECT_TRUE(FindSavings(measured, PhysicsLifetime_s).empty());
}

TEST(FindSavings, ALongerIntervalSavesMoreOnAFrequentReporter) {
  // Monotonic in what it changes: doubling the interval gains more, relative to the life, the
  // more often the device reports (the fixed floor weighs less).
  const auto gain_frac = [](double interval_s) {
    const std::vector<Saving> s = FindSavings(Mast({"reporting.interval_s=" + std::to_string(interval_s)}), IdealLifetime_s);
    const Saving* longer = FindSaving(s, "longer_interval");
    return longer ? longer->Gain_s() / longer->lifetime_before_s : 0.0;
  };
  const double hourly = gain_frac(3600.0), six_hourly = gain_frac(21600.0);
  EXPECT_GT(hourly, six_hourly);
  EXPECT_GT(six_hourly, 0.0);
  EXPECT_LT(hourly, 1.0);  // never more than doubling on an ideal cell
}

TEST(DescribeRadio, TheMastMonitorAsRequestedGrantedAndInForce) {
  const DeviceProfile mast = Mast();
  const ModelledDevice& d = std::get<ModelledDevice>(mast.device);
  const RadioConfiguration c = DescribeRadio(d);
  EXPECT_TRUE(c.rai_requested);
  EXPECT_FALSE(c.rai_network_honours);  // the Nordic operator ignores RAI
  EXPECT_FALSE(c.rai_in_effect);
  EXPECT_EQ(c.inactivity_timer_s, d.network.inactivity_timer_s);
  EXPECT_TRUE(c.cdrx);
  EXPECT_EQ(c.t3412.requested_s, 86400.0);
  EXPECT_FALSE(c.t3412.granted_s.has_value());
  EXPECT_EQ(c.t3412.in_force_s, 86400.0);
  EXPECT_EQ(c.t3324.requested_s, 10.0);
  EXPECT_EQ(c.t3324.granted_s, std::optional<double>(10.0));  // the operator forces T3324 = 10 s
  EXPECT_FALSE(c.edrx_requested);
  const BudgetResult budget = ComputeBudget(mast);
  ASSERT_TRUE(budget.radio.has_value());
  EXPECT_EQ(c.ce_level, budget.radio->ce_level);
  EXPECT_EQ(c.coupling_loss_dB, 144.0);
  // What is in force is what the budget used.
  EXPECT_EQ(c.t3324.in_force_s, budget.radio->timers.t3324_s);
  EXPECT_EQ(c.idle_drx_cycle_s, budget.radio->timers.idle_drx_cycle_s);

  // A grant overrides the request; deeper coverage changes the CE level.
  const RadioConfiguration g = DescribeRadio(std::get<ModelledDevice>(
      Mast({"network.granted.t3412_s=36000", "coverage.coupling_loss_dB=160"}).device));
  EXPECT_EQ(g.t3412.requested_s, 86400.0);
  EXPECT_EQ(g.t3412.granted_s, std::optional<double>(36000.0));
  EXPECT_EQ(g.t3412.in_force_s, 36000.0);
  EXPECT_EQ(g.ce_level, 2);
}

}  // namespace
}  // namespace pb::engine
