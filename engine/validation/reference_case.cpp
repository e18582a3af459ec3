#include "engine/validation/reference_case.hpp"

#include <cmath>

#include "engine/budget.hpp"
#include "engine/cell/cell_analysis.hpp"
#include "engine/errors.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/radio/modem_tally.hpp"
#include "models/radio/nbiot/procedures.hpp"
#include "models/units.hpp"

namespace pb::engine::validation {
namespace {

double DeviceFigure(const DeviceBudgetScenario& s) {
  const BudgetResult b = ComputeBudget(s.profile);
  if (s.quantity == "lifetime_years") return b.lifetime_s / units::kSecondsPerYear;
  if (s.quantity == "lifetime_hours") return b.lifetime_s / units::kSecondsPerHour;
  if (s.quantity == "average_current_uA") return b.average_current_A / units::kAmperesPerMicroampere;
  if (const ActivityBudget* a = b.Find(s.activity)) {
    if (s.quantity == "activity_energy_mJ") return units::to_mJ(a->energy_J_per_event);
    if (s.quantity == "activity_duration_s") return a->duration_s_per_event;
  }
  throw ProfileError("/scenario/activity", "the budget has no activity '" + s.activity + "' for " + s.quantity);
}

double EdrxFigure(const EdrxIdleScenario& s) {
  const models::radio::nbiot::Link link = models::radio::nbiot::SelectLink(s.modem, s.network, s.coupling_loss_dB);
  const models::radio::nbiot::RadioContext ctx{s.modem, s.network, link};
  models::radio::ModemTally tally;
  // Many whole cycles, so the average is the per-cycle average.
  const double duration_s = 100.0 * s.edrx_cycle_s;
  models::radio::nbiot::IdleMonitoring(ctx, models::radio::nbiot::IdlePaging{s.network.idle_drx_cycle_s, true, s.edrx_cycle_s, s.ptw_s},
                         duration_s, tally);
  return tally.Charge_C(s.modem, link.tx_currents()) / duration_s / units::kAmperesPerMicroampere;
}

double ProtocolFigure(const ProtocolScenario& s) {
  namespace proto = models::protocols;
  if (s.measure == "dtls_record_overhead_B") return proto::DtlsRecordOverhead_B(s.dtls);
  if (s.measure == "dtls_handshake_B") return proto::DtlsFullHandshakeBytesOnly_B(s.dtls);
  if (s.measure == "coap_block_count") return proto::CoapBlockCount(s.image_size_B, s.block_size_B);
  throw ProfileError("/scenario/measure", "unknown protocol measure '" + s.measure + "'");
}

double BatteryCapacityFigure_Ah(const BatteryCapacityScenario& s) {
  const models::battery::BatteryModel model(s.battery, s.physics);
  const models::battery::BatteryState full = model.Initial(s.temperature_degC);
  const auto t_s = model.TimeToChargeExhausted_s(full, s.current_A, s.temperature_degC, 200.0 * units::kSecondsPerYear);
  if (!t_s) throw ProfileError("/scenario/current_mA", "the cell does not run out within 200 years at this current");
  return s.current_A * *t_s / units::kSecondsPerHour;
}

double CellFigure(const CellCapacityScenario& s) {
  if (s.quantity == "population_devices") return s.scenario.population.devices;
  const cell::CellResult r = cell::AnalyseCell(s.scenario);
  if (s.quantity == "capacity_devices") return r.capacity_randomised.devices;
  if (s.quantity == "synchronised_capacity_devices") return r.capacity_synchronised.devices;
  if (s.quantity == "carriers_needed") return r.carriers_needed;
  if (s.quantity == "downlink_utilisation_frac") return r.randomised.channels.downlink_frac;
  throw ProfileError("/scenario/quantity", "unknown cell quantity '" + s.quantity + "'");
}

}  // namespace

const char* CaseStatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPass: return "pass";
    case CaseStatus::kFail: return "FAIL";
    case CaseStatus::kKnownGap: return "known gap";
    case CaseStatus::kGapClosed: return "gap closed";
    case CaseStatus::kNotModelled: return "not modelled yet";
  }
  return "?";
}

CaseResult EvaluateCase(const ReferenceCase& reference) {
  CaseResult result;
  if (std::holds_alternative<NotModelledScenario>(reference.scenario)) return result;
  const double ours = std::visit(
      [](const auto& s) -> double {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, DeviceBudgetScenario>) return DeviceFigure(s);
        else if constexpr (std::is_same_v<T, EdrxIdleScenario>) return EdrxFigure(s);
        else if constexpr (std::is_same_v<T, ProtocolScenario>) return ProtocolFigure(s);
        else if constexpr (std::is_same_v<T, CellCapacityScenario>) return CellFigure(s);
        else if constexpr (std::is_same_v<T, BatteryCapacityScenario>) return BatteryCapacityFigure_Ah(s);
        else return 0.0;
      },
      reference.scenario);
  result.ours = ours;
  result.error_frac = (ours - reference.published) / reference.published;
  const bool within = std::abs(*result.error_frac) <= reference.tolerance_frac + 1e-12;
  if (reference.known_gap.empty())
    result.status = within ? CaseStatus::kPass : CaseStatus::kFail;
  else
    result.status = within ? CaseStatus::kGapClosed : CaseStatus::kKnownGap;
  return result;
}

bool RunFailed(const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results)
    if (r.status == CaseStatus::kFail || r.status == CaseStatus::kGapClosed) return true;
  return false;
}

}  // namespace pb::engine::validation
