#include "engine/budget.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "engine/errors.hpp"
#include "models/nbiot_procedures.hpp"
#include "models/units.hpp"

namespace pb::engine {
namespace {

using models::Direction;
using models::LoadDraw;
using models::MessageSequence;
using models::ModemTally;
using models::RadioContext;

// NAS TRACKING AREA UPDATE REQUEST / ACCEPT sizes (TS 24.301 §8.2.29, §8.2.26): GUTI, TAI,
// network capability, requested T3412/T3324/eDRX; ~45 B up and ~35 B down are assumptions
// from typical encodings (docs/models.md).
constexpr int kTauRequest_B = 45;
constexpr int kTauAccept_B = 35;

// One occurrence of an activity: what the loads draw and how long it keeps each part busy.
struct EventCost {
  LoadDraw load;
  double duration_s = 0.0;      // wall-clock time of one event
  double modem_time_s = 0.0;    // counts against the modem's day
  double mcu_active_s = 0.0;    // counts against the MCU's day

  void AddModem(const ModemTally& tally) {
    load.energy_J += tally.Energy_J();
    load.charge_C += tally.Charge_C();
    modem_time_s += tally.Duration_s();
    duration_s += tally.Duration_s();
  }
  // MCU work that overlaps the radio (duration unchanged) or runs on its own (sequential).
  void AddMcu(const models::McuParams& mcu, double time_s, bool sequential, double extra_current_A = 0.0) {
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
  std::string_view activity;
  double events_per_day;
  EventCost per_event;
};

// How a connection starts and ends, shared by reports, TAUs, pings and FOTA.
struct ConnectionShape {
  bool from_psm = true;
  bool release_assistance = false;
};

class ModelledBudget {
 public:
  explicit ModelledBudget(const ModelledDevice& d)
      : d_(d),
        timers_(ResolveTimers(d)),
        link_(SelectDeviceLink(d)),
        ctx_{d.modem, d.network, link_},
        reports_per_day_(units::kSecondsPerDay / d.reporting.interval_s) {}

  std::vector<DailyEntry> Entries(RadioSummary& summary) const;

 private:
  static models::Link SelectDeviceLink(const ModelledDevice& d);
  bool RaiHonoured() const {
    return d_.reporting.release_assistance && d_.network.release_assistance_supported;
  }
  ConnectionShape Shape() const { return ConnectionShape{timers_.psm, RaiHonoured()}; }
  // Wake-up, random access, the messages, release. The inactivity tail goes to *tail (if given)
  // so that it can be reported as its own activity.
  EventCost Connection(const MessageSequence& messages, ConnectionShape shape, EventCost* tail) const;
  EventCost MessagesOnly(const MessageSequence& messages) const;
  models::protocols::Lwm2mConfig Lwm2mConfig() const;

  void AddLwm2mTraffic(std::vector<DailyEntry>& entries, RadioSummary& summary, EventCost& report,
                       double& connections_per_day) const;
  void AddMqttTraffic(std::vector<DailyEntry>& entries, RadioSummary& summary, EventCost& report,
                      double& connections_per_day) const;
  EventCost FotaEvent() const;

