#include "engine/fleet_sim/fleet_sim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/random.hpp"
#include "models/battery/primary_cell.hpp"
#include "models/units.hpp"

namespace pb::engine::fleet_sim {
namespace {

constexpr double kMaxLife_s = 50.0 * units::kSecondsPerYear;
constexpr int kMaxStepDays = 32;                // FinishLife's longest step
constexpr std::size_t kSliceRecords = 1 << 15;  // records a time slice holds, about
// Slow changes of a device over its life: its coverage (foliage, buildings) and its consumption
// (part ageing, firmware): 1 dB and 3 % per sqrt(year).
const double kCoverageDrift_dB_per_sqrt_s = 1.0 / std::sqrt(units::kSecondsPerYear);
const double kMultiplierDrift_per_sqrt_s = 0.03 / std::sqrt(units::kSecondsPerYear);

// The engine's SplitMix64 (engine/random.hpp) and Box-Muller: the same numbers on every
// platform, unlike std::normal_distribution.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : stream_(seed) {}
  std::uint64_t Next() { return stream_.Next(); }
  double Uniform() { return stream_.Uniform(); }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  double Normal() {
    if (spare_) {
      const double v = *spare_;
      spare_.reset();
      return v;
    }
    const double u1 = std::max(Uniform(), 1e-300), u2 = Uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(2.0 * std::numbers::pi * u2);
    return r * std::cos(2.0 * std::numbers::pi * u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  bool Chance(double p) { return Uniform() < p; }

 private:
  engine::SplitMix64 stream_;
  std::optional<double> spare_;
};

// Nordic outdoor climate: 5 degC mean, coldest in mid-January.
constexpr double kClimateMean_degC = 5.0;
constexpr double kSeasonalAmplitude_degC = 10.0;
constexpr double kDailyAmplitude_degC = 4.0;
constexpr double kColdestDayOfYear = 15.0;
// A coverage fault: ice or water on the antenna, a bent mount, a new building in the path. 25 dB
// moves a device in good coverage into deep coverage, where link adaptation makes it costly; a
// smaller loss inside a CE level costs little energy and is no fault an estimator should flag.
constexpr double kCoverageDropLoss_dB = 25.0;

double AmbientDailyMean_degC(double time_s, double offset_degC) {
  const double day_of_year = std::fmod(time_s / units::kSecondsPerDay, units::kDaysPerYear);
  return kClimateMean_degC + offset_degC -
         kSeasonalAmplitude_degC * std::cos(2.0 * std::numbers::pi * (day_of_year - kColdestDayOfYear) / units::kDaysPerYear);
}

double Ambient_degC(double time_s, double offset_degC) {
  const double hour = std::fmod(time_s / units::kSecondsPerHour, units::kHoursPerDay);
  return AmbientDailyMean_degC(time_s, offset_degC) + kDailyAmplitude_degC * std::sin(2.0 * std::numbers::pi * (hour - 9.0) / units::kHoursPerDay);
}

enum class BadDataKind : std::uint8_t { kNone, kCharging, kClockJump };

struct SimDevice {
  std::size_t index = 0;
  Rng rng{0};
  double time_s = 0.0;         // time of the last report (or installation)
  double interval_s = 0.0;
  double q_C = 0.0;
  double capacity_C = 0.0;
  double multiplier = 1.0;
  double gauge_gain = 1.0;
  double e0_offset_V = 0.0;
  double resistance_scale = 1.0;
  double temperature_offset_degC = 0.0;
  double coupling_loss_dB = 0.0;
  double leak_A = 0.0;
  double next_fota_s = 0.0;
  std::uint32_t reports = 0;
  std::uint32_t fota = 0;
  bool pulses = false;
  bool dead = false;
  bool swapped = false;
  BadDataKind bad = BadDataKind::kNone;
  double clock_jump_time_s = 0.0;
  // A record held back to be sent after the next one (rare: held apart, so a device stays small).
  std::unique_ptr<std::pair<engine::estimation::TelemetryRecord, RecordTruth>> late;
};

}  // namespace

std::string_view FaultName(FaultKind fault) {
  switch (fault) {
    case FaultKind::kLeak: return "leak";
    case FaultKind::kPsmLost: return "psm_lost";
    case FaultKind::kReportStorm: return "report_storm";
    case FaultKind::kFotaLoop: return "fota_loop";
    case FaultKind::kCoverageDrop: return "coverage_drop";
    default: return "none";
  }
}

struct FleetSimulator::Impl {
  FleetSimOptions options;
  engine::estimation::FleetModel model;
  engine::estimation::DrainTable raw;      // the budget itself (the estimator's table is smoothed)
  engine::estimation::DrainTable psm_off;  // the same device with PSM off: what "the modem no longer enters PSM" costs
  double fota_interval_s = 0.0;
  double max_pulse_A = 0.0;                 // the table's largest transmit pulse (the brown-out bound)
  std::vector<SimDevice> devices;
  std::vector<DeviceTruth> truth;

