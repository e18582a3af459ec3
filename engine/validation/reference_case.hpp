// Validation against published results: a reference case is a published figure, its source,
// a tolerance with its reason, and a scenario that makes powerbudget compute the same figure.
// The cases live in profiles/reference/*.json (loaded by engine/profile_io/reference_loader);
// `powerbudget validate` runs them all and docs/validation.md is its Markdown output.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/cell/cell_scenario.hpp"
#include "engine/device_profile.hpp"
#include "models/battery/physics.hpp"
#include "models/radio/modem.hpp"
#include "models/radio/nbiot/network.hpp"
#include "models/protocols/coap_lwm2m.hpp"
#include "models/protocols/dtls.hpp"

namespace pb::engine::validation {

// A device's budget, and which figure of it to compare.
struct DeviceBudgetScenario {
  DeviceProfile profile;
  std::string quantity;  // lifetime_years | lifetime_hours | average_current_uA | activity_energy_mJ | activity_duration_s
  std::string activity;  // for the activity_* quantities
};

// The modem idling in eDRX: average current from the modem's states and timings.
struct EdrxIdleScenario {
  models::radio::ModemParams modem;
  models::radio::nbiot::NetworkParams network;
  double coupling_loss_dB;
  double edrx_cycle_s;
  double ptw_s;
};

// A protocol size: dtls_record_overhead_B | dtls_handshake_B | coap_block_count.
struct ProtocolScenario {
  std::string measure;
  models::protocols::DtlsConfig dtls{};
  int image_size_B = 0;
  int block_size_B = 0;
};

// A cell's capacity: a constant discharge at current and temperature until the accessible
// charge runs out, with the battery's physics (models/battery/physics.hpp).
struct BatteryCapacityScenario {
  models::battery::BatteryParams battery;
  models::battery::BatteryPhysicsParams physics;
  double current_A;
  double temperature_degC;
};

// A figure whose model does not exist yet (e.g. cell capacity): listed, never hidden.
struct NotModelledScenario {
  std::string needs;  // what has to be built, e.g. "the cell model"
};

// A cell-capacity figure: a cell scenario (profiles/cells/) and which of its results to compare:
// population_devices | capacity_devices | synchronised_capacity_devices | carriers_needed |
// downlink_utilisation_frac.
struct CellCapacityScenario {
  cell::CellScenario scenario;
  std::string quantity;
};

using ReferenceScenario =
    std::variant<DeviceBudgetScenario, EdrxIdleScenario, ProtocolScenario, NotModelledScenario, CellCapacityScenario,
                 BatteryCapacityScenario>;

struct ReferenceCase {
  std::string id;
  std::string title;
  std::string validates;  // bookkeeping | radio model | protocol sizes | battery model | cell model
  // calibration: the figure set a profile value (`calibrates` says which), so agreement shows the
  // fit and the path, not a prediction; independent: the figure set nothing.
  std::string role;
  std::string calibrates;
  std::string source;
  double published;
  std::string unit;
  double tolerance_frac;
  std::string tolerance_reason;
  std::string assumptions;
  std::string explanation;  // why the remaining difference exists
  std::string known_gap;    // non-empty: out of tolerance for a reason we state; does not fail the run
  ReferenceScenario scenario;
};

enum class CaseStatus { kPass, kFail, kKnownGap, kGapClosed, kNotModelled };
const char* CaseStatusName(CaseStatus status);

struct CaseResult {
  std::optional<double> ours;
  std::optional<double> error_frac;  // (ours - published) / published
  CaseStatus status = CaseStatus::kNotModelled;
};

// Computes one case. Throws ProfileError when the scenario cannot be evaluated.
CaseResult EvaluateCase(const ReferenceCase& reference);

// True when the run should fail: a case out of tolerance that is not a stated gap, or a stated
// gap that now passes (the gap note must then be removed).
bool RunFailed(const std::vector<CaseResult>& results);

}  // namespace pb::engine::validation
