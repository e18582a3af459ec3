#include "engine/advice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "models/units.hpp"

namespace pb::engine {
namespace {

// The candidates' values (sources in advice.hpp).
constexpr double kShortInactivityTimer_s = 10.0;
constexpr double kCdrxCycle_s = 2.048;
constexpr double kCdrxOnDuration_ms = 40.0;  // the profile field's unit; converted as the loader does
constexpr int kConnectionId_B = 1;
constexpr double kPsmActiveTime_s = 10.0;
constexpr double kLongerIntervalFactor = 2.0;
constexpr int kBatchedIntervals = 4;
// The loader's ranges of the fields the interval candidates scale (docs/profiles.md): a candidate
// that would leave them is not offered.
constexpr double kMaxInterval_s = 315'360'000.0;
constexpr int kMaxUplinkPayload_B = 65'000;
constexpr int kMaxReadingsPerReport = 100'000;

// A number as the loader reads it back to the same double: the shortest exact form.
std::string Value(double x) { return fmt::format("{}", x); }
std::string Value(int n) { return std::to_string(n); }

NasTimerSetting Timer(double requested_s, const std::optional<double>& granted_s, double in_force_s) {
  return {requested_s, granted_s, in_force_s};
}

class CandidateList {
 public:
  explicit CandidateList(const DeviceProfile& profile) : profile_(profile) {}

  // A copy of the profile to change, and the saving it will become.
  ModelledDevice& Add(std::string id, std::string description, ChangeOwner owner, std::vector<SettingChange> settings) {
    SavingCandidate c{Saving{std::move(id), std::move(description), owner, std::move(settings)}, profile_};
    list_.push_back(std::move(c));
    return std::get<ModelledDevice>(list_.back().changed.device);
  }
  std::vector<SavingCandidate> Take() { return std::move(list_); }