  Impl(const engine::DeviceProfile& profile, FleetSimOptions opts) : options(opts) {
    options.Validate();
    if (profile.battery.chemistry == models::battery::Chemistry::kLiIon)
      throw engine::ProfileError("/battery/chemistry", "fleet-sim simulates primary cells; this profile's battery is Li-ion");
    engine::estimation::EstimatorOptions eo;
    eo.nrs_power_dBm = options.nrs_power_dBm;
    model = engine::estimation::MakeFleetModel(profile, eo);
    raw = engine::estimation::BuildDrainTable(profile);
    engine::DeviceProfile off = profile;
    if (auto* modelled = std::get_if<engine::ModelledDevice>(&off.device)) {
      modelled->power_saving.psm = false;
      psm_off = engine::estimation::BuildDrainTable(off);
      if (modelled->fota.enabled) fota_interval_s = modelled->fota.interval_s;
    } else {
      psm_off = model.primary.drain;
    }
    for (const engine::estimation::DrainBin& bin : raw.bins) max_pulse_A = std::max(max_pulse_A, bin.pulse_current_A);
  }

  const engine::estimation::DrainTable& table() const { return raw; }
  double end_s() const { return options.start_time_s + options.days * units::kSecondsPerDay; }

  // Devices [first, last) (devices and truth sized already).
  void Setup(std::size_t first, std::size_t last) {
    const engine::estimation::DrainTable& t = table();
    const double lo = t.bins.front().coupling_loss_dB + 1.0, hi = t.bins.back().coupling_loss_dB - 1.0;
    const double interval_s = t.nominal_report_interval_s > 0.0 ? t.nominal_report_interval_s : units::kSecondsPerHour;
    for (std::size_t i = first; i < last; ++i) {
      SimDevice& d = devices[i];
      DeviceTruth& tr = truth[i];
      d.index = i;
      d.rng = Rng(options.seed * SplitMix64::kGamma + (i + 1) * 0xD1B54A32D192ED03ull);
      tr.device_id = fmt::format("dev-{:05d}", i);
      d.interval_s = interval_s;
      d.time_s = options.start_time_s + d.rng.Uniform(0.0, interval_s);
      tr.install_time_s = d.time_s;
      d.coupling_loss_dB = std::clamp(d.rng.Normal(t.nominal_coupling_loss_dB + options.coverage_offset_dB, options.coverage_sd_dB), lo, hi);
      tr.coupling_loss_dB = d.coupling_loss_dB;
      d.multiplier = std::max(0.5, d.rng.Normal(1.0, 0.05));
      d.capacity_C = model.primary.capacity_C * std::max(0.7, d.rng.Normal(1.0, 0.03));
      d.gauge_gain = d.rng.Normal(1.0, 0.01);
      d.e0_offset_V = d.rng.Normal(0.0, 0.01);
      d.resistance_scale = std::max(0.3, d.rng.Normal(1.0, 0.1));
      d.temperature_offset_degC = d.rng.Normal(0.0, 3.0);
      d.pulses = d.rng.Chance(options.pulse_reporting_fraction);
      // Updates roll out over the whole interval: each device gets its own at a random phase.
      d.next_fota_s = fota_interval_s > 0.0 ? d.time_s + d.rng.Uniform(0.0, fota_interval_s) : kMaxLife_s * 10.0;
      tr.drain_multiplier = d.multiplier;
      tr.capacity_C = d.capacity_C;
      if (d.rng.Chance(options.faulty_fraction)) {
        tr.fault = static_cast<FaultKind>(1 + static_cast<int>(d.rng.Uniform() * 5.0) % 5);
        tr.fault_time_s = d.time_s + d.rng.Uniform(0.2, 0.6) * options.days * units::kSecondsPerDay;
        d.leak_A = d.rng.Uniform(200e-6, 800e-6);
      }
      if (options.bad_data) {
        if (d.rng.Chance(options.battery_swap_fraction))
          tr.battery_swap_time_s = d.time_s + d.rng.Uniform(0.3, 0.8) * options.days * units::kSecondsPerDay;
        const double u = d.rng.Uniform();
        if (u < 0.005) d.bad = BadDataKind::kCharging;
        else if (u < 0.01) {
          d.bad = BadDataKind::kClockJump;
          d.clock_jump_time_s = d.time_s + d.rng.Uniform(0.2, 0.8) * options.days * units::kSecondsPerDay;
        }
        tr.bad_data_device = d.bad != BadDataKind::kNone;
      }
    }
  }

  bool FaultActive(const SimDevice& d, double time_s, FaultKind kind) const {
    const DeviceTruth& tr = truth[d.index];
    return tr.fault == kind && time_s >= tr.fault_time_s;
  }

