// What drives a device's budget on the radio, and the largest savings the model finds by itself.
//
// RadioConfiguration: the settings behind the budget's radio activities, each as the device
// requests it, as the network grants or honours it, and as it is in force (the budget's own
// rules: RaiHonoured, ResolveTimers, DeviceLink), so that a reader sees why a tail or a paging
// cost is there.
//
// FindSavings: a fixed list of candidate changes that a designer controls or can ask the operator
// for. A candidate applies only where the profile has its fields and differs from it; each is
// applied to a copy of the profile and evaluated by the whole model again (ComputeBudget, then the
// caller's lifetime, the same one the caller headlines), never by a rule of thumb. Each carries
// the change as `--set PATH=VALUE` assignments that reproduce it from the profile file
// (tests/engine/test_advice.cpp loads the profile with them and checks it equals the copy the
// advice evaluated). Ranked by lifetime gained; a change that gains nothing is left out.
//
// The candidates' values, and where they come from:
// - release assistance honoured (network.rrc.release_assistance_supported, and the device sending
//   it, reporting.release_assistance): the connection ends right after the last expected packet
//   instead of at the network's inactivity timer (TS 24.301 §9.9.4.25 / TS 36.321 Rel-14 BSR;
//   models/radio/nbiot/procedures.hpp). docs/validation.md's known gap: a live network kept the
//   connection for seconds after the RAI, so the model's gain is an upper bound.
// - inactivity timer 10 s: the low end of the 10–20 s seen in live networks (Robinson 2019 via
//   docs/research/nbiot-published-figures.md; the typical operator's value, docs/profile-sources.md).
// - C-DRX of 2.048 s with a 40 ms on-duration: the cycle observed on Vodafone ES (Martinez 2019 via
//   Robinson) and the nRF Connect SDK example's on-duration (the typical operator's values).
// - DTLS Connection ID of 1 byte (RFC 9146): a report after a NAT rebinding keeps its session.
// - session resumption: the abbreviated handshake while the session is valid (RFC 5246 §7.3).
// - PSM requested instead of idle paging or eDRX, with an active time T3324 of 10 s (assumption,
//   the mast monitor's: a short window for the server's queued messages after each report).
// - non-confirmable reports (CoAP NON, MQTT QoS 0): no acknowledgement on the downlink.
// - a report interval twice as long; batching the readings of 4 intervals into one report (the
//   payload 4 times as large, the sensor read 4 times per report: the same readings per day).
// The factors 2 and 4 are illustrations of the trade, not optima: the user varies them with
// `powerbudget sweep`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/device_profile.hpp"

namespace pb::engine {

// A NAS timer as the device asks for it, as the network grants it (nullopt: as requested) and as
// it is in force (engine::ResolveTimers).
struct NasTimerSetting {
  double requested_s = 0.0;
  std::optional<double> granted_s;
  double in_force_s = 0.0;
};

struct RadioConfiguration {
  bool rai_requested = false;        // reporting.release_assistance
  bool rai_network_honours = false;  // network.rrc.release_assistance_supported
  bool rai_in_effect = false;        // both: RaiHonoured
  double inactivity_timer_s = 0.0;   // the tail without RAI
  bool cdrx = false;                 // C-DRX configured (a cycle > 0)
  double cdrx_cycle_s = 0.0;
  double cdrx_on_duration_s = 0.0;
  bool psm_requested = false;
  NasTimerSetting t3412;             // periodic TAU (T3412 extended); 0 = none
  NasTimerSetting t3324;             // active time; requested and in force 0 without PSM
  bool edrx_requested = false;
  NasTimerSetting edrx_cycle;        // 0 without eDRX
  NasTimerSetting ptw;
  double idle_drx_cycle_s = 0.0;     // the network's paging cycle
  int ce_level = 0;
  bool ce_level_forced = false;      // the profile pins the CE level
  double coupling_loss_dB = 0.0;
};

// Throws ProfileError (DeviceLink) when the device has no service at its coupling loss.
RadioConfiguration DescribeRadio(const ModelledDevice& device);

// One field a saving changes, as the user writes it after --set (docs/profiles.md): the path in
// the composed device document and the value in that field's unit.
struct SettingChange {
  std::string path;
  std::string value;
  std::string Assignment() const { return path + "=" + value; }  // "PATH=VALUE"
};

// Who can make the change: the device's designer, or the operator on request.
enum class ChangeOwner { kDesigner, kOperator };

struct Saving {
  std::string id;           // stable (docs/json-output.md): "release_assistance", "inactivity_timer", …
  std::string description;  // one line
  ChangeOwner owner = ChangeOwner::kDesigner;
  std::vector<SettingChange> settings;
  double lifetime_before_s = 0.0;
  double lifetime_after_s = 0.0;
  double energy_J_per_day_before = 0.0;
  double energy_J_per_day_after = 0.0;
  double Gain_s() const { return lifetime_after_s - lifetime_before_s; }
};

// The lifetime a saving is measured in: the caller's headline lifetime for a profile and its
// budget (the CLI: the battery simulated in the device's climate, engine/lifetime/).
using LifetimeOf = std::function<double(const DeviceProfile& profile, const BudgetResult& budget)>;

// Every candidate that applies to the profile and lengthens its lifetime, the largest gain first
// (equal gains in the list's order above). Empty for a measured-events device: it has no
// settings to vary. A candidate whose changed profile has no budget (BudgetError) is skipped.
std::vector<Saving> FindSavings(const DeviceProfile& profile, const LifetimeOf& lifetime_of);

// The candidates that apply to a modelled profile, before evaluation (lifetimes and energies 0),
// each with the profile it makes. For tests and for callers that evaluate them themselves.
struct SavingCandidate {
  Saving saving;
  DeviceProfile changed;
};
std::vector<SavingCandidate> SavingCandidates(const DeviceProfile& profile);

const char* ChangeOwnerName(ChangeOwner owner);  // "designer", "operator"

}  // namespace pb::engine
