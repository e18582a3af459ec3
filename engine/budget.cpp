#include "engine/budget.hpp"

#include <fmt/format.h>

#include <boost/container/static_vector.hpp>

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/radio/nbiot/airtime.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine {
namespace {

using models::device::LoadDraw;
using models::radio::ModemTally;

// Modem time as a load: the tally's charge at the modem's currents and the link's transmit
// currents, drawn at the modem's supply voltage.
LoadDraw ModemLoad(const ModemTally& tally, const models::radio::ModemParams& modem, const models::radio::TxCurrents& tx) {
  LoadDraw load;
  load.charge_C = tally.Charge_C(modem, tx);
  load.energy_J = load.charge_C * modem.supply_voltage_V;
  return load;
}

// From the loads to the battery: through the supply path, at the battery's nominal voltage.
double LoadBatteryEnergy_J(const DeviceProfile& profile, const LoadDraw& load) {
  return models::device::BatteryEnergy_J(profile.supply, load, profile.battery.nominal_voltage_V);
}

// One occurrence of an activity: what the loads draw and how long it keeps each part busy.
struct EventCost {
  LoadDraw load;
  double duration_s = 0.0;    // wall-clock time of one event
  double modem_time_s = 0.0;  // counts against the modem's day
  double mcu_active_s = 0.0;  // counts against the MCU's day

  void AddModem(const models::radio::TallyCost& cost, double supply_voltage_V) {
    load.charge_C += cost.charge_C;
    load.energy_J += cost.charge_C * supply_voltage_V;
    modem_time_s += cost.duration_s;
    duration_s += cost.duration_s;
  }
  // MCU work that overlaps the radio (duration unchanged) or runs on its own (sequential).
  void AddMcu(const models::device::McuParams& mcu, double time_s, bool sequential, double extra_current_A = 0.0) {
    load.Add(mcu.active_current_A + extra_current_A, mcu.supply_voltage_V, time_s);
    mcu_active_s += time_s;
    if (sequential) duration_s += time_s;
  }
  void Scale(double factor) {
    load.energy_J *= factor;
    load.charge_C *= factor;
    duration_s *= factor;
    modem_time_s *= factor;
    mcu_active_s *= factor;
  }
  void Add(const EventCost& other) {
    load.Add(other.load);
    duration_s += other.duration_s;
    modem_time_s += other.modem_time_s;
    mcu_active_s += other.mcu_active_s;
  }
};

struct DailyEntry {
  const char* activity;  // one of engine::activity, or nullptr for a measured event
  double events_per_day;
  EventCost per_event;
  const std::string* measured_name = nullptr;  // the profile's event name (alive while the budget runs)
};
// A modelled device's activities: at most a dozen, kept in place (no allocation per evaluation).
using ModelledEntries = boost::container::static_vector<DailyEntry, 16>;

// Reports per day that need a new security session, split into full and resumed.
struct HandshakeRates {
  double full_per_day = 0.0;
  double resumed_per_day = 0.0;
};

HandshakeRates Handshakes(double reports_per_day, double interval_s, double session_lifetime_s, bool every_report,
                          bool resumption) {
  // A session outlives floor(lifetime / interval) reports; past that a full handshake is due.
  const double reports_per_session = std::max(1.0, std::floor(session_lifetime_s / interval_s));
  const double full_per_day = reports_per_day / reports_per_session;
  if (!every_report) return {full_per_day, 0.0};
  if (resumption) return {full_per_day, reports_per_day - full_per_day};
  return {reports_per_day, 0.0};
}

class ModelledBudget {
 public:
  ModelledBudget(const ModelledDevice& d, const DevicePlan& plan)
      : d_(d),
        timers_(ResolveTimers(d)),
        link_(DeviceLink(d, d.coverage.coupling_loss_dB)),
        tx_(link_.tx_currents()),
        currents_(models::radio::StateCurrentsOf(d.modem)),
        tallies_(plan.by_ce_level[static_cast<std::size_t>(link_.ce_level)]),
        plan_(plan),
        reports_per_day_(units::kSecondsPerDay / d.reporting.interval_s),
        system_information_expires_(SystemInformationExpires(d)) {}

  ModelledEntries Entries(RadioSummary& summary) const;
  // Load-side power and duration of the heaviest transmission (see BudgetResult::pulse_power_W).
  std::pair<double, double> Pulse() const;

 private:
  // A planned tally on this device's link: its link amounts become time at this coupling loss.
  EventCost Modem(const ModemTally& tally) const {
    EventCost cost;
    cost.AddModem(tally.CostOn(link_.times, currents_, tx_), d_.modem.supply_voltage_V);
    return cost;
  }
  // A planned connection that starts from PSM: its tally, plus the system information it reads
  // when the stored copy has expired.
  EventCost WakeConnection(const ModemTally& tally) const {
    EventCost cost = Modem(tally);
    if (system_information_expires_) cost.Add(Modem(tallies_.system_information));
    return cost;
  }
  void AddHandshakes(ModelledEntries& entries, RadioSummary& summary, const HandshakeRates& hs) const;
  void AddLwm2mTraffic(ModelledEntries& entries, RadioSummary& summary) const;
  void AddMqttTraffic(ModelledEntries& entries, RadioSummary& summary, double& connections_per_day) const;
  EventCost FotaEvent() const;

  const ModelledDevice& d_;
  EffectiveTimers timers_;
  models::radio::nbiot::Link link_;
  models::radio::TxCurrents tx_;
  models::radio::StateCurrents currents_;
  const ExchangeTallies& tallies_;
  const DevicePlan& plan_;
  double reports_per_day_;
  bool system_information_expires_;
};

std::pair<double, double> ModelledBudget::Pulse() const {
  const models::radio::nbiot::CeLevelParams& ce = *link_.ce;
  const double tx_A = std::max(tx_.npusch_A, tx_.nprach_A);
  const double power_W = tx_A * d_.modem.supply_voltage_V + d_.mcu.active_current_A * d_.mcu.supply_voltage_V;
  // One transport block of the largest size the category carries, with all its repetitions,
  // or one preamble with its repetitions, whichever is on the air longer.
  const double block_s =
      models::radio::nbiot::MaxUplinkTbsBits(d_.modem.category) * link_.adapted.npusch.time_per_bit_s;
  const double preamble_s = models::radio::nbiot::NprachPreambleDuration_s(ce.nprach_preamble_format, ce.nprach_repetitions);
  return {power_W, std::max(block_s, preamble_s)};
}

void ModelledBudget::AddHandshakes(ModelledEntries& entries, RadioSummary& summary,
                                   const HandshakeRates& hs) const {
  summary.full_handshakes_per_day = hs.full_per_day;
  summary.resumed_handshakes_per_day = hs.resumed_per_day;
  const double handshakes_per_day = hs.full_per_day + hs.resumed_per_day;
  if (handshakes_per_day <= 0.0) return;
  EventCost full = Modem(tallies_.full_handshake);
  full.AddMcu(d_.mcu, d_.mcu.full_handshake_crypto_time_s, false);
  full.Scale(hs.full_per_day / handshakes_per_day);
  if (hs.resumed_per_day > 0.0) {
    EventCost resumed = Modem(tallies_.resumed_handshake);
    resumed.AddMcu(d_.mcu, d_.mcu.resumed_handshake_crypto_time_s, false);
    resumed.Scale(hs.resumed_per_day / handshakes_per_day);
    full.Add(resumed);
  }
  // One entry with the mix's mean cost per handshake.
  entries.push_back({activity::kSecurityHandshake, handshakes_per_day, full});
}

void ModelledBudget::AddLwm2mTraffic(ModelledEntries& entries, RadioSummary& summary) const {
  const ReportingParams& r = d_.reporting;
  // Without a Connection ID the server cannot match a datagram from a new NAT binding to the
  // session, so every report after a NAT timeout needs a new handshake (RFC 9146 §1).
  const bool nat_expired = d_.dtls.dtls.connection_id_B == 0 && r.interval_s > d_.network.nat_binding_timeout_s;
  AddHandshakes(entries, summary,
                Handshakes(reports_per_day_, r.interval_s, d_.dtls.session_lifetime_s, nat_expired, d_.dtls.resumption));

  // Registration (RegistrationLapses): an Update on every k-th report, or a Register on each.
  if (RegistrationLapses(d_)) {
    entries.push_back({activity::kLwm2mRegistration, reports_per_day_, Modem(tallies_.registration)});
  } else {
    entries.push_back({activity::kLwm2mRegistration,
                       reports_per_day_ / std::floor(d_.lwm2m.registration_lifetime_s / r.interval_s),
                       Modem(tallies_.registration_update)});
  }
}

void ModelledBudget::AddMqttTraffic(ModelledEntries& entries, RadioSummary& summary,
                                    double& connections_per_day) const {
  const ReportingParams& r = d_.reporting;
  // A persistent connection is set up once per session lifetime; otherwise every report opens
  // a TCP connection, resuming the TLS session while it is valid.
  AddHandshakes(entries, summary,
                d_.mqtt.persistent_connection
                    ? HandshakeRates{units::kSecondsPerDay / d_.dtls.session_lifetime_s, 0.0}
                    : Handshakes(reports_per_day_, r.interval_s, d_.dtls.session_lifetime_s, true, d_.dtls.resumption));
  if (!d_.mqtt.persistent_connection) return;
  // PINGREQ keeps the broker (and the NAT) from dropping the idle connection.
  const double pings_per_report = PingsPerReport(d_);
  if (pings_per_report <= 0.0) return;
  const double pings_per_day = pings_per_report * reports_per_day_;
  entries.push_back({activity::kMqttKeepalive, pings_per_day, WakeConnection(tallies_.keepalive)});
  connections_per_day += pings_per_day;
}

EventCost ModelledBudget::FotaEvent() const {
  const double image_B = d_.fota.image_size_B;
  const models::device::McuParams& mcu = d_.mcu;
  EventCost total = Modem(tallies_.fota_download);
  total.AddMcu(mcu, models::device::FlashEraseAndWriteTime_s(d_.flash, image_B), true, d_.flash.current_A);
  total.AddMcu(mcu, models::device::ImageVerifyTime_s(d_.secure_boot, image_B), true);

  // Swap, reboot with secure-boot verification, then register again with a fresh session.
  EventCost activate;
  activate.AddMcu(mcu, models::device::SwapTime_s(d_.secure_boot, d_.flash, image_B), true, d_.flash.current_A);
  activate.AddMcu(mcu, d_.secure_boot.reboot_time_s + models::device::ImageVerifyTime_s(d_.secure_boot, image_B), true);
  activate.Add(Modem(tallies_.fota_reregistration));
  activate.AddMcu(mcu, mcu.full_handshake_crypto_time_s, false);
  total.Add(activate);
  // A failed self-test reverts: a second swap, reboot and registration (MCUboot revert).
  activate.Scale(d_.fota.rollback_probability_frac);
  total.Add(activate);
  return total;
}

ModelledEntries ModelledBudget::Entries(RadioSummary& summary) const {
  ModelledEntries entries;
  summary.ce_level = link_.ce_level;
  summary.coupling_loss_dB = link_.coupling_loss_dB;
  summary.npusch_tx_power_dBm = link_.npusch_tx_power_dBm;
  summary.nprach_tx_power_dBm = link_.nprach_tx_power_dBm;
  summary.timers = timers_;

  const EventCost report = WakeConnection(tallies_.report);
  summary.report_connection_s = report.duration_s;
  entries.push_back({activity::kReport, reports_per_day_, report});
  if (!plan_.release_assistance) entries.push_back({activity::kInactivityTail, reports_per_day_, Modem(tallies_.report_tail)});
  double connections_per_day = reports_per_day_;
  if (d_.stack == Stack::kLwm2mDtls)
    AddLwm2mTraffic(entries, summary);
  else if (d_.stack == Stack::kMqttTls)
    AddMqttTraffic(entries, summary, connections_per_day);

  if (const double tau_per_report = TausPerReport(d_); tau_per_report > 0.0) {
    summary.tau_per_day = tau_per_report * reports_per_day_;
    entries.push_back({activity::kTau, summary.tau_per_day, WakeConnection(tallies_.tau)});
    connections_per_day += summary.tau_per_day;
  }

  if (d_.fota.enabled) {
    const double fota_per_day = units::kSecondsPerDay / d_.fota.interval_s;
    entries.push_back({activity::kFota, fota_per_day, FotaEvent()});
    connections_per_day += fota_per_day;
  }

  EventCost mcu_report;
  mcu_report.AddMcu(d_.mcu, d_.mcu.active_time_per_report_s, true);
  entries.push_back({activity::kMcuActive, reports_per_day_, mcu_report});
  if (d_.sensor.readings_per_report > 0) {
    EventCost reading;
    reading.duration_s = d_.sensor.read_time_s * d_.sensor.readings_per_report;
    reading.load.Add(d_.sensor.active_current_A, d_.sensor.supply_voltage_V, reading.duration_s);
    entries.push_back({activity::kSensor, reports_per_day_, reading});
  }

  // The modem's day: what the activities leave goes to idle paging (the T3324 active time
  // after each connection, or all of it when PSM is off) and then to the PSM floor.
  double modem_busy_s = 0.0;
  double mcu_active_s = 0.0;
  for (const DailyEntry& e : entries) {
    modem_busy_s += e.events_per_day * e.per_event.modem_time_s;
    mcu_active_s += e.events_per_day * e.per_event.mcu_active_s;
  }
  const double modem_free_s = units::kSecondsPerDay - modem_busy_s;
  if (modem_free_s < 0.0)
    throw ProfileError("/reporting/interval_s",
                       fmt::format("the radio activities need {:.0f} s per day, more than a day: one report "
                                   "connection takes {:.1f} s; increase the interval",
                                   modem_busy_s, report.duration_s));
  if (mcu_active_s > units::kSecondsPerDay)
    throw ProfileError("/reporting/interval_s", "the MCU would be active more than a whole day");

  const models::radio::nbiot::IdlePaging paging{timers_.idle_drx_cycle_s, timers_.edrx, timers_.edrx_cycle_s, timers_.ptw_s};
  const double idle_s = timers_.psm ? std::min(connections_per_day * timers_.t3324_s, modem_free_s) : modem_free_s;
  if (idle_s > 0.0) {
    ModemTally tally;
    models::radio::nbiot::IdleMonitoring(models::radio::nbiot::RadioContext{d_.modem, d_.network, link_}, paging, idle_s, tally);
    EventCost idle = Modem(tally);
    const double events = timers_.psm ? connections_per_day : 1.0;
    idle.Scale(1.0 / events);
    entries.push_back({activity::kIdlePaging, events, idle});
  }
  const double psm_s = modem_free_s - idle_s;
  if (timers_.psm && psm_s > 0.0) {
    ModemTally tally;
    tally.Add(models::radio::ModemState::kPsm, psm_s, "PSM");
    entries.insert(entries.begin(), DailyEntry{activity::kPsmFloor, 1.0, Modem(tally)});
  }

  EventCost mcu_sleep;
  mcu_sleep.duration_s = units::kSecondsPerDay - mcu_active_s;
  mcu_sleep.load.Add(d_.mcu.sleep_current_A, d_.mcu.supply_voltage_V, mcu_sleep.duration_s);
  entries.push_back({activity::kMcuSleep, 1.0, mcu_sleep});
  return entries;
}

std::vector<DailyEntry> MeasuredEntries(const MeasuredDevice& m) {
  std::vector<DailyEntry> entries;
  double busy_s = 0.0;
  for (const MeasuredEvent& e : m.events) {
    EventCost cost;
    cost.load.energy_J = e.energy_J;
    cost.load.charge_C = e.energy_J / m.supply_voltage_V;
    cost.duration_s = e.duration_s;
    const double per_day = units::kSecondsPerDay / e.period_s;
    busy_s += per_day * e.duration_s;
    entries.push_back({nullptr, per_day, cost, &e.name});
  }
  if (busy_s > units::kSecondsPerDay) throw ProfileError("/events", "the measured events last longer than a day in total");
  // An event's measured energy includes the floor during it, so the floor runs the rest.
  EventCost floor;
  floor.duration_s = units::kSecondsPerDay - busy_s;
  floor.load.Add(m.floor_current_A, m.supply_voltage_V, floor.duration_s);
  entries.insert(entries.begin(), DailyEntry{activity::kFloor, 1.0, floor});
  return entries;
}

// A current drawn from the battery all day, as one event a day.
ActivityBudget AllDayAtBattery(ActivityName activity_id, double current_A, double v_batt) {
  ActivityBudget a;
  a.activity = activity_id;
  a.events_per_day = 1.0;
  a.duration_s_per_event = units::kSecondsPerDay;
  a.energy_J_per_event = current_A * units::kSecondsPerDay * v_batt;
  return a;
}

BudgetResult Summarise(const DeviceProfile& profile, std::span<const DailyEntry> device_entries) {
  BudgetResult result;
  result.device_name = profile.name;
  result.battery_voltage_V = profile.battery.nominal_voltage_V;
  result.battery_capacity_C = profile.battery.capacity_C;
  result.target_lifetime_s = profile.target_lifetime_s;

  const double v_batt = profile.battery.nominal_voltage_V;
  result.breakdown.reserve(device_entries.size() + 2);  // + supply quiescent and pulse-buffer leakage
  for (const DailyEntry& e : device_entries) {
    ActivityBudget a;
    a.activity = e.measured_name ? ActivityName::Owned(*e.measured_name) : ActivityName::OfStatic(e.activity);
    a.events_per_day = e.events_per_day;
    a.duration_s_per_event = e.per_event.duration_s;
    a.energy_J_per_event = LoadBatteryEnergy_J(profile, e.per_event.load);
    a.radio_time_s_per_day = e.per_event.modem_time_s * e.events_per_day;
    result.breakdown.push_back(std::move(a));
  }
  // Drawn at the battery itself, whatever the supply path.
  if (profile.supply.quiescent_current_A > 0.0)
    result.breakdown.push_back(AllDayAtBattery(activity::kSupplyQuiescent, profile.supply.quiescent_current_A, v_batt));
  // A pulse buffer across the cell leaks all the time: a load in its own right.
  if (const double leakage_A = profile.battery_physics.pulse_buffer.leakage_current_A;
      profile.battery_physics.pulse_buffer.model != models::battery::PulseBufferKind::kNone && leakage_A > 0.0)
    result.breakdown.push_back(AllDayAtBattery(activity::kPulseBufferLeakage, leakage_A, v_batt));
  for (ActivityBudget& a : result.breakdown) {
    a.energy_J_per_day = a.energy_J_per_event * a.events_per_day;
    a.charge_C_per_day = a.energy_J_per_day / v_batt;
    a.average_current_A = a.charge_C_per_day / units::kSecondsPerDay;
    result.energy_J_per_day += a.energy_J_per_day;
  }
  for (ActivityBudget& a : result.breakdown)
    a.share_frac = result.energy_J_per_day > 0.0 ? a.energy_J_per_day / result.energy_J_per_day : 0.0;

  result.average_power_W = result.energy_J_per_day / units::kSecondsPerDay;
  result.average_current_A = result.average_power_W / v_batt;
  result.lifetime_s = models::battery::RatedEnergy_J(profile.battery) / result.average_power_W;
  result.meets_target = result.lifetime_s >= result.target_lifetime_s;
  return result;
}

}  // namespace

const ActivityBudget* BudgetResult::Find(std::string_view activity) const {
  for (const ActivityBudget& a : breakdown)
    if (a.activity == activity) return &a;
  return nullptr;
}

models::radio::nbiot::Link DeviceLink(const ModelledDevice& device, double coupling_loss_dB) {
  try {
    const int ce_level = device.coverage.forced_ce_level
                             ? *device.coverage.forced_ce_level
                             : models::radio::nbiot::CeLevelForCouplingLoss(device.network, coupling_loss_dB);
    return models::radio::nbiot::SelectLinkAtCeLevel(device.modem, device.network, coupling_loss_dB, ce_level);
  } catch (const std::out_of_range& e) {
    throw ProfileError("/coverage/coupling_loss_dB", e.what());
  }
}

bool HasService(const ModelledDevice& device, double coupling_loss_dB) {
  return device.coverage.forced_ce_level || coupling_loss_dB <= device.network.max_coupling_loss_dB;
}

double TallyBatteryEnergy_J(const DeviceProfile& profile, const models::radio::nbiot::Link& link,
                            const ModemTally& tally) {
  const models::radio::ModemParams& modem = std::get<ModelledDevice>(profile.device).modem;
  return LoadBatteryEnergy_J(profile, ModemLoad(tally.Resolved(link.times), modem, link.tx_currents()));
}

bool RegistrationLapses(const ModelledDevice& device) {
  return device.reporting.interval_s > device.lwm2m.registration_lifetime_s;
}

double TausPerReport(const ModelledDevice& device) {
  const double t3412_s = ResolveTimers(device).t3412_s;
  if (t3412_s <= 0.0) return 0.0;
  return std::max(0.0, std::ceil(device.reporting.interval_s / t3412_s - 1e-9) - 1.0);
}

double PingsPerReport(const ModelledDevice& device) {
  if (device.stack != Stack::kMqttTls || !device.mqtt.persistent_connection) return 0.0;
  return std::max(0.0, std::ceil(device.reporting.interval_s / device.mqtt.keepalive_s) - 1.0);
}

bool SystemInformationExpires(const ModelledDevice& device) {
  if (!device.power_saving.psm) return false;
  const double wakes_per_report = 1.0 + TausPerReport(device) + PingsPerReport(device);
  return device.reporting.interval_s / wakes_per_report > device.network.system_information.validity_s;
}

EffectiveTimers ResolveTimers(const ModelledDevice& device) {
  const PowerSavingRequest& req = device.power_saving;
  const models::radio::nbiot::NetworkParams& net = device.network;
  EffectiveTimers t;
  t.psm = req.psm;
  t.t3412_s = net.granted_t3412_s.value_or(req.t3412_s);
  t.t3324_s = req.psm ? net.granted_t3324_s.value_or(req.t3324_s) : 0.0;
  t.edrx = req.edrx;
  t.edrx_cycle_s = req.edrx ? net.granted_edrx_cycle_s.value_or(req.edrx_cycle_s) : 0.0;
  t.ptw_s = req.edrx ? net.granted_ptw_s.value_or(req.ptw_s) : 0.0;
  t.idle_drx_cycle_s = net.idle_drx_cycle_s;
  return t;
}

BudgetResult ComputeBudget(const DeviceProfile& profile) {
  if (const auto* modelled = std::get_if<ModelledDevice>(&profile.device))
    return ComputeBudget(profile, BuildPlan(*modelled));
  return Summarise(profile, MeasuredEntries(std::get<MeasuredDevice>(profile.device)));
}

BudgetResult ComputeBudget(const DeviceProfile& profile, const DevicePlan& plan) {
  const auto* modelled = std::get_if<ModelledDevice>(&profile.device);
  if (!modelled) return ComputeBudget(profile);
#ifndef NDEBUG
  // The plan must match the device in everything it fixes (engine/device_plan.hpp).
  if (!(BuildPlan(*modelled).by_ce_level == plan.by_ce_level))
    throw std::logic_error("ComputeBudget: the plan was built for a different device");
#endif
  RadioSummary summary;
  const ModelledBudget budget(*modelled, plan);
  const ModelledEntries entries = budget.Entries(summary);
  BudgetResult result = Summarise(profile, std::span<const DailyEntry>(entries.data(), entries.size()));
  result.radio = summary;
  const auto [pulse_load_W, pulse_s] = budget.Pulse();
  models::device::LoadDraw one_second;
  one_second.energy_J = pulse_load_W;
  one_second.charge_C = pulse_load_W / modelled->modem.supply_voltage_V;
  result.pulse_power_W = LoadBatteryEnergy_J(profile, one_second);
  result.pulse_duration_s = pulse_s;
  return result;
}

}  // namespace pb::engine