  // Charge drawn from the battery over [from, to] by a device at coupling loss L, n reports.
  double Drain_C(SimDevice& d, double from_s, double to_s, double loss_dB, double reports, double temperature_degC) {
    const double dt = to_s - from_s;
    const engine::estimation::DrainBin& bin = table().At(loss_dB);
    // A FOTA loop starts at the fault, not at the next scheduled update.
    if (FaultActive(d, to_s, FaultKind::kFotaLoop) && d.next_fota_s > truth[d.index].fault_time_s + units::kSecondsPerDay)
      d.next_fota_s = std::max(from_s, truth[d.index].fault_time_s);
    double load = bin.floor_A * dt + reports * bin.report_C * std::max(0.0, 1.0 + d.rng.Normal(0.0, 0.03));
    while (d.next_fota_s <= to_s) {
      load += bin.fota_C;
      ++d.fota;
      const bool loop = FaultActive(d, d.next_fota_s, FaultKind::kFotaLoop);
      d.next_fota_s += loop ? units::kSecondsPerDay : fota_interval_s;
    }
    double extra_A = 0.0;
    if (FaultActive(d, to_s, FaultKind::kLeak)) extra_A += d.leak_A;
    if (FaultActive(d, to_s, FaultKind::kPsmLost)) {
      const engine::estimation::DrainBin& off = psm_off.At(loss_dB);
      const double interval_s = table().nominal_report_interval_s;
      extra_A += std::max(0.0, off.floor_A - bin.floor_A + (off.report_C - bin.report_C) / interval_s);
    }
    const double self_C = model.primary.capacity_C * models::battery::SelfDischargeRate_per_s(model.primary.cell, temperature_degC) * dt;
    return d.multiplier * load + extra_A * dt + self_C;
  }

  double LoadedVoltage_V(const SimDevice& d, double temperature_degC, double pulse_current_A) const {
    const double s = 1.0 - d.q_C / d.capacity_C;
    const models::battery::PrimaryCellParams& cell = model.primary.cell;
    return models::battery::RestVoltage_V(cell, s, temperature_degC) + d.e0_offset_V -
           pulse_current_A * d.resistance_scale * models::battery::PulseResistance_ohm(cell, s, temperature_degC);
  }

  void SwapBattery(SimDevice& d) {
    DeviceTruth& tr = truth[d.index];
    d.swapped = true;
    d.q_C = 0.0;
    d.capacity_C = model.primary.capacity_C * std::max(0.7, d.rng.Normal(1.0, 0.03));
    d.gauge_gain = d.rng.Normal(1.0, 0.01);
    d.e0_offset_V = d.rng.Normal(0.0, 0.01);
    d.resistance_scale = std::max(0.3, d.rng.Normal(1.0, 0.1));
    tr.capacity_C = d.capacity_C;
  }

  // One report at `time_s`; returns false when the device browned out trying to send it.
  bool Report(SimDevice& d, double time_s, engine::estimation::TelemetryRecord& rec, RecordTruth& rt) {
    DeviceTruth& tr = truth[d.index];
    if (tr.battery_swap_time_s > 0.0 && !d.swapped && time_s >= tr.battery_swap_time_s) SwapBattery(d);
    d.coupling_loss_dB += kCoverageDrift_dB_per_sqrt_s * std::sqrt(time_s - d.time_s) * d.rng.Normal();
    double loss_dB = d.coupling_loss_dB + d.rng.Normal(0.0, options.coverage_fast_sd_dB);
    if (FaultActive(d, time_s, FaultKind::kCoverageDrop)) loss_dB += kCoverageDropLoss_dB;
    loss_dB = std::clamp(loss_dB, table().bins.front().coupling_loss_dB, table().bins.back().coupling_loss_dB);
    const double temperature_degC = Ambient_degC(time_s, d.temperature_offset_degC);
    d.multiplier *= std::exp(kMultiplierDrift_per_sqrt_s * std::sqrt(time_s - d.time_s) * d.rng.Normal());
    d.q_C += Drain_C(d, d.time_s, time_s, loss_dB, 1.0, temperature_degC);
    d.time_s = time_s;
    const engine::estimation::DrainBin& bin = table().At(loss_dB);
    const double loaded_V = LoadedVoltage_V(d, temperature_degC, bin.pulse_current_A);
    if (loaded_V < model.primary.brown_out_V || d.q_C >= d.capacity_C) {
      d.dead = true;
      tr.end_of_life_s = time_s;
      return false;
    }
    ++d.reports;
    const double s = 1.0 - d.q_C / d.capacity_C;
    const models::battery::PrimaryCellParams& cell = model.primary.cell;
    rec = engine::estimation::TelemetryRecord{};
    rec.device_id = tr.device_id;
    rec.time_s = std::round(time_s);
    const double level = std::clamp(1.0 - d.gauge_gain * d.q_C / model.primary.design_capacity_C + d.rng.Normal(0.0, 0.003), 0.0, 1.0);
    rec.level_frac = std::round(level * 100.0) / 100.0;
    rec.voltage_V = std::round(units::to_mV(models::battery::RestVoltage_V(cell, s, temperature_degC) + d.e0_offset_V + d.rng.Normal(0.0, 0.005))) / units::kMilliPerUnit;
    rec.signal_dBm = std::round(options.nrs_power_dBm - loss_dB + d.rng.Normal(0.0, 1.5));
    rec.temperature_degC = std::round(temperature_degC * 10.0) / 10.0;
    rec.reports_count = d.reports;
    rec.fota_count = d.fota;
    rec.battery_status = rec.level_frac < 0.1 ? static_cast<int>(engine::estimation::BatteryStatus::kLow) : static_cast<int>(engine::estimation::BatteryStatus::kNormal);
    rec.present = engine::estimation::field::kLevel | engine::estimation::field::kVoltage | engine::estimation::field::kSignal | engine::estimation::field::kTemperature | engine::estimation::field::kReports | engine::estimation::field::kFota |
                  engine::estimation::field::kBatteryStatus;
    if (d.pulses) {
      rec.pulse_drop_V = std::max(0.0, std::round(-units::to_mV(loaded_V - (models::battery::RestVoltage_V(cell, s, temperature_degC) + d.e0_offset_V)) +
                                                  d.rng.Normal(0.0, 3.0)) / units::kMilliPerUnit);
      rec.present |= engine::estimation::field::kPulseDrop;
    }
    rt = RecordTruth{d.index, d.q_C, s};
    return true;
  }