  const ModelledDevice& d_;
  EffectiveTimers timers_;
  models::Link link_;
  RadioContext ctx_;
  double reports_per_day_;
};

models::Link ModelledBudget::SelectDeviceLink(const ModelledDevice& d) {
  try {
    if (d.coverage.forced_ce_level)
      return models::SelectLinkAtCeLevel(d.modem, d.network, d.coverage.coupling_loss_dB,
                                         *d.coverage.forced_ce_level);
    return models::SelectLink(d.modem, d.network, d.coverage.coupling_loss_dB);
  } catch (const std::out_of_range& e) {
    throw ProfileError("/coverage/coupling_loss_dB", e.what());
  }
}

models::protocols::Lwm2mConfig ModelledBudget::Lwm2mConfig() const {
  models::protocols::Lwm2mConfig c = d_.lwm2m.protocol;
  c.dtls = d_.dtls.dtls;
  // A resumable session costs a session ID (1.2) or ticket (1.3) in the full handshake.
  c.dtls.resumable = d_.dtls.resumption;
  c.register_lifetime_s = static_cast<int>(d_.lwm2m.registration_lifetime_s);
  return c;
}

EventCost ModelledBudget::Connection(const MessageSequence& messages, ConnectionShape shape,
                                     EventCost* tail) const {
  ModemTally tally(d_.modem);
  if (shape.from_psm)
    models::WakeFromPsm(ctx_, tally);
  else
    models::WakeFromIdle(ctx_, tally);
  models::RandomAccess(ctx_, tally);
  models::TransferMessages(ctx_, messages, tally);
  EventCost cost;
  if (shape.release_assistance) {
    models::ImmediateRelease(ctx_, tally);
    cost.AddModem(tally);
  } else {
    cost.AddModem(tally);
    ModemTally tail_tally(d_.modem);
    models::InactivityTail(ctx_, tail_tally);
    EventCost tail_cost;
    tail_cost.AddModem(tail_tally);
    if (tail)
      *tail = tail_cost;
    else
      cost.Add(tail_cost);
  }
  return cost;
}

EventCost ModelledBudget::MessagesOnly(const MessageSequence& messages) const {
  ModemTally tally(d_.modem);
  models::TransferMessages(ctx_, messages, tally);
  EventCost cost;
  cost.AddModem(tally);
  return cost;
}

// Reports per day for which a new security session is needed, split into full and resumed.
struct HandshakeRates {
  double full_per_day = 0.0;
  double resumed_per_day = 0.0;
};

HandshakeRates Handshakes(double reports_per_day, double interval_s, double session_lifetime_s,
                          bool every_report, bool resumption) {
  // A session outlives floor(lifetime / interval) reports; past that a full handshake is due.
  const double reports_per_session = std::max(1.0, std::floor(session_lifetime_s / interval_s));
  const double full_per_day = reports_per_day / reports_per_session;
  HandshakeRates rates;
  if (!every_report) {
    rates.full_per_day = full_per_day;
  } else if (resumption) {
    rates.full_per_day = full_per_day;
    rates.resumed_per_day = reports_per_day - full_per_day;
  } else {
    rates.full_per_day = reports_per_day;
  }
  return rates;
}

void ModelledBudget::AddLwm2mTraffic(std::vector<DailyEntry>& entries, RadioSummary& summary,
                                     EventCost& report, double& connections_per_day) const {
  namespace proto = models::protocols;
  const proto::Lwm2mConfig c = Lwm2mConfig();
  const ReportingParams& r = d_.reporting;
  const MessageSequence notify = r.confirmable ? proto::Lwm2mNotifyConfirmable(c, r.uplink_payload_B)
                                               : proto::Lwm2mNotifyNonConfirmable(c, r.uplink_payload_B);
  EventCost tail;
  report = Connection(notify, Shape(), &tail);
  connections_per_day += reports_per_day_;
  if (!RaiHonoured()) entries.push_back({activity::kInactivityTail, reports_per_day_, tail});

  // Without a Connection ID the server cannot match a datagram from a new NAT binding to the
  // session, so every report after a NAT timeout needs a new handshake (RFC 9146 §1).
  const bool nat_expired = d_.dtls.dtls.connection_id_B == 0 &&
                           r.interval_s > d_.network.nat_binding_timeout_s;
  const HandshakeRates hs = Handshakes(reports_per_day_, r.interval_s, d_.dtls.session_lifetime_s,
                                       nat_expired, d_.dtls.resumption);
  summary.full_handshakes_per_day = hs.full_per_day;
  summary.resumed_handshakes_per_day = hs.resumed_per_day;
  EventCost full = MessagesOnly(proto::DtlsFullHandshake(c.dtls, c.ip));  // c.dtls.resumable set
  full.AddMcu(d_.mcu, d_.mcu.full_handshake_crypto_time_s, false);
  EventCost resumed = MessagesOnly(proto::DtlsResumedHandshake(c.dtls, c.ip));
  resumed.AddMcu(d_.mcu, d_.mcu.resumed_handshake_crypto_time_s, false);
  const double handshakes_per_day = hs.full_per_day + hs.resumed_per_day;
  if (handshakes_per_day > 0.0) {
    // One entry with the mix's mean cost per handshake.
    full.Scale(hs.full_per_day / handshakes_per_day);
    resumed.Scale(hs.resumed_per_day / handshakes_per_day);
    full.Add(resumed);
    entries.push_back({activity::kSecurityHandshake, handshakes_per_day, full});
  }

  // Registration: an Update must reach the server before the lifetime ends, so it rides on
  // every k-th report with k = floor(lifetime / interval). If reports are further apart than
  // the lifetime, the registration has lapsed and every report must Register anew.
  const double lifetime_s = d_.lwm2m.registration_lifetime_s;
  if (r.interval_s > lifetime_s) {
    entries.push_back({activity::kLwm2mRegistration, reports_per_day_, MessagesOnly(proto::Lwm2mRegister(c))});
  } else {
    const double reports_per_update = std::floor(lifetime_s / r.interval_s);
    entries.push_back({activity::kLwm2mRegistration, reports_per_day_ / reports_per_update,
                       MessagesOnly(proto::Lwm2mUpdate(c))});
  }
}

void ModelledBudget::AddMqttTraffic(std::vector<DailyEntry>& entries, RadioSummary& summary,
                                    EventCost& report, double& connections_per_day) const {
  namespace proto = models::protocols;
  const proto::MqttConfig& c = d_.mqtt.protocol;
  const ReportingParams& r = d_.reporting;
  MessageSequence publish = proto::MqttPublishQos1(c, r.uplink_payload_B);
  if (!d_.mqtt.persistent_connection) {
    // Connect, publish and disconnect each report: the MQTT session messages belong to the
    // report, the TCP and TLS set-up to the handshake.
    MessageSequence messages = proto::MqttConnect(c);
    messages.insert(messages.end(), publish.begin(), publish.end());
    const MessageSequence disconnect = proto::MqttDisconnect(c);
    messages.insert(messages.end(), disconnect.begin(), disconnect.end());
    publish = messages;
  }
  EventCost tail;
  report = Connection(publish, Shape(), &tail);
  connections_per_day += reports_per_day_;
  if (!RaiHonoured()) entries.push_back({activity::kInactivityTail, reports_per_day_, tail});

  const HandshakeRates hs =
      d_.mqtt.persistent_connection
          ? HandshakeRates{units::kSecondsPerDay / d_.dtls.session_lifetime_s, 0.0}
          : Handshakes(reports_per_day_, r.interval_s, d_.dtls.session_lifetime_s, true,
                       d_.dtls.resumption);
  summary.full_handshakes_per_day = hs.full_per_day;
  summary.resumed_handshakes_per_day = hs.resumed_per_day;
  MessageSequence setup = proto::TcpConnect(c.ip);
  const MessageSequence tls = proto::TlsFullHandshake(c);
  setup.insert(setup.end(), tls.begin(), tls.end());
  const MessageSequence close = proto::TcpClose(c.ip);
  setup.insert(setup.end(), close.begin(), close.end());
  EventCost full = MessagesOnly(setup);
  full.AddMcu(d_.mcu, d_.mcu.full_handshake_crypto_time_s, false);
  // A resumed TLS session (session ticket) saves the certificate flights; approximate it by
  // the TCP set-up plus a DTLS-style abbreviated exchange of the same record overhead.
  MessageSequence resumed_setup = proto::TcpConnect(c.ip);
  models::protocols::DtlsConfig abbreviated = d_.dtls.dtls;
  const MessageSequence abbreviated_flights = proto::DtlsResumedHandshake(abbreviated, c.ip);
  resumed_setup.insert(resumed_setup.end(), abbreviated_flights.begin(), abbreviated_flights.end());
  resumed_setup.insert(resumed_setup.end(), close.begin(), close.end());
  EventCost resumed = MessagesOnly(resumed_setup);
  resumed.AddMcu(d_.mcu, d_.mcu.resumed_handshake_crypto_time_s, false);
  const double handshakes_per_day = hs.full_per_day + hs.resumed_per_day;
  if (handshakes_per_day > 0.0) {
    full.Scale(hs.full_per_day / handshakes_per_day);
    resumed.Scale(hs.resumed_per_day / handshakes_per_day);
    full.Add(resumed);
    entries.push_back({activity::kSecurityHandshake, handshakes_per_day, full});
  }

  if (d_.mqtt.persistent_connection) {
    // PINGREQ keeps the broker (and the NAT) from dropping the idle connection.
    const double pings_per_report = std::max(0.0, std::ceil(r.interval_s / d_.mqtt.keepalive_s) - 1.0);
    if (pings_per_report > 0.0) {
      const double pings_per_day = pings_per_report * reports_per_day_;
      entries.push_back({activity::kMqttKeepalive, pings_per_day,
                         Connection(proto::MqttPing(c), Shape(), nullptr)});
      connections_per_day += pings_per_day;
    }
  }
}

EventCost ModelledBudget::FotaEvent() const {
  namespace proto = models::protocols;
  const FotaParams& f = d_.fota;
  const proto::Lwm2mConfig c = Lwm2mConfig();
  const double image_B = f.image_size_B;
  const int download_B = static_cast<int>(std::ceil(image_B * f.download_ratio_frac));
  const int blocks = proto::CoapBlockCount(download_B, f.block_size_B);

  // Download: one connection, a round trip per block (RFC 7959 Block2, one block in flight).
  EventCost download = Connection({}, Shape(), nullptr);
  EventCost per_block = MessagesOnly(proto::CoapBlockGet(c, f.block_size_B));
  per_block.Scale(blocks);
  download.Add(per_block);

  EventCost install;
  const models::McuParams& mcu = d_.mcu;
  install.AddMcu(mcu, models::FlashEraseAndWriteTime_s(d_.flash, image_B), true, d_.flash.current_A);
  install.AddMcu(mcu, models::ImageVerifyTime_s(d_.secure_boot, image_B), true);

  // Swap, reboot with secure-boot verification, then register again with a fresh session.
  EventCost activate;
  activate.AddMcu(mcu, models::SwapTime_s(d_.secure_boot, d_.flash, image_B), true, d_.flash.current_A);
  activate.AddMcu(mcu, d_.secure_boot.reboot_time_s + models::ImageVerifyTime_s(d_.secure_boot, image_B), true);
  MessageSequence reregister = proto::DtlsFullHandshake(c.dtls, c.ip);
  const MessageSequence reg = proto::Lwm2mRegister(c);
  reregister.insert(reregister.end(), reg.begin(), reg.end());
  activate.Add(Connection(reregister, ConnectionShape{true, RaiHonoured()}, nullptr));
  activate.AddMcu(mcu, mcu.full_handshake_crypto_time_s, false);

  EventCost total = download;
  total.Add(install);
  total.Add(activate);
  // A failed self-test reverts: a second swap, reboot and registration (MCUboot revert).
  EventCost rollback = activate;
  rollback.Scale(f.rollback_probability_frac);
  total.Add(rollback);
  return total;
}

std::vector<DailyEntry> ModelledBudget::Entries(RadioSummary& summary) const {
  std::vector<DailyEntry> entries;
  summary.ce_level = link_.ce_level;
  summary.coupling_loss_dB = link_.coupling_loss_dB;
  summary.npusch_tx_power_dBm = link_.npusch_tx_power_dBm;
  summary.nprach_tx_power_dBm = link_.nprach_tx_power_dBm;
  summary.timers = timers_;

  EventCost report;
  double connections_per_day = 0.0;
  if (d_.stack == Stack::kLwm2mDtls)
    AddLwm2mTraffic(entries, summary, report, connections_per_day);
  else
    AddMqttTraffic(entries, summary, report, connections_per_day);
  summary.report_connection_s = report.duration_s;
  entries.insert(entries.begin(), DailyEntry{activity::kReport, reports_per_day_, report});

  // Periodic TAU: T3412 restarts whenever the UE returns to idle, so a TAU is due only when
  // the gap between reports exceeds it: ceil(interval / T3412) - 1 TAUs per report.
  if (timers_.t3412_s > 0.0) {
    const double tau_per_report =
        std::max(0.0, std::ceil(d_.reporting.interval_s / timers_.t3412_s - 1e-9) - 1.0);
    if (tau_per_report > 0.0) {
      ModemTally tally(d_.modem);
      if (timers_.psm)
        models::WakeFromPsm(ctx_, tally);
      else
        models::WakeFromIdle(ctx_, tally);
      models::RandomAccess(ctx_, tally);
      models::UplinkMessage(ctx_, kTauRequest_B, tally);
      models::DownlinkMessage(ctx_, kTauAccept_B, tally);
      // Without the "active" flag the MME releases the connection after the TAU
      // (TS 24.301 §5.5.3.2.4), so no inactivity tail.
      models::ImmediateRelease(ctx_, tally);
      EventCost tau;
      tau.AddModem(tally);
      summary.tau_per_day = tau_per_report * reports_per_day_;
      entries.push_back({activity::kTau, summary.tau_per_day, tau});
      connections_per_day += summary.tau_per_day;
    }
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
    reading.load.Add(d_.sensor.active_current_A, d_.sensor.supply_voltage_V,
                     d_.sensor.read_time_s * d_.sensor.readings_per_report);
    reading.duration_s = d_.sensor.read_time_s * d_.sensor.readings_per_report;
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
                       "the radio activities need " + std::to_string(modem_busy_s) +
                           " s per day, more than a day: one report connection takes " +
                           std::to_string(report.duration_s) + " s; increase the interval");
  if (mcu_active_s > units::kSecondsPerDay)
    throw ProfileError("/reporting/interval_s", "the MCU would be active more than a whole day");

  models::IdlePaging paging{timers_.idle_drx_cycle_s, timers_.edrx, timers_.edrx_cycle_s, timers_.ptw_s};
  const double idle_s = timers_.psm ? std::min(connections_per_day * timers_.t3324_s, modem_free_s)
                                    : modem_free_s;
  if (idle_s > 0.0) {
    ModemTally tally(d_.modem);
    models::IdleMonitoring(ctx_, paging, idle_s, tally);
    EventCost idle;
    idle.AddModem(tally);
    const double events = timers_.psm ? connections_per_day : 1.0;
    idle.Scale(1.0 / events);
    entries.push_back({activity::kIdlePaging, events, idle});
  }
  const double psm_s = modem_free_s - idle_s;
  if (timers_.psm && psm_s > 0.0) {
    ModemTally tally(d_.modem);
    tally.Add(models::ModemState::kPsm, psm_s, "PSM");
    EventCost psm;
    psm.AddModem(tally);
    entries.insert(entries.begin(), DailyEntry{activity::kPsmFloor, 1.0, psm});
  }

  EventCost mcu_sleep;
  mcu_sleep.load.Add(d_.mcu.sleep_current_A, d_.mcu.supply_voltage_V, units::kSecondsPerDay - mcu_active_s);
  mcu_sleep.duration_s = units::kSecondsPerDay - mcu_active_s;
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
    entries.push_back({"", per_day, cost});
  }
  if (busy_s > units::kSecondsPerDay)
    throw ProfileError("/events", "the measured events last longer than a day in total");
  // An event's measured energy includes the floor during it, so the floor runs the rest.
  EventCost floor;
  floor.load.Add(m.floor_current_A, m.supply_voltage_V, units::kSecondsPerDay - busy_s);
  floor.duration_s = units::kSecondsPerDay - busy_s;
  entries.insert(entries.begin(), DailyEntry{activity::kFloor, 1.0, floor});
  return entries;
}

}  // namespace

EffectiveTimers ResolveTimers(const ModelledDevice& device) {
  const PowerSavingRequest& req = device.power_saving;
  const models::NetworkParams& net = device.network;
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
  BudgetResult result;
  result.device_name = profile.name;
  result.battery_voltage_V = profile.battery.nominal_voltage_V;
  result.battery_capacity_C = profile.battery.capacity_C;
  result.target_lifetime_s = profile.target_lifetime_s;

  std::vector<DailyEntry> entries;
  if (const auto* modelled = std::get_if<ModelledDevice>(&profile.device)) {
    RadioSummary summary;
    entries = ModelledBudget(*modelled).Entries(summary);
    result.radio = summary;
  } else {
    const auto& measured = std::get<MeasuredDevice>(profile.device);
    entries = MeasuredEntries(measured);
    for (std::size_t i = 1; i < entries.size(); ++i) entries[i].activity = measured.events[i - 1].name;
  }

  const double v_batt = profile.battery.nominal_voltage_V;
  if (profile.supply.quiescent_current_A > 0.0) {
    EventCost quiescent;
    // Drawn at the battery itself: charge and energy at the battery voltage, whatever the supply.
    quiescent.load.charge_C = profile.supply.quiescent_current_A * units::kSecondsPerDay;
    quiescent.load.energy_J = quiescent.load.charge_C * v_batt;
    quiescent.duration_s = units::kSecondsPerDay;
    entries.push_back({activity::kSupplyQuiescent, 1.0, quiescent});
  }

  for (const DailyEntry& e : entries) {
    ActivityBudget a;
    a.activity = std::string(e.activity);
    a.events_per_day = e.events_per_day;
    a.duration_s_per_event = e.per_event.duration_s;
    const bool at_battery = a.activity == activity::kSupplyQuiescent;
    a.energy_J_per_event = at_battery ? e.per_event.load.energy_J
                                      : models::BatteryEnergy_J(profile.supply, e.per_event.load, v_batt);
    a.energy_J_per_day = a.energy_J_per_event * e.events_per_day;
    a.charge_C_per_day = a.energy_J_per_day / v_batt;
    a.average_current_A = a.charge_C_per_day / units::kSecondsPerDay;
    a.radio_time_s_per_day = e.per_event.modem_time_s * e.events_per_day;
    result.energy_J_per_day += a.energy_J_per_day;
    result.breakdown.push_back(std::move(a));
  }
  for (ActivityBudget& a : result.breakdown)
    a.share_frac = result.energy_J_per_day > 0.0 ? a.energy_J_per_day / result.energy_J_per_day : 0.0;

  result.average_power_W = result.energy_J_per_day / units::kSecondsPerDay;
  result.average_current_A = result.average_power_W / v_batt;
  result.lifetime_s = models::RatedEnergy_J(profile.battery) / result.average_power_W;
  result.meets_target = result.lifetime_s >= result.target_lifetime_s;
  return result;
}

}  // namespace pb::engine
