#include "engine/fleet_sim/fleet_sim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <queue>

#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/random.hpp"
#include "models/battery/primary_cell.hpp"
#include "models/units.hpp"

namespace pb::engine::fleet_sim {
namespace {

constexpr double kMaxLife_s = 50.0 * units::kSecondsPerYear;
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
  std::optional<engine::estimation::TelemetryRecord> late;  // held back to be sent after the next record
  RecordTruth late_truth;
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
  }

  const engine::estimation::DrainTable& table() const { return raw; }
  double end_s() const { return options.start_time_s + options.days * units::kSecondsPerDay; }

  void Setup() {
    const int n = std::max(0, options.devices);
    devices.resize(static_cast<std::size_t>(n));
    truth.resize(static_cast<std::size_t>(n));
    const engine::estimation::DrainTable& t = table();
    const double lo = t.bins.front().coupling_loss_dB + 1.0, hi = t.bins.back().coupling_loss_dB - 1.0;
    const double interval_s = t.nominal_report_interval_s > 0.0 ? t.nominal_report_interval_s : units::kSecondsPerHour;
    for (std::size_t i = 0; i < devices.size(); ++i) {
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

  void Emit(SimDevice& d, const engine::estimation::TelemetryRecord& rec, const RecordTruth& rt,
            const std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&)>& sink) {
    if (options.bad_data && d.rng.Chance(options.missing_fraction)) return;
    if (options.bad_data && !d.late && d.rng.Chance(options.late_fraction)) {
      d.late = rec;
      d.late_truth = rt;
      return;
    }
    sink(rec, rt);
    if (options.bad_data && d.rng.Chance(options.duplicate_fraction)) sink(rec, rt);
    if (d.late) {
      sink(*d.late, d.late_truth);
      d.late.reset();
    }
  }

  // After the window: daily steps to the end of life, at the day's expected coverage cost and
  // its coldest hour.
  void FinishLife(SimDevice& d) {
    DeviceTruth& tr = truth[d.index];
    if (d.dead) return;
    const engine::estimation::DrainTable& t = table();
    const models::battery::PrimaryCellParams& cell = model.primary.cell;
    constexpr int kNodes = 9;
    double time_s = d.time_s;
    while (time_s < tr.install_time_s + kMaxLife_s) {
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
        return;
      }
      time_s += units::kSecondsPerDay;
    }
    tr.end_of_life_s = tr.install_time_s + kMaxLife_s;
  }

  void Run(const std::function<void(const engine::estimation::TelemetryRecord&, const RecordTruth&)>& sink,
           const std::function<void(double)>& progress) {
    Setup();
    using Entry = std::pair<double, std::size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (const SimDevice& d : devices) queue.push({d.time_s + d.interval_s, d.index});
    const double end = end_s();
    double next_progress = 0.0;
    engine::estimation::TelemetryRecord rec;
    RecordTruth rt;
    while (!queue.empty()) {
      const auto [time_s, i] = queue.top();
      queue.pop();
      if (time_s > end) continue;
      SimDevice& d = devices[i];
      if (!Report(d, time_s, rec, rt)) continue;
      Spoil(d, rec);
      Emit(d, rec, rt, sink);
      const bool storm = FaultActive(d, time_s, FaultKind::kReportStorm);
      const double interval_s = storm ? d.interval_s / 6.0 : d.interval_s;
      queue.push({time_s + interval_s * (1.0 + d.rng.Normal(0.0, 0.01)), i});
      if (progress && time_s >= next_progress) {
        progress((time_s - options.start_time_s) / (end - options.start_time_s));
        next_progress = time_s + units::kSecondsPerDay;
      }
    }
    for (SimDevice& d : devices) {
      if (d.late) {
        sink(*d.late, d.late_truth);
        d.late.reset();
      }
      truth[d.index].soc_at_window_end_frac = 1.0 - d.q_C / d.capacity_C;
      FinishLife(d);
    }
    if (progress) progress(1.0);
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
  impl_->Run(sink, progress);
}

const std::vector<DeviceTruth>& FleetSimulator::truth() const { return impl_->truth; }

}  // namespace pb::engine::fleet_sim