  void Spoil(SimDevice& d, engine::estimation::TelemetryRecord& rec) {
    if (!options.bad_data) return;
    if (d.bad == BadDataKind::kCharging && d.rng.Chance(0.05)) rec.battery_status = static_cast<int>(engine::estimation::BatteryStatus::kCharging);
    if (d.bad == BadDataKind::kClockJump && d.clock_jump_time_s > 0.0 && rec.time_s >= d.clock_jump_time_s) {
      rec.time_s += units::kSecondsPerYear;  // one record from a clock a year ahead
      d.clock_jump_time_s = 0.0;
    }
    if (d.rng.Chance(options.garbage_fraction)) {
      switch (d.rng.Next() % 4) {
        case 0: rec.voltage_V = std::numeric_limits<double>::quiet_NaN(); break;
        case 1: rec.voltage_V = 65.535; break;  // 0xFFFF mV from an ADC that failed
        case 2: rec.level_frac = 2.55; break;   // 255 % "unknown" from a gauge
        default: rec.temperature_degC = -273.0; break;
      }
    }
  }

  // After the window, one day: the day's expected coverage cost and its coldest hour. Returns true
  // at the brown-out (end of life set).
  bool FinishDay(SimDevice& d, DeviceTruth& tr, double& time_s) {
    const engine::estimation::DrainTable& t = table();
    const models::battery::PrimaryCellParams& cell = model.primary.cell;
    constexpr int kNodes = 9;
    d.coupling_loss_dB += d.rng.Normal(0.0, kCoverageDrift_dB_per_sqrt_s * std::sqrt(units::kSecondsPerDay));
    d.multiplier *= std::exp(kMultiplierDrift_per_sqrt_s * std::sqrt(units::kSecondsPerDay) * d.rng.Normal());
    double loss_dB = d.coupling_loss_dB + (FaultActive(d, time_s, FaultKind::kCoverageDrop) ? kCoverageDropLoss_dB : 0.0);
    // Mean report cost over the day's coverage fluctuations (equal-weight normal quantiles).
    double report_C = 0.0;
    for (int k = 0; k < kNodes; ++k) {
      static constexpr double kQuantiles[kNodes] = {-1.593, -0.967, -0.589, -0.282, 0.0, 0.282, 0.589, 0.967, 1.593};
      report_C += t.At(loss_dB + options.coverage_fast_sd_dB * kQuantiles[k]).report_C / kNodes;
    }
    const double interval_s = FaultActive(d, time_s, FaultKind::kReportStorm) ? d.interval_s / 6.0 : d.interval_s;
    const double mean_degC = AmbientDailyMean_degC(time_s, d.temperature_offset_degC);
    const engine::estimation::DrainBin& bin = t.At(loss_dB);
    double load_C = bin.floor_A * units::kSecondsPerDay + units::kSecondsPerDay / interval_s * report_C;
    while (d.next_fota_s <= time_s + units::kSecondsPerDay) {
      load_C += bin.fota_C;
      d.next_fota_s += FaultActive(d, d.next_fota_s, FaultKind::kFotaLoop) ? units::kSecondsPerDay : fota_interval_s;
    }
    double extra_A = FaultActive(d, time_s, FaultKind::kLeak) ? d.leak_A : 0.0;
    if (FaultActive(d, time_s, FaultKind::kPsmLost)) {
      const engine::estimation::DrainBin& off = psm_off.At(loss_dB);
      extra_A += std::max(0.0, off.floor_A - bin.floor_A + (off.report_C - bin.report_C) / t.nominal_report_interval_s);
    }
    const double self_C = model.primary.capacity_C * models::battery::SelfDischargeRate_per_s(cell, mean_degC) * units::kSecondsPerDay;
    const double q_before = d.q_C;
    d.q_C += d.multiplier * load_C + extra_A * units::kSecondsPerDay + self_C;
    // Brown-out at the day's coldest hour, on a report in a bad moment of coverage.
    const double pulse_A = t.At(loss_dB + 1.64 * options.coverage_fast_sd_dB).pulse_current_A;
    const double s_bo = models::battery::BrownOutRemainingFraction(cell, model.primary.brown_out_V - d.e0_offset_V, pulse_A,
                                                                   mean_degC - kDailyAmplitude_degC, d.resistance_scale);
    const double q_end = d.capacity_C * (1.0 - s_bo);
    if (d.q_C >= q_end) {
      const double frac = d.q_C > q_before ? std::clamp((q_end - q_before) / (d.q_C - q_before), 0.0, 1.0) : 0.0;
      tr.end_of_life_s = time_s + frac * units::kSecondsPerDay;
      return true;
    }
    time_s += units::kSecondsPerDay;
    return false;
  }

