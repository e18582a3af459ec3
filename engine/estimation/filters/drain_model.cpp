#include "engine/estimation/filters/drain_model.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

#include "engine/budget.hpp"
#include "engine/device_plan.hpp"
#include "models/radio/nbiot/link.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation {
namespace {

// Below this the link is as good as it gets: CE0 at minimum transmit power for tens of dB.
constexpr double kGridBelowCe0_dB = 30.0;

const std::set<std::string_view>& PerReportActivities() {
  static const std::set<std::string_view> names = {
      engine::activity::kReport,           engine::activity::kInactivityTail, engine::activity::kSecurityHandshake,
      engine::activity::kLwm2mRegistration, engine::activity::kMqttKeepalive,  engine::activity::kMcuActive,
      engine::activity::kSensor,           engine::activity::kIdlePaging};
  return names;
}

DrainBin BinFromBudget(const engine::BudgetResult& budget, double coupling_loss_dB, double reports_per_day,
                       double fota_per_day) {
  DrainBin bin;
  bin.coupling_loss_dB = coupling_loss_dB;
  bin.ce_level = budget.radio ? budget.radio->ce_level : 0;
  double report_C_per_day = 0.0, fota_C_per_day = 0.0, floor_C_per_day = 0.0, largest = -1.0;
  for (const engine::ActivityBudget& a : budget.breakdown) {
    if (PerReportActivities().count(a.activity) && reports_per_day > 0.0) {
      report_C_per_day += a.charge_C_per_day;
      if (a.charge_C_per_day > largest) {
        largest = a.charge_C_per_day;
        bin.largest_report_activity = a.activity;
      }
    } else if (a.activity == engine::activity::kFota && fota_per_day > 0.0) {
      fota_C_per_day += a.charge_C_per_day;
    } else {
      floor_C_per_day += a.charge_C_per_day;
    }
  }
  bin.report_C = reports_per_day > 0.0 ? report_C_per_day / reports_per_day : 0.0;
  bin.fota_C = fota_per_day > 0.0 ? fota_C_per_day / fota_per_day : 0.0;
  bin.floor_A = floor_C_per_day / units::kSecondsPerDay;
  return bin;
}

double PulseCurrent_A(const engine::DeviceProfile& profile, const engine::ModelledDevice& device,
                      double coupling_loss_dB) {
  const models::radio::nbiot::Link link = engine::DeviceLink(device, coupling_loss_dB);
  const double load_A = std::max(link.npusch_tx_current_A, link.nprach_tx_current_A);
  // Battery current of a constant-power load (models/device/supply.hpp): the same through a direct
  // or linear path, scaled by rail/battery voltage and efficiency through a switcher.
  if (profile.supply.kind == models::device::SupplyKind::kSwitching)
    return load_A * device.modem.supply_voltage_V / (profile.supply.efficiency_frac * profile.battery.nominal_voltage_V);
  return load_A;
}

}  // namespace

int DrainTable::IndexOf(double coupling_loss_dB, int ce_level) const {
  double loss = std::isfinite(coupling_loss_dB) ? coupling_loss_dB : nominal_coupling_loss_dB;
  if (ce_level >= 0 && bins.size() > 1) {
    const double lo = ce_level == 0 ? min_coupling_loss_dB : ce_upper_dB[static_cast<std::size_t>(std::min(ce_level, 2) - 1)] + 0.5;
    const double hi = ce_level >= 2 ? bins.back().coupling_loss_dB : ce_upper_dB[static_cast<std::size_t>(ce_level)];
    loss = std::clamp(loss, lo, hi);
  }
  // Nearest bin; clamped first so the cast is defined (and no libm round in the hot path).
  const double offset = std::clamp(loss - min_coupling_loss_dB, 0.0, static_cast<double>(bins.size() - 1));
  return static_cast<int>(offset + 0.5);
}

const DrainBin& DrainTable::At(double coupling_loss_dB, int ce_level) const {
  return bins[static_cast<std::size_t>(IndexOf(coupling_loss_dB, ce_level))];
}

