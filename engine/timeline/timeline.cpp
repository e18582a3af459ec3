#include "engine/timeline/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "engine/budget.hpp"
#include "engine/device_plan.hpp"
#include "engine/errors.hpp"
#include "engine/timeline/lanes.hpp"
#include "engine/traffic.hpp"
#include "models/device/parts.hpp"
#include "models/device/supply.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::timeline {
namespace {

using detail::Lane;
using detail::Occurrence;
using detail::Piece;

// Counts per day this close to a whole number are whole (they are sums and quotients of doubles).
constexpr double kWholeTolerance = 1e-9;

struct Split {
  int whole = 0;
  double partial_frac = 0.0;  // the share of one more occurrence
};

Split SplitCount(double count) {
  const double whole = std::floor(count + kWholeTolerance);
  const double partial = count - whole;
  return {static_cast<int>(whole), partial > kWholeTolerance ? partial : 0.0};
}

double EventsPerDay(const BudgetResult& budget, const char* activity_id) {
  const ActivityBudget* a = budget.Find(activity_id);
  return a ? a->events_per_day : 0.0;
}

// An exchange that rides inside a report's connection (a handshake, a registration).
struct Inner {
  Exchange exchange;
  const char* activity;
  const char* label;
  double share_frac;
  double mcu_crypto_s;  // MCU work alongside it
};

class Composer {
 public:
  Composer(const DeviceProfile& profile, const ModelledDevice& d, const BudgetResult& budget)
      : profile_(profile),
        d_(d),
        budget_(budget),
        traffic_(BuildTraffic(d)),
        link_(DeviceLink(d, d.coverage.coupling_loss_dB)),
        ctx_{d.modem, d.network, link_, &link_.times},
        timers_(ResolveTimers(d)),
        // With a PSM floor each connection is followed by its T3324 idle time and PSM fills the
        // rest; without one (PSM off, or T3324 taking all the time left) idle paging fills it.
        idle_after_connections_(budget.Find(activity::kPsmFloor) != nullptr),
        si_report_(SystemInformationExpires(d_)),
        si_tau_(si_report_),
        si_keepalive_(si_report_) {
    if (const ActivityBudget* idle = budget.Find(activity::kIdlePaging); idle && idle_after_connections_)
      idle_per_connection_s_ = idle->duration_s_per_event;
  }

  Timeline Build(View view) const {
    detail::Period period;
    const double reports_per_day = EventsPerDay(budget_, activity::kReport);
    // The budget's own rules (engine/budget.hpp).
    const int taus_per_report = static_cast<int>(TausPerReport(d_));
    const int pings_per_report = static_cast<int>(PingsPerReport(d_));
    const double interval_s = d_.reporting.interval_s;
    // The TAUs and pings between two reports, at their timers after the report.
    auto add_cycle_extras = [&](double report_s, double share) {
      for (int k = 1; k <= taus_per_report; ++k)
        period.occurrences.push_back(Tau(report_s + k * budget_.radio->timers.t3412_s, share));
      for (int k = 1; k <= pings_per_report; ++k)
        period.occurrences.push_back(Keepalive(report_s + k * d_.mqtt.keepalive_s, share));
    };
    switch (view) {
      case View::kReport:
        period.duration_s = interval_s;
        period.occurrences.push_back(Report(0.0, 1.0, TypicalInner(reports_per_day)));
        add_cycle_extras(0.0, 1.0);
        break;
      case View::kDay: {
        period.duration_s = units::kSecondsPerDay;
        const Split reports = SplitCount(reports_per_day);
        const std::vector<std::vector<Inner>> inner = DayInner(reports);
        for (std::size_t i = 0; i < inner.size(); ++i) {
          const double share = static_cast<int>(i) < reports.whole ? 1.0 : reports.partial_frac;
          period.occurrences.push_back(Report(static_cast<double>(i) * interval_s, share, inner[i]));
          add_cycle_extras(static_cast<double>(i) * interval_s, share);
        }
        // Updates after the first reports of the day, half an interval on.
        const Split fotas = SplitCount(EventsPerDay(budget_, activity::kFota));
        for (int j = 0; j < fotas.whole; ++j) period.occurrences.push_back(Fota((j + 0.5) * interval_s, 1.0));
        if (fotas.partial_frac > 0.0) period.occurrences.push_back(Fota((fotas.whole + 0.5) * interval_s, fotas.partial_frac));
        break;
      }
      case View::kFota: period.occurrences.push_back(Fota(0.0, 1.0)); break;
    }
    period.fillers[static_cast<std::size_t>(Lane::kModem)] = ModemFiller();
    period.fillers[static_cast<std::size_t>(Lane::kMcu)] = [this](double, double duration_s, std::vector<Piece>& lane) {
      lane.push_back(Load("MCU sleep", activity::kMcuSleep, duration_s, d_.mcu.sleep_current_A, d_.mcu.supply_voltage_V, 1.0));
      lane.back().background = true;
    };
    // Drawn at the battery itself, whatever the supply path (engine/budget.cpp).
    if (profile_.supply.quiescent_current_A > 0.0)
      period.floors.push_back({activity::kSupplyQuiescent, profile_.supply.quiescent_current_A});
    if (const auto& buffer = profile_.battery_physics.pulse_buffer;
        buffer.model != models::battery::PulseBufferKind::kNone && buffer.leakage_current_A > 0.0)
      period.floors.push_back({activity::kPulseBufferLeakage, buffer.leakage_current_A});

    Timeline timeline;
    timeline.view = view;
    timeline.device_name = profile_.name;
    timeline.battery_voltage_V = profile_.battery.nominal_voltage_V;
    detail::LayOut(period, timeline);
    return timeline;
  }