  // A day's charge at coupling loss `loss_dB` apart from FOTA and self-discharge, before the drain
  // multiplier: the floor and the reports at the day's mean coverage cost (as FinishDay).
  double DayLoad_C(double loss_dB, double interval_s) const {
    const engine::estimation::DrainTable& t = table();
    constexpr int kNodes = 9;
    static constexpr double kQuantiles[kNodes] = {-1.593, -0.967, -0.589, -0.282, 0.0, 0.282, 0.589, 0.967, 1.593};
    double report_C = 0.0;
    for (int k = 0; k < kNodes; ++k) report_C += t.At(loss_dB + options.coverage_fast_sd_dB * kQuantiles[k]).report_C / kNodes;
    return t.At(loss_dB).floor_A * units::kSecondsPerDay + units::kSecondsPerDay / interval_s * report_C;
  }

  double PsmLostExtra_A(double loss_dB) const {
    const engine::estimation::DrainTable& t = table();
    const engine::estimation::DrainBin& bin = t.At(loss_dB);
    const engine::estimation::DrainBin& off = psm_off.At(loss_dB);
    return std::max(0.0, off.floor_A - bin.floor_A + (off.report_C - bin.report_C) / t.nominal_report_interval_s);
  }

  double SelfDischargeDay_C(double time_s, double offset_degC) const {
    return model.primary.capacity_C * models::battery::SelfDischargeRate_per_s(model.primary.cell, AmbientDailyMean_degC(time_s, offset_degC)) *
           units::kSecondsPerDay;
  }

