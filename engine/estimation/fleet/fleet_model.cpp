#include "engine/estimation/fleet/fleet_model.hpp"

#include "engine/errors.hpp"
#include <string>
#include <cmath>
#include <cstring>

namespace pb::engine::estimation {
namespace {

struct Fnv1a {
  std::uint64_t h = 1469598103934665603ull;
  void Bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  void Num(double v) { Bytes(&v, sizeof v); }
  void Text(const std::string& s) { Bytes(s.data(), s.size()); }
};

}  // namespace

void EstimatorOptions::Validate() const {
  RequireInRange("nrs_power_dBm", nrs_power_dBm, kNrsPowerRange_dBm);
  RequireInRange("coverage_sd_dB", coverage_sd_dB, kCoverageSdRange_dB);
  // NaN: not given (from the profile, the cell's default).
  if (!std::isnan(brown_out_V)) RequireInRange("brown_out_V", brown_out_V, kBrownOutRange_V);
  if (!std::isnan(pulse_resistance_ohm)) RequireInRange("pulse_resistance_ohm", pulse_resistance_ohm, kPulseResistanceRange_ohm);
}

FleetModel MakeFleetModel(const engine::DeviceProfile& profile, const EstimatorOptions& options) {
  options.Validate();
  FleetModel model;
  model.profile_name = profile.name;
  model.kind = profile.battery.chemistry == models::battery::Chemistry::kLiIon ? CellKind::kLiIon : CellKind::kPrimary;
  model.rules = options.rules;
  model.flags = options.flags;
  model.nrs_power_dBm = options.nrs_power_dBm;

  PrimaryModel& p = model.primary;
  p.cell = models::battery::DefaultPrimaryCell(profile.battery);
  if (std::isfinite(options.pulse_resistance_ohm)) p.cell.pulse_resistance_ohm = options.pulse_resistance_ohm;
  p.drain = SmoothDrainTable(BuildDrainTable(profile), options.coverage_sd_dB);
  p.noise = options.primary_noise;
  p.capacity_C = profile.battery.capacity_C;
  p.design_capacity_C = profile.battery.capacity_C;
  // The device browns out at its own minimum operating voltage when the profile gives one,
  // else at the cell's rated cut-off.
  p.brown_out_V = std::isfinite(options.brown_out_V) ? options.brown_out_V
                  : profile.supply.min_operating_voltage_V > 0.0 ? profile.supply.min_operating_voltage_V
                                                           : profile.battery.cutoff_voltage_V;

  p.TabulateSelfDischarge();

  model.liion.cell = models::battery::ScaledLiIonCell(models::battery::Inr18650_20r(), profile.battery.capacity_C);
  model.liion.noise = options.liion_noise;
  return model;
}

std::uint64_t Fingerprint(const FleetModel& model) {
  Fnv1a f;
  f.Text(model.profile_name);
  f.Num(static_cast<double>(model.kind));
  const PrimaryModel& p = model.primary;
  for (const DrainBin& b : p.drain.bins) {
    f.Num(b.coupling_loss_dB);
    f.Num(b.report_C);
    f.Num(b.floor_A);
    f.Num(b.fota_C);
    f.Num(b.pulse_current_A);
  }
  f.Num(p.capacity_C);
  f.Num(p.design_capacity_C);
  f.Num(p.brown_out_V);
  f.Num(p.cell.e0_V);
  f.Num(p.cell.pulse_resistance_ohm);
  f.Num(model.liion.cell.capacity_C);
  f.Num(model.liion.cell.r0_ohm);
  f.Num(model.nrs_power_dBm);
  f.Num(p.drain.plan.report_C);
  return f.h;
}

}  // namespace pb::engine::estimation