 private:
  // A load's current at its rail as the battery gives it: the budget's conversion of an energy
  // (models/device/supply.hpp) applied to one second of it.
  double Battery_A(double load_A, double rail_V) const {
    models::device::LoadDraw one_second;
    one_second.Add(load_A, rail_V, 1.0);
    const double battery_V = profile_.battery.nominal_voltage_V;
    return models::device::BatteryEnergy_J(profile_.supply, one_second, battery_V) / battery_V;
  }

  Piece Load(const char* phase, const char* activity_id, double duration_s, double load_A, double rail_V,
             double share) const {
    Piece p;
    p.phase = phase;
    p.activity = activity_id;
    p.duration_s = duration_s * share;
    p.current_A = Battery_A(load_A, rail_V);
    p.share_frac = share;
    return p;
  }

  models::radio::PhaseRecorder Recorder(Occurrence& occ, const char* activity_id, double share, bool background) const {
    return [this, &occ, activity_id, share, background](const models::radio::Phase& phase) {
      Piece p;
      p.phase = phase.what;
      p.activity = activity_id;
      p.modem_state = phase.state;
      p.duration_s = phase.duration_s * share;
      p.current_A = Battery_A(phase.current_A, d_.modem.supply_voltage_V);
      p.share_frac = share;
      p.background = background;
      occ.AddModem(std::move(p));
    };
  }

  // One exchange of the plan, phase by phase, on the modem lane.
  void Replay(Occurrence& occ, Exchange exchange, const char* activity_id, double share,
              std::function<void()> after_wake = {}, std::function<void()> after_access = {}) const {
    const models::radio::PhaseRecorder recorder = Recorder(occ, activity_id, share, false);
    BuildExchange(d_, traffic_, ctx_, exchange, ExchangeTrace{&recorder, std::move(after_wake), std::move(after_access)});
  }

  // The system information read on a wake, where the budget adds one.
  std::function<void()> SystemInformation(Occurrence& occ, bool read, const char* activity_id, double share) const {
    if (!read) return {};
    return [this, &occ, activity_id, share] {
      const double start_s = occ.ModemEnd_s();
      Replay(occ, Exchange::kSystemInformation, activity_id, share);
      occ.Mark(activity_id, "system information", start_s, share);
    };
  }

  models::radio::nbiot::IdlePaging Paging() const {
    return {timers_.idle_drx_cycle_s, timers_.edrx, timers_.edrx_cycle_s, timers_.ptw_s};
  }