  // After the window: to the end of life. While even the worst day (the coldest possible hour, the
  // table's largest transmit pulse) cannot brown the cell out before the step ends, steps of up to
  // 32 days: one draw of each drift for the step (the same distribution as the daily draws'
  // sum), the step's load at the mean of its first and last coverage and multiplier, FOTA at
  // their times, the self-discharge by Simpson's rule over the step's days. Then daily steps.
  void FinishLife(SimDevice& d) {
    DeviceTruth& tr = truth[d.index];
    if (d.dead) return;
    const models::battery::PrimaryCellParams& cell = model.primary.cell;
    const double limit_s = tr.install_time_s + kMaxLife_s;
    const double day = units::kSecondsPerDay;
    double time_s = d.time_s;
    const bool settled = tr.fault == FaultKind::kNone || tr.fault_time_s <= time_s;
    if (settled && kMaxStepDays > 1) {
      const double coldest_degC = kClimateMean_degC + d.temperature_offset_degC - kSeasonalAmplitude_degC - kDailyAmplitude_degC;
      const double s_bo_worst = models::battery::BrownOutRemainingFraction(cell, model.primary.brown_out_V - d.e0_offset_V, max_pulse_A,
                                                                          coldest_degC, d.resistance_scale);
      const double q_safe = d.capacity_C * (1.0 - s_bo_worst);
      const double drop_dB = tr.fault == FaultKind::kCoverageDrop ? kCoverageDropLoss_dB : 0.0;
      const double interval_s = tr.fault == FaultKind::kReportStorm ? d.interval_s / 6.0 : d.interval_s;
      const double leak_A = tr.fault == FaultKind::kLeak ? d.leak_A : 0.0;
      const bool psm_lost = tr.fault == FaultKind::kPsmLost;
      const bool fota_loop = tr.fault == FaultKind::kFotaLoop;
      // The step's self-discharge: Simpson's rule over its days, [start - 1/2 day, end - 1/2 day];
      // the value at a step's end is the next step's start.
      double self_a_C = SelfDischargeDay_C(time_s - 0.5 * day, d.temperature_offset_degC);
      double l0_load = DayLoad_C(d.coupling_loss_dB + drop_dB, interval_s);
      for (;;) {
        const double l0 = d.coupling_loss_dB + drop_dB;
        const double extra0_A = leak_A + (psm_lost ? PsmLostExtra_A(l0) : 0.0);
        const double daily_C = d.multiplier * l0_load + extra0_A * day + self_a_C;
        int n = kMaxStepDays;
        while (n > 1 && d.q_C + 3.0 * n * daily_C >= q_safe) n /= 2;
        if (n < 2 || time_s + n * day > limit_s) break;
        const double sqrt_n = std::sqrt(static_cast<double>(n));
        const double m0 = d.multiplier;
        d.coupling_loss_dB += d.rng.Normal(0.0, kCoverageDrift_dB_per_sqrt_s * std::sqrt(day) * sqrt_n);
        d.multiplier *= std::exp(kMultiplierDrift_per_sqrt_s * std::sqrt(day) * sqrt_n * d.rng.Normal());
        const double l1 = d.coupling_loss_dB + drop_dB;
        const double lmid = 0.5 * (l0 + l1);
        const double l1_load = DayLoad_C(l1, interval_s);
        const double load_per_day = 0.5 * (l0_load + l1_load);
        l0_load = l1_load;
        const double step_end_s = time_s + n * day;
        double fota_C = 0.0;
        const double fota_bin_C = table().At(lmid).fota_C;
        while (d.next_fota_s <= step_end_s) {
          fota_C += fota_bin_C;
          d.next_fota_s += fota_loop && d.next_fota_s >= tr.fault_time_s ? day : fota_interval_s;
        }
        const double extra_A = leak_A + (psm_lost ? PsmLostExtra_A(lmid) : 0.0);
        const double last_s = time_s + (n - 1) * day;
        const double self_b_C = SelfDischargeDay_C(step_end_s - 0.5 * day, d.temperature_offset_degC);
        const double self_C = n * (self_a_C + 4.0 * SelfDischargeDay_C(0.5 * (time_s + last_s), d.temperature_offset_degC) + self_b_C) / 6.0;
        self_a_C = self_b_C;
        const double q_before = d.q_C;
        d.q_C += 0.5 * (m0 + d.multiplier) * (n * load_per_day + fota_C) + extra_A * n * day + self_C;
        if (d.q_C >= q_safe) {
          // More than the margin allowed for (a large drift or a FOTA): the step's last day decides.
          const double pulse_A = table().At(l1 + 1.64 * options.coverage_fast_sd_dB).pulse_current_A;
          const double s_bo = models::battery::BrownOutRemainingFraction(cell, model.primary.brown_out_V - d.e0_offset_V, pulse_A,
                                                                         AmbientDailyMean_degC(last_s, d.temperature_offset_degC) - kDailyAmplitude_degC,
                                                                         d.resistance_scale);
          const double q_end = d.capacity_C * (1.0 - s_bo);
          if (d.q_C >= q_end) {
            const double frac = d.q_C > q_before ? std::clamp((q_end - q_before) / (d.q_C - q_before), 0.0, 1.0) : 0.0;
            tr.end_of_life_s = time_s + frac * n * day;
            return;
          }
        }
        time_s = step_end_s;
      }
    }
    while (time_s < limit_s)
      if (FinishDay(d, tr, time_s)) return;
    tr.end_of_life_s = limit_s;
  }

  // ---- Threads: device ranges, time slices, merged by (report time, device) ----

  struct Event {
    double time_s;
    std::uint32_t device;
    std::size_t begin, end;  // the group's records: a range of the chunk's text or records
    bool operator<(const Event& o) const { return time_s < o.time_s || (time_s == o.time_s && device < o.device); }
  };
  struct Chunk {
    std::vector<Event> events;
    std::string text;
    std::vector<std::pair<engine::estimation::TelemetryRecord, RecordTruth>> records;
    std::size_t count = 0;  // records in the chunk
    void Clear() {
      events.clear();
      text.clear();
      records.clear();
      count = 0;
    }
  };

