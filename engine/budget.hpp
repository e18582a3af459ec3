// The period budget: energy and charge per activity per day, the average current and power,
// and the lifetime on an ideal battery.
//
// Conservation holds by construction and is tested: the activities' energies sum to the total,
// and every second of the day is spent by the modem in exactly one activity (the PSM floor, or
// idle paging when PSM is off, takes what the others leave). Energies are battery-side (after
// the supply path, models/device/supply.hpp).
#pragma once

#include <boost/container/small_vector.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/activity_name.hpp"
#include "engine/device_profile.hpp"
#include "models/radio/modem_tally.hpp"
#include "models/radio/nbiot/link.hpp"


namespace pb::engine {

// Stable activity ids (docs/json-output.md).
namespace activity {
inline constexpr const char* kPsmFloor = "psm_floor";
inline constexpr const char* kReport = "report";
inline constexpr const char* kInactivityTail = "rrc_inactivity_tail";
inline constexpr const char* kIdlePaging = "idle_paging";
inline constexpr const char* kSecurityHandshake = "security_handshake";
inline constexpr const char* kLwm2mRegistration = "lwm2m_registration";
inline constexpr const char* kMqttKeepalive = "mqtt_keepalive";
inline constexpr const char* kTau = "tau";
inline constexpr const char* kFota = "fota";
inline constexpr const char* kMcuActive = "mcu_active";
inline constexpr const char* kMcuSleep = "mcu_sleep";
inline constexpr const char* kSensor = "sensor";
inline constexpr const char* kSupplyQuiescent = "supply_quiescent";
inline constexpr const char* kPulseBufferLeakage = "pulse_buffer_leakage";  // supercapacitor / HLC across the cell
inline constexpr const char* kFloor = "floor";  // measured-events form
}  // namespace activity

struct ActivityBudget {
  ActivityName activity;
  double events_per_day = 0.0;
  double duration_s_per_event = 0.0;
  double energy_J_per_event = 0.0;
  double energy_J_per_day = 0.0;
  double charge_C_per_day = 0.0;
  double share_frac = 0.0;
  double average_current_A = 0.0;
  double radio_time_s_per_day = 0.0;  // time the modem spends in this activity
};

// The NAS timers in force: what the network granted, else what the device asked for.
struct EffectiveTimers {
  bool psm = false;
  double t3412_s = 0.0;  // 0: no periodic TAU
  double t3324_s = 0.0;
  bool edrx = false;
  double edrx_cycle_s = 0.0;
  double ptw_s = 0.0;
  double idle_drx_cycle_s = 0.0;
};

struct RadioSummary {
  int ce_level = 0;
  double coupling_loss_dB = 0.0;
  double npusch_tx_power_dBm = 0.0;
  double nprach_tx_power_dBm = 0.0;
  EffectiveTimers timers;
  double report_connection_s = 0.0;  // wake-up to release of one report
  double full_handshakes_per_day = 0.0;
  double resumed_handshakes_per_day = 0.0;
  double tau_per_day = 0.0;
};

struct BudgetResult {
  std::string device_name;
  // In place up to a modelled device's dozen activities (a budget is evaluated millions of times
  // in sweeps and Monte Carlo; bench/bench_budget.cpp), on the heap beyond (measured devices).
  boost::container::small_vector<ActivityBudget, 16> breakdown;
  double energy_J_per_day = 0.0;
  double average_power_W = 0.0;
  double average_current_A = 0.0;  // from the battery at its nominal voltage
  double battery_voltage_V = 0.0;
  double battery_capacity_C = 0.0;
  double lifetime_s = 0.0;
  double target_lifetime_s = 0.0;
  bool meets_target = false;
  std::optional<RadioSummary> radio;  // modelled devices only
  // The heaviest pulse the battery sees: the modem transmitting at its link's power while the
  // MCU runs, for the longest single transmission. Battery physics checks the loaded voltage
  // under it (brown-out). Zero for measured devices without a declared pulse.
  double pulse_power_W = 0.0;  // drawn from the battery
  double pulse_duration_s = 0.0;

  // The activity with this id (engine::activity), or nullptr when the budget has none.
  const ActivityBudget* Find(std::string_view activity) const;
};

EffectiveTimers ResolveTimers(const ModelledDevice& device);

// The budget's rules, for the models built on it (cell capacity, campaigns, the estimator's
// drain table) so that none re-derives them.

// The link the budget gives a device at a coupling loss: the profile's forced CE level wins (a
// network that pins its devices to a level), else the level the coupling loss falls in; transmit
// powers for that loss (models/radio/nbiot/link.hpp). Throws ProfileError naming
// /coverage/coupling_loss_dB when the device has no service there (see HasService).
models::radio::nbiot::Link DeviceLink(const ModelledDevice& device, double coupling_loss_dB);
// Whether the device is served at a coupling loss: within the network's maximum coupling loss,
// or pinned to a CE level by the profile.
bool HasService(const ModelledDevice& device, double coupling_loss_dB);

// Battery energy of a piece of modem time on a link, converted exactly as the budget converts an
// activity's modem time: the tally's charge at the modem's currents and the link's transmit
// currents, drawn at the modem's supply voltage, then through the profile's supply path at the
// battery's nominal voltage (models/device/supply.hpp). For what the budget has no activity for:
// a retried preamble, waiting for a download slot, the reception of a multicast session.
double TallyBatteryEnergy_J(const DeviceProfile& profile, const models::radio::nbiot::Link& link,
                            const models::radio::ModemTally& tally);

// LwM2M registration: an Update must reach the server before the registration lifetime ends, so
// it rides on every k-th report, k = floor(lifetime / interval). When reports are further apart
// than the lifetime the registration has lapsed, and every report must Register anew.
bool RegistrationLapses(const ModelledDevice& device);

// Periodic TAUs between two reports: T3412 restarts whenever the UE returns to idle, so a TAU is
// due only when the gap between reports exceeds it: ceil(interval / T3412) − 1.
double TausPerReport(const ModelledDevice& device);
// MQTT PINGREQs between two reports on a persistent connection (0 for other stacks).
double PingsPerReport(const ModelledDevice& device);
// Whether a wake from PSM re-reads SIB1-NB and the SI messages: stored system information lapses
// when the wakes (reports, TAUs, pings, evenly spread) are further apart than its validity
// (models/radio/nbiot/cell_acquisition.hpp). Always false without PSM.
bool SystemInformationExpires(const ModelledDevice& device);

// Throws BudgetError when the activities cannot fit in a day (e.g. an interval shorter than
// one report), naming the profile field to change.
BudgetResult ComputeBudget(const DeviceProfile& profile);
// The same from a plan built beforehand (BuildPlan), for sweeps and Monte Carlo over the
// quantities a plan leaves free (engine/device_plan.hpp).
struct DevicePlan;
BudgetResult ComputeBudget(const DeviceProfile& profile, const DevicePlan& plan);

}  // namespace pb::engine