  // Idle paging for duration_s, phase by phase (models/radio/nbiot/procedures.hpp).
  void IdlePhases(Occurrence& occ, double duration_s, double share, bool background) const {
    if (!(duration_s > 0.0)) return;
    const models::radio::PhaseRecorder recorder = Recorder(occ, activity::kIdlePaging, share, background);
    models::radio::ModemTally tally(d_.modem, &recorder);
    models::radio::nbiot::IdleMonitoring(ctx_, Paging(), duration_s, tally);
  }

  // The T3324 active time after a connection, when PSM follows it.
  void IdleAfterConnection(Occurrence& occ, double share) const {
    if (idle_after_connections_) IdlePhases(occ, idle_per_connection_s_, share, false);
  }

  // What the modem does between occurrences: PSM, or idle paging when there is no PSM floor.
  detail::Filler ModemFiller() const {
    if (idle_after_connections_) {
      return [this](double, double duration_s, std::vector<Piece>& lane) {
        Piece p;
        p.phase = "PSM";
        p.activity = activity::kPsmFloor;
        p.modem_state = models::radio::ModemState::kPsm;
        p.duration_s = duration_s;
        p.current_A = Battery_A(models::radio::StateCurrent_A(d_.modem, models::radio::ModemState::kPsm),
                                d_.modem.supply_voltage_V);
        p.background = true;
        lane.push_back(std::move(p));
      };
    }
    return [this](double, double duration_s, std::vector<Piece>& lane) {
      Occurrence gap(0.0);
      IdlePhases(gap, duration_s, 1.0, true);
      for (const Piece& p : gap.lane(Lane::kModem)) lane.push_back(p);
    };
  }

  Inner Handshake(bool full, double share) const {
    return full ? Inner{Exchange::kFullHandshake, activity::kSecurityHandshake, "full handshake", share,
                        d_.mcu.full_handshake_crypto_time_s}
                : Inner{Exchange::kResumedHandshake, activity::kSecurityHandshake, "resumed handshake", share,
                        d_.mcu.resumed_handshake_crypto_time_s};
  }
  Inner Registration(double share) const {
    return RegistrationLapses(d_) ? Inner{Exchange::kRegistration, activity::kLwm2mRegistration, "registration", share, 0.0}
                                  : Inner{Exchange::kRegistrationUpdate, activity::kLwm2mRegistration,
                                          "registration update", share, 0.0};
  }

  // The report as it most often happens: a handshake or a registration only when every report
  // carries one (the more frequent kind of handshake).
  std::vector<Inner> TypicalInner(double reports_per_day) const {
    std::vector<Inner> inner;
    const double full = budget_.radio->full_handshakes_per_day;
    const double resumed = budget_.radio->resumed_handshakes_per_day;
    const double every = reports_per_day * (1.0 - kWholeTolerance);
    if (full + resumed >= every) inner.push_back(Handshake(full >= resumed, 1.0));
    if (EventsPerDay(budget_, activity::kLwm2mRegistration) >= every) inner.push_back(Registration(1.0));
    return inner;
  }