  // One report of device `d` at its queue time, with its records into the chunk.
  void Step(SimDevice& d, double time_s, Chunk& chunk, const FleetSimulator::Formatter* format,
            engine::estimation::TelemetryRecord& rec, RecordTruth& rt) {
    if (!Report(d, time_s, rec, rt)) return;
    rt.report_time_s = time_s;
    Spoil(d, rec);
    const std::size_t before = chunk.count;
    const std::size_t begin = format ? chunk.text.size() : chunk.records.size();
    const auto add = [&](const engine::estimation::TelemetryRecord& r, const RecordTruth& t) {
      if (format) (*format)(r, t, chunk.text);
      else chunk.records.emplace_back(r, t);
      ++chunk.count;
    };
    Emit(d, rec, rt, add);
    if (chunk.count != before)
      chunk.events.push_back({time_s, static_cast<std::uint32_t>(d.index), begin, format ? chunk.text.size() : chunk.records.size()});
  }

  template <class Sink>
  void Emit(SimDevice& d, const engine::estimation::TelemetryRecord& rec, const RecordTruth& rt, const Sink& sink) {
    if (options.bad_data && d.rng.Chance(options.missing_fraction)) return;
    if (options.bad_data && !d.late && d.rng.Chance(options.late_fraction)) {
      d.late = std::make_unique<std::pair<engine::estimation::TelemetryRecord, RecordTruth>>(rec, rt);
      return;
    }
    sink(rec, rt);
    if (options.bad_data && d.rng.Chance(options.duplicate_fraction)) sink(rec, rt);
    if (d.late) {
      sink(d.late->first, d.late->second);
      d.late.reset();
    }
  }

  // A worker's slice [from, to) (to inclusive for the last slice): its devices' reports, device by
  // device (their states in memory order), then sorted by (time, device). next_s: each device's
  // next report time (infinite once dead), the devices from `first` on.
  void Slice(std::vector<double>& next_s, std::size_t first, double to_s, bool last, Chunk& chunk,
             const FleetSimulator::Formatter* format) {
    const double end = end_s();
    const auto due = [&](double t) { return t <= end && (t < to_s || last); };
    engine::estimation::TelemetryRecord rec;
    RecordTruth rt;
    constexpr std::size_t kAhead = 8;
    for (std::size_t k = 0; k < next_s.size(); ++k) {
#if defined(__GNUC__)
      if (k + kAhead < next_s.size() && due(next_s[k + kAhead])) {  // a cache miss otherwise
        const char* ahead = reinterpret_cast<const char*>(&devices[first + k + kAhead]);
        for (std::size_t line = 0; line < sizeof(SimDevice); line += 64) __builtin_prefetch(ahead + line);
      }
#endif
      double t = next_s[k];
      if (!due(t)) continue;
      SimDevice& d = devices[first + k];
      do {
        Step(d, t, chunk, format, rec, rt);
        if (d.dead) {
          t = std::numeric_limits<double>::infinity();
          break;
        }
        const bool storm = FaultActive(d, t, FaultKind::kReportStorm);
        const double interval_s = storm ? d.interval_s / 6.0 : d.interval_s;
        t += interval_s * (1.0 + d.rng.Normal(0.0, 0.01));
      } while (due(t));
      next_s[k] = t;
    }
    std::sort(chunk.events.begin(), chunk.events.end());
  }