double DrainTable::CeLevelCentre_dB(int ce_level) const {
  if (bins.size() <= 1) return nominal_coupling_loss_dB;
  const double top = bins.back().coupling_loss_dB;
  switch (std::clamp(ce_level, 0, 2)) {
    case 0: return std::min(ce_upper_dB[0] - 5.0, nominal_coupling_loss_dB);
    case 1: return 0.5 * (ce_upper_dB[0] + ce_upper_dB[1]);
    default: return 0.5 * (ce_upper_dB[1] + top);
  }
}

DrainTable BuildDrainTable(const engine::DeviceProfile& profile) {
  DrainTable table;
  table.battery_voltage_V = profile.battery.nominal_voltage_V;
  const engine::BudgetResult nominal = engine::ComputeBudget(profile);
  table.nominal_current_A = nominal.average_current_A;

  const auto* modelled = std::get_if<engine::ModelledDevice>(&profile.device);
  if (!modelled) {
    // Measured-events devices: no radio model, one bin, everything time-driven.
    DrainBin bin = BinFromBudget(nominal, 0.0, 0.0, 0.0);
    table.bins = {bin};
    table.plan = bin;
    table.nominal_report_interval_s = 0.0;
    return table;
  }
  const engine::ModelledDevice& device = *modelled;
  const double reports_per_day = units::kSecondsPerDay / device.reporting.interval_s;
  const double fota_per_day = device.fota.enabled ? units::kSecondsPerDay / device.fota.interval_s : 0.0;
  table.nominal_coupling_loss_dB = device.coverage.coupling_loss_dB;
  table.nominal_report_interval_s = device.reporting.interval_s;
  table.nominal_fota_per_s = fota_per_day / units::kSecondsPerDay;
  table.ce_upper_dB = {device.network.ce0_max_coupling_loss_dB, device.network.ce1_max_coupling_loss_dB};
  table.min_coupling_loss_dB = std::floor(device.network.ce0_max_coupling_loss_dB - kGridBelowCe0_dB);

  // One plan serves every coupling loss (engine/device_plan.hpp).
  const engine::DevicePlan plan = engine::BuildPlan(device);
  engine::DeviceProfile probe = profile;
  auto& probe_device = std::get<engine::ModelledDevice>(probe.device);
  for (double loss = table.min_coupling_loss_dB; loss <= device.network.max_coupling_loss_dB + 1e-9; loss += 1.0) {
    probe_device.coverage.coupling_loss_dB = loss;
    const engine::BudgetResult budget = engine::ComputeBudget(probe, plan);
    DrainBin bin = BinFromBudget(budget, loss, reports_per_day, fota_per_day);
    bin.pulse_current_A = PulseCurrent_A(profile, device, loss);
    table.bins.push_back(std::move(bin));
  }
  table.plan = table.At(table.nominal_coupling_loss_dB);
  return table;
}

DrainTable SmoothDrainTable(const DrainTable& table, double sd_dB) {
  if (!(sd_dB > 0.0) || table.bins.size() < 2) return table;
  DrainTable smooth = table;
  const int n = static_cast<int>(table.bins.size());
  const int reach = static_cast<int>(std::ceil(3.0 * sd_dB));
  for (int i = 0; i < n; ++i) {
    double w_sum = 0.0, report = 0.0, floor = 0.0, fota = 0.0, report2 = 0.0, fota2 = 0.0;
    for (int k = -reach; k <= reach; ++k) {
      const double w = std::exp(-0.5 * (k / sd_dB) * (k / sd_dB));
      const DrainBin& b = table.bins[static_cast<std::size_t>(std::clamp(i + k, 0, n - 1))];
      w_sum += w;
      report += w * b.report_C;
      floor += w * b.floor_A;
      fota += w * b.fota_C;
      report2 += w * b.report_C * b.report_C;
      fota2 += w * b.fota_C * b.fota_C;
    }
    DrainBin& out = smooth.bins[static_cast<std::size_t>(i)];
    out.report_C = report / w_sum;
    out.floor_A = floor / w_sum;
    out.fota_C = fota / w_sum;
    out.report_var_C2 = std::max(0.0, report2 / w_sum - out.report_C * out.report_C);
    out.fota_var_C2 = std::max(0.0, fota2 / w_sum - out.fota_C * out.fota_C);
  }
  return smooth;
}

}  // namespace pb::engine::estimation