  // The day's handshakes and registrations on its reports: whole ones on every k-th report that
  // has none of the kind yet (an Update due every k reports rides on the k-th), the share of one
  // more on the share of a report when the day has one, else on the first report without one.
  std::vector<std::vector<Inner>> DayInner(const Split& reports) const {
    const std::size_t slots = static_cast<std::size_t>(reports.whole) + (reports.partial_frac > 0.0 ? 1 : 0);
    std::vector<std::vector<Inner>> inner(slots);
    std::vector<bool> taken(slots, false);
    auto spread = [&](double count, const Inner& kind) {
      const Split c = SplitCount(count);
      auto free_slots = [&] {
        std::vector<std::size_t> f;
        for (std::size_t i = 0; i < static_cast<std::size_t>(reports.whole); ++i)
          if (!taken[i]) f.push_back(i);
        if (f.size() < static_cast<std::size_t>(c.whole) && slots > static_cast<std::size_t>(reports.whole) &&
            !taken.back())
          f.push_back(slots - 1);
        if (f.empty())
          for (std::size_t i = 0; i < slots; ++i) f.push_back(i);
        return f;
      };
      const std::vector<std::size_t> f = free_slots();
      const std::size_t n = f.size();
      const auto whole = static_cast<std::size_t>(c.whole);
      for (std::size_t j = 0; j < whole; ++j) {
        const std::size_t at = whole <= n ? f[(j + 1) * n / whole - 1] : f[j * n / whole];
        Inner one = kind;
        one.share_frac = 1.0;
        inner[at].push_back(one);
        taken[at] = true;
      }
      if (c.partial_frac > 0.0) {
        const bool partial_report_free = slots > static_cast<std::size_t>(reports.whole) && !taken.back();
        const std::size_t at = partial_report_free ? slots - 1 : free_slots().front();
        Inner part = kind;
        part.share_frac = c.partial_frac;
        inner[at].push_back(part);
        taken[at] = true;
      }
    };
    if (slots == 0) return inner;
    spread(budget_.radio->full_handshakes_per_day, Handshake(true, 1.0));
    spread(budget_.radio->resumed_handshakes_per_day, Handshake(false, 1.0));
    std::fill(taken.begin(), taken.end(), false);
    spread(EventsPerDay(budget_, activity::kLwm2mRegistration), Registration(1.0));
    return inner;
  }

  // Sensor, MCU, then the connection with what rides inside it, its tail, its idle time.
  Occurrence Report(double nominal_s, double share, const std::vector<Inner>& inner) const {
    Occurrence occ(nominal_s);
    if (d_.sensor.readings_per_report > 0)
      occ.AddLoad(Lane::kSensor,
                  Load("sensor reading", activity::kSensor, d_.sensor.read_time_s * d_.sensor.readings_per_report,
                       d_.sensor.active_current_A, d_.sensor.supply_voltage_V, share),
                  true);
    occ.AddLoad(Lane::kMcu,
                Load("MCU processing the report", activity::kMcuActive, d_.mcu.active_time_per_report_s,
                     d_.mcu.active_current_A, d_.mcu.supply_voltage_V, share),
                true);
    auto inside = [&] {
      for (const Inner& x : inner) {
        const double start_s = occ.ModemEnd_s();
        occ.AddLoad(Lane::kMcu,
                    Load("handshake crypto on the MCU", x.activity, x.mcu_crypto_s, d_.mcu.active_current_A,
                         d_.mcu.supply_voltage_V, x.share_frac),
                    false);
        Replay(occ, x.exchange, x.activity, x.share_frac);
        occ.Mark(x.activity, x.label, start_s, x.share_frac);
      }
    };
    Replay(occ, Exchange::kReport, activity::kReport, share, SystemInformation(occ, si_report_, activity::kReport, share),
           inside);
    occ.Mark(activity::kReport, "report", 0.0, share);
    const double tail_start_s = occ.ModemEnd_s();
    Replay(occ, Exchange::kReportTail, activity::kInactivityTail, share);  // nothing when RAI is honoured
    if (occ.ModemEnd_s() > tail_start_s) occ.Mark(activity::kInactivityTail, "inactivity tail", tail_start_s, share);
    IdleAfterConnection(occ, share);
    return occ;
  }

  Occurrence Tau(double nominal_s, double share) const {
    Occurrence occ(nominal_s);
    Replay(occ, Exchange::kTau, activity::kTau, share, SystemInformation(occ, si_tau_, activity::kTau, share));
    occ.Mark(activity::kTau, "TAU", 0.0, share);
    IdleAfterConnection(occ, share);
    return occ;
  }

  Occurrence Keepalive(double nominal_s, double share) const {
    Occurrence occ(nominal_s);
    Replay(occ, Exchange::kKeepalive, activity::kMqttKeepalive, share,
           SystemInformation(occ, si_keepalive_, activity::kMqttKeepalive, share));
    occ.Mark(activity::kMqttKeepalive, "keep-alive", 0.0, share);
    IdleAfterConnection(occ, share);
    return occ;
  }