  std::size_t RunThreads(const FleetSimulator::Formatter* format,
                         const std::function<void(std::string_view)>* write,
                         const std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&)>* sink,
                         const std::function<void(double)>& progress) {
    const std::size_t n = static_cast<std::size_t>(std::max(0, options.devices));
    devices.clear();
    devices.resize(n);
    truth.clear();
    truth.resize(n);
    // Threads as asked (0: the machine's cores, a thread for 256 devices at least).
    std::size_t workers = options.threads > 0 ? static_cast<std::size_t>(options.threads)
                                              : std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), (n + 255) / 256);
    workers = std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(1, std::min<std::size_t>(n, 256)));
    // Slices of about kSliceRecords records: the memory follows the fleet, not the window.
    const engine::estimation::DrainTable& t = table();
    const double interval_s = t.nominal_report_interval_s > 0.0 ? t.nominal_report_interval_s : units::kSecondsPerHour;
    const double start = options.start_time_s, end = end_s();
    const double slice_s = interval_s * std::max(1e-3, static_cast<double>(kSliceRecords) / std::max<double>(1.0, static_cast<double>(n)));
    const std::size_t slices = static_cast<std::size_t>(std::max(1.0, std::ceil((end - start) / slice_s)));
    const auto slice_end = [&](std::size_t s) { return s + 1 >= slices ? end : start + static_cast<double>(s + 1) * slice_s; };

    std::vector<std::array<Chunk, 2>> chunks(workers);
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::size_t> produced(workers, 0);
    std::size_t consumed = 0;
    bool failed = false;
    std::exception_ptr error;

    const auto work = [&](std::size_t w) {
      try {
        const std::size_t lo = n * w / workers, hi = n * (w + 1) / workers;
        Setup(lo, hi);
        std::vector<double> next_s(hi - lo);
        for (std::size_t i = lo; i < hi; ++i) next_s[i - lo] = devices[i].time_s + devices[i].interval_s;
        for (std::size_t s = 0; s < slices; ++s) {
          {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return failed || s < consumed + 2; });
            if (failed) return;
          }
          Chunk& chunk = chunks[w][s % 2];
          chunk.Clear();
          Slice(next_s, lo, slice_end(s), s + 1 == slices, chunk, format);
          {
            std::lock_guard lock(mutex);
            produced[w] = s + 1;
          }
          cv.notify_all();
        }
        for (std::size_t i = lo; i < hi; ++i) {
          SimDevice& d = devices[i];
          truth[i].soc_at_window_end_frac = 1.0 - d.q_C / d.capacity_C;
          FinishLife(d);
        }
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        failed = true;
        cv.notify_all();
      }
    };

    std::vector<std::thread> threads;
    threads.reserve(workers);
    std::size_t records = 0;
    std::string out;
    const auto stop = [&] {
      {
        std::lock_guard lock(mutex);
        failed = true;
      }
      cv.notify_all();
      for (std::thread& th : threads) th.join();
    };
    try {
      for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work, w);
      for (std::size_t s = 0; s < slices; ++s) {
        {
          std::unique_lock lock(mutex);
          cv.wait(lock, [&] { return failed || *std::min_element(produced.begin(), produced.end()) > s; });
          if (failed) break;
        }
        // Merge the workers' chunks by (time, device): each is in that order already.
        std::vector<std::size_t> next(workers, 0);
        out.clear();
        for (;;) {
          std::size_t best = workers;
          for (std::size_t w = 0; w < workers; ++w) {
            const std::vector<Event>& ev = chunks[w][s % 2].events;
            if (next[w] == ev.size()) continue;
            if (best == workers) {
              best = w;
              continue;
            }
            const Event& a = ev[next[w]];
            const Event& b = chunks[best][s % 2].events[next[best]];
            if (a.time_s < b.time_s || (a.time_s == b.time_s && a.device < b.device)) best = w;
          }
          if (best == workers) break;
          Chunk& c = chunks[best][s % 2];
          const Event& e = c.events[next[best]++];
          if (format) {
            out.append(c.text, e.begin, e.end - e.begin);
          } else {
            for (std::size_t r = e.begin; r < e.end; ++r) (*sink)(c.records[r].first, c.records[r].second);
          }
        }
        for (std::size_t w = 0; w < workers; ++w) records += chunks[w][s % 2].count;
        if (format && !out.empty()) (*write)(out);
        {
          std::lock_guard lock(mutex);
          consumed = s + 1;
        }
        cv.notify_all();
        if (progress) progress((slice_end(s) - start) / (end - start));
      }
    } catch (...) {
      stop();
      throw;
    }
    for (std::thread& th : threads) th.join();
    if (error) std::rethrow_exception(error);
    // Late records still held when the window closed, by device.
    out.clear();
    for (SimDevice& d : devices) {
      if (!d.late) continue;
      if (format) (*format)(d.late->first, d.late->second, out);
      else (*sink)(d.late->first, d.late->second);
      ++records;
      d.late.reset();
    }
    if (format && !out.empty()) (*write)(out);
    if (progress) progress(1.0);
    return records;
  }
};

void FleetSimOptions::Validate() const {
  RequireInRange("devices", devices, kFleetDevicesRange);
  RequireInRange("days", days, kFleetDaysRange);
  RequireInRange("nrs_power_dBm", nrs_power_dBm, engine::estimation::kNrsPowerRange_dBm);
  const std::pair<const char*, double> fractions[] = {
      {"faulty_fraction", faulty_fraction},   {"missing_fraction", missing_fraction},
      {"duplicate_fraction", duplicate_fraction}, {"late_fraction", late_fraction},
      {"garbage_fraction", garbage_fraction}, {"battery_swap_fraction", battery_swap_fraction},
      {"pulse_reporting_fraction", pulse_reporting_fraction}};
  for (const auto& [name, value] : fractions) RequireInRange(name, value, kFractionRange);
}

FleetSimulator::FleetSimulator(const engine::DeviceProfile& profile, FleetSimOptions options)
    : impl_(std::make_unique<Impl>(profile, options)) {}
FleetSimulator::~FleetSimulator() = default;

void FleetSimulator::Run(const std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&)>& sink,
                         const std::function<void(double)>& progress) {
  impl_->RunThreads(nullptr, nullptr, &sink, progress);
}

std::size_t FleetSimulator::RunFormatted(const Formatter& format, const std::function<void(std::string_view)>& write,
                                         const std::function<void(double)>& progress) {
  return impl_->RunThreads(&format, &write, nullptr, progress);
}

const std::vector<DeviceTruth>& FleetSimulator::truth() const { return impl_->truth; }

}  // namespace pb::engine::fleet_sim