 private:
  const DeviceProfile& profile_;
  std::vector<SavingCandidate> list_;
};

void AddRadioCandidates(const ModelledDevice& d, CandidateList& out) {
  const models::radio::nbiot::NetworkParams& n = d.network;
  if (!RaiHonoured(d)) {
    std::vector<SettingChange> sets;
    std::string what;
    if (!n.release_assistance_supported) sets.push_back({"network.rrc.release_assistance_supported", "true"});
    if (!d.reporting.release_assistance) sets.push_back({"reporting.release_assistance", "true"});
    if (n.release_assistance_supported)
      what = "send release assistance (RAI), which the network honours: no inactivity tail";
    else if (d.reporting.release_assistance)
      what = "release assistance honoured by the network: no inactivity tail";
    else
      what = "release assistance sent by the device and honoured by the network: no inactivity tail";
    ModelledDevice& c = out.Add("release_assistance", what,
                                n.release_assistance_supported ? ChangeOwner::kDesigner : ChangeOwner::kOperator,
                                std::move(sets));
    c.network.release_assistance_supported = true;
    c.reporting.release_assistance = true;

    // The tail's own settings matter only while there is a tail.
    if (n.inactivity_timer_s > kShortInactivityTimer_s) {
      ModelledDevice& t = out.Add(
          "inactivity_timer",
          fmt::format("a {:g} s RRC inactivity timer instead of {:g} s", kShortInactivityTimer_s,
                      n.inactivity_timer_s),
          ChangeOwner::kOperator, {{"network.rrc.inactivity_timer_s", Value(kShortInactivityTimer_s)}});
      t.network.inactivity_timer_s = kShortInactivityTimer_s;
    }
    // C-DRX is worth asking for when the tail spends a larger share of its time awake than the
    // reference configuration does (or has no C-DRX at all).
    const bool cdrx_on = n.cdrx_cycle_s > 0.0;
    if (!cdrx_on || n.cdrx_on_duration_s / n.cdrx_cycle_s > units::ms(kCdrxOnDuration_ms) / kCdrxCycle_s) {
      ModelledDevice& c2 = out.Add(
          "cdrx",
          cdrx_on ? fmt::format("a {:g} s C-DRX cycle with {:g} ms on-duration instead of {:g} s / {:g} ms",
                                kCdrxCycle_s, kCdrxOnDuration_ms, n.cdrx_cycle_s,
                                units::to_ms(n.cdrx_on_duration_s))
                  : fmt::format("C-DRX in the inactivity tail: {:g} s cycle, {:g} ms on-duration",
                                kCdrxCycle_s, kCdrxOnDuration_ms),
          ChangeOwner::kOperator,
          {{"network.rrc.cdrx_cycle_s", Value(kCdrxCycle_s)},
           {"network.rrc.cdrx_on_duration_ms", Value(kCdrxOnDuration_ms)}});
      c2.network.cdrx_cycle_s = kCdrxCycle_s;
      c2.network.cdrx_on_duration_s = units::ms(kCdrxOnDuration_ms);
    }
  }
  if (!d.power_saving.psm) {
    std::vector<SettingChange> sets{{"power_saving.psm", "true"}, {"power_saving.t3324_s", Value(kPsmActiveTime_s)}};
    if (d.power_saving.edrx) sets.push_back({"power_saving.edrx", "false"});
    ModelledDevice& c = out.Add(
        "psm",
        fmt::format("PSM instead of {} between reports, active time T3324 {:g} s (reachable only then)",
                    d.power_saving.edrx ? "eDRX" : "idle paging", kPsmActiveTime_s),
        ChangeOwner::kDesigner, std::move(sets));
    c.power_saving.psm = true;
    c.power_saving.t3324_s = kPsmActiveTime_s;
    c.power_saving.edrx = false;
    c.power_saving.edrx_cycle_s = 0.0;
    c.power_saving.ptw_s = 0.0;
  }
}

void AddStackCandidates(const ModelledDevice& d, CandidateList& out) {
  if (d.stack == Stack::kUdp) return;  // no security section
  if (d.stack == Stack::kLwm2mDtls && d.dtls.dtls.connection_id_B == 0) {
    ModelledDevice& c = out.Add(
        "connection_id",
        fmt::format("DTLS Connection ID of {} byte (RFC 9146): the session survives a NAT rebinding", kConnectionId_B),
        ChangeOwner::kDesigner, {{"security.connection_id_B", Value(kConnectionId_B)}});
    c.dtls.dtls.connection_id_B = kConnectionId_B;
    c.lwm2m.protocol.dtls = c.dtls.dtls;  // LwM2M's messages are sized with the session's DTLS settings
  }
  if (!d.dtls.resumption) {
    ModelledDevice& c = out.Add("session_resumption",
                                d.stack == Stack::kLwm2mDtls ? "DTLS session resumption (abbreviated handshake)"
                                                             : "TLS session resumption (abbreviated handshake)",
                                ChangeOwner::kDesigner, {{"security.resumption", "true"}});
    c.dtls.resumption = true;
    c.dtls.dtls.resumable = true;
    if (d.stack == Stack::kLwm2mDtls) c.lwm2m.protocol.dtls = c.dtls.dtls;
  }
}

void AddReportingCandidates(const ModelledDevice& d, CandidateList& out) {
  const ReportingParams& r = d.reporting;
  if (r.confirmable) {
    ModelledDevice& c = out.Add(
        "non_confirmable",
        d.stack == Stack::kMqttTls ? "reports at QoS 0: no PUBACK (a lost report is not resent)"
                                   : "non-confirmable reports: no acknowledgement (a lost report is not resent)",
        ChangeOwner::kDesigner, {{"reporting.confirmable", "false"}});
    c.reporting.confirmable = false;
  }
  const double longer_s = r.interval_s * kLongerIntervalFactor;
  if (longer_s <= kMaxInterval_s) {
    ModelledDevice& c = out.Add(
        "longer_interval", fmt::format("a report every {:g} s instead of {:g} s (half the readings)", longer_s, r.interval_s),
        ChangeOwner::kDesigner, {{"reporting.interval_s", Value(longer_s)}});
    c.reporting.interval_s = longer_s;
  }
  // Batching keeps the readings per day: the sensor reads as often, the report carries them all.
  const double batched_s = r.interval_s * kBatchedIntervals;
  const int batched_payload_B = r.uplink_payload_B * kBatchedIntervals;
  const bool sensor = d.sensor.readings_per_report > 0;
  const int batched_readings = d.sensor.readings_per_report * kBatchedIntervals;
  if (batched_s <= kMaxInterval_s && batched_payload_B <= kMaxUplinkPayload_B &&
      (!sensor || batched_readings <= kMaxReadingsPerReport)) {
    std::vector<SettingChange> sets{{"reporting.interval_s", Value(batched_s)},
                                    {"reporting.uplink_payload_B", Value(batched_payload_B)}};
    if (sensor) sets.push_back({"sensor.readings_per_report", Value(batched_readings)});
    ModelledDevice& c = out.Add(
        "batching",
        fmt::format("{} readings per report, one report every {:g} s (the same readings, up to {:g} s later)",
                    kBatchedIntervals, batched_s, batched_s - r.interval_s),
        ChangeOwner::kDesigner, std::move(sets));
    c.reporting.interval_s = batched_s;
    c.reporting.uplink_payload_B = batched_payload_B;
    if (sensor) c.sensor.readings_per_report = batched_readings;
  }
}

}  // namespace

RadioConfiguration DescribeRadio(const ModelledDevice& d) {
  const EffectiveTimers in_force = ResolveTimers(d);
  const PowerSavingRequest& req = d.power_saving;
  const models::radio::nbiot::NetworkParams& n = d.network;
  RadioConfiguration c;
  c.rai_requested = d.reporting.release_assistance;
  c.rai_network_honours = n.release_assistance_supported;
  c.rai_in_effect = RaiHonoured(d);
  c.inactivity_timer_s = n.inactivity_timer_s;
  c.cdrx = n.cdrx_cycle_s > 0.0;
  c.cdrx_cycle_s = n.cdrx_cycle_s;
  c.cdrx_on_duration_s = n.cdrx_on_duration_s;
  c.psm_requested = req.psm;
  // As ResolveTimers: T3412 applies with or without PSM; T3324 only with PSM, eDRX only when asked.
  c.t3412 = Timer(req.t3412_s, n.granted_t3412_s, in_force.t3412_s);
  c.t3324 = req.psm ? Timer(req.t3324_s, n.granted_t3324_s, in_force.t3324_s) : NasTimerSetting{};
  c.edrx_requested = req.edrx;
  if (req.edrx) {
    c.edrx_cycle = Timer(req.edrx_cycle_s, n.granted_edrx_cycle_s, in_force.edrx_cycle_s);
    c.ptw = Timer(req.ptw_s, n.granted_ptw_s, in_force.ptw_s);
  }
  c.idle_drx_cycle_s = in_force.idle_drx_cycle_s;
  c.ce_level = DeviceLink(d, d.coverage.coupling_loss_dB).ce_level;
  c.ce_level_forced = d.coverage.forced_ce_level.has_value();
  c.coupling_loss_dB = d.coverage.coupling_loss_dB;
  return c;
}

std::vector<SavingCandidate> SavingCandidates(const DeviceProfile& profile) {
  const auto* device = std::get_if<ModelledDevice>(&profile.device);
  if (!device) return {};
  CandidateList list(profile);
  AddRadioCandidates(*device, list);
  AddStackCandidates(*device, list);
  AddReportingCandidates(*device, list);
  return list.Take();
}

std::vector<Saving> FindSavings(const DeviceProfile& profile, const LifetimeOf& lifetime_of) {
  std::vector<SavingCandidate> candidates = SavingCandidates(profile);
  if (candidates.empty()) return {};
  const BudgetResult before = ComputeBudget(profile);
  const double before_s = lifetime_of(profile, before);
  std::vector<Saving> savings;
  for (SavingCandidate& c : candidates) {
    BudgetResult after;
    try {
      after = ComputeBudget(c.changed);
    } catch (const ProfileError&) {
      continue;  // the change leaves the device without a budget (e.g. a day too short for its reports)
    }
    Saving s = std::move(c.saving);
    s.lifetime_before_s = before_s;
    s.lifetime_after_s = lifetime_of(c.changed, after);
    s.energy_J_per_day_before = before.energy_J_per_day;
    s.energy_J_per_day_after = after.energy_J_per_day;
    if (s.Gain_s() > 0.0) savings.push_back(std::move(s));
  }
  std::stable_sort(savings.begin(), savings.end(), [](const Saving& a, const Saving& b) { return a.Gain_s() > b.Gain_s(); });
  return savings;
}

const char* ChangeOwnerName(ChangeOwner owner) {
  return owner == ChangeOwner::kOperator ? "operator" : "designer";
}

}  // namespace pb::engine