  // A firmware update in the order the budget counts it (ModelledBudget::FotaEvent in
  // engine/budget.cpp; the per-activity conservation test holds the two together): the download,
  // flash write and verification, the activation (swap, reboot with verification, re-registration
  // with a full handshake), and the rollback's share of a second activation.
  Occurrence Fota(double nominal_s, double share) const {
    Occurrence occ(nominal_s);
    const double image_B = d_.fota.image_size_B;
    const double flash_A = d_.mcu.active_current_A + d_.flash.current_A;
    const double mcu_V = d_.mcu.supply_voltage_V;
    Replay(occ, Exchange::kFotaDownload, activity::kFota, share);
    occ.Mark(activity::kFota, "FOTA download", 0.0, share);
    occ.AddLoad(Lane::kMcu,
                Load("flash erase and write", activity::kFota,
                     models::device::FlashEraseAndWriteTime_s(d_.flash, image_B), flash_A, mcu_V, share),
                true);
    occ.AddLoad(Lane::kMcu,
                Load("image verification", activity::kFota, models::device::ImageVerifyTime_s(d_.secure_boot, image_B),
                     d_.mcu.active_current_A, mcu_V, share),
                true);
    auto activate = [&](const char* label, double s) {
      const double start_s = occ.Duration_s();
      occ.AddLoad(Lane::kMcu,
                  Load("image swap", activity::kFota, models::device::SwapTime_s(d_.secure_boot, d_.flash, image_B),
                       flash_A, mcu_V, s),
                  true);
      occ.AddLoad(Lane::kMcu,
                  Load("reboot and image verification", activity::kFota,
                       d_.secure_boot.reboot_time_s + models::device::ImageVerifyTime_s(d_.secure_boot, image_B),
                       d_.mcu.active_current_A, mcu_V, s),
                  true);
      Replay(occ, Exchange::kFotaReregistration, activity::kFota, s, {}, [&] {
        occ.AddLoad(Lane::kMcu,
                    Load("handshake crypto on the MCU", activity::kFota, d_.mcu.full_handshake_crypto_time_s,
                         d_.mcu.active_current_A, mcu_V, s),
                    false);
      });
      occ.Mark(activity::kFota, label, start_s, s);
    };
    activate("firmware activation", share);
    if (d_.fota.rollback_probability_frac > 0.0) activate("rollback", share * d_.fota.rollback_probability_frac);
    occ.Mark(activity::kFota, "FOTA", 0.0, share);
    IdleAfterConnection(occ, share);
    return occ;
  }

  const DeviceProfile& profile_;
  const ModelledDevice& d_;
  const BudgetResult& budget_;
  DeviceTraffic traffic_;
  models::radio::nbiot::Link link_;
  models::radio::nbiot::RadioContext ctx_;
  EffectiveTimers timers_;
  bool idle_after_connections_;
  double idle_per_connection_s_ = 0.0;
  bool si_report_;
  bool si_tau_;
  bool si_keepalive_;
};

}  // namespace

const char* ViewName(View view) {
  switch (view) {
    case View::kReport: return "report";
    case View::kDay: return "day";
    case View::kFota: return "fota";
  }
  return "report";
}

double Timeline::Charge_C() const {
  double charge_C = 0.0;
  for (const Segment& s : segments) charge_C += s.current_A * s.duration_s;
  return charge_C;
}

double Timeline::ActivityEnergy_J(std::string_view activity_id) const {
  double charge_C = 0.0;
  for (const Segment& s : segments)
    for (const ActivityCurrent& p : s.parts)
      if (p.activity == activity_id) charge_C += p.current_A * s.duration_s;
  return charge_C * battery_voltage_V;
}

Timeline BuildTimeline(const DeviceProfile& profile, View view) {
  const auto* device = std::get_if<ModelledDevice>(&profile.device);
  if (!device)
    throw ProfileError("/events", "a measured-events profile has no phases to lay out in time: the timeline needs a "
                                  "modelled device (modem, network, stack)");
  if (view == View::kFota && !device->fota.enabled)
    throw ProfileError("/fota/enabled", "the device has no firmware updates, so there is no FOTA view "
                                        "(--set fota.enabled=true with its fields)");
  const BudgetResult budget = ComputeBudget(profile);
  return Composer(profile, *device, budget).Build(view);
}

}  // namespace pb::engine::timeline
