#include "engine/cell/cell_load.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "models/units.hpp"

namespace pb::engine::cell {
namespace {

// More epochs than this (a hyper-period of odd intervals) and every report is taken to fall on
// one epoch with all the others: the worst case, stated in docs/cell-and-campaigns.md.
constexpr std::int64_t kMaxEpochs = 100'000;
constexpr std::int64_t kMaxPeriod_s = 1'000'000'000'000;  // keeps the lcm inside 64 bits

struct PerClass {
  double extra_per_report = 0.0;  // extra attempts per report access
  double extra_per_other = 0.0;   // extra attempts per TAU / keep-alive access
  double wait_s_per_report = 0.0;
  double failed_per_report = 0.0;  // reports whose access was given up
};

struct Carrier {
  double downlink_s_per_s;  // available NPDCCH+NPDSCH time per second
  double uplink_Hz;         // bandwidth left to NPUSCH
};

std::array<AccessOutcome, 3> SolveLevels(const CellScenario& s, const std::array<double, 3>& accesses_per_s) {
  std::array<AccessOutcome, 3> out{};
  for (std::size_t l = 0; l < 3; ++l)
    out[l] = SolveAccess(accesses_per_s[l] * s.network.ce_levels[l].nprach_periodicity_s, s.carrier.nprach_subcarriers[l],
                         s.access.max_preamble_attempts);
  return out;
}

// The report epochs of synchronised reporting and the retries and queueing each class sees.
class SynchronisedEpochs {
 public:
  SynchronisedEpochs(const CellScenario& s, const DeviceClasses& dc, double devices, const Carrier& carrier)
      : s_(s), dc_(dc), devices_(devices), carrier_(carrier) {
    for (const DeviceClass& c : dc.classes) {
      if (c.reports_per_s <= 0.0) continue;
      const auto interval = std::max<std::int64_t>(1, std::llround(c.report_interval_s));
      if (std::find(intervals_.begin(), intervals_.end(), interval) == intervals_.end()) intervals_.push_back(interval);
    }
  }

  // Fills per-class figures and returns the worst epoch's outcome per CE level.
  std::array<AccessOutcome, 3> Evaluate(std::vector<PerClass>& per_class) {
    std::array<AccessOutcome, 3> worst{};
    if (intervals_.empty()) return worst;
    std::int64_t step = intervals_[0], period = intervals_[0];
    bool all_aligned = false;
    for (std::int64_t i : intervals_) {
      step = std::gcd(step, i);
      const std::int64_t g = std::gcd(period, i);
      if (period / g > kMaxPeriod_s / i) {
        all_aligned = true;  // the hyper-period would not fit: take the worst case
        break;
      }
      period = period / g * i;
    }
    const std::int64_t epochs = all_aligned ? 1 : period / step;
    if (epochs > kMaxEpochs) all_aligned = true;
    // Background: TAU and keep-alive accesses stay random.
    std::array<double, 3> background{};
    for (const DeviceClass& c : dc_.classes) background[c.ce_level] += devices_ * c.share_frac * c.other_accesses_per_s;
    const std::array<AccessOutcome, 3> bg = SolveLevels(s_, background);
    const std::size_t classes = dc_.classes.size();
    std::vector<double> sum_extra(classes), sum_wait(classes), sum_failed(classes), count(classes);
    for (std::int64_t k = 0; k < (all_aligned ? 1 : epochs); ++k) {
      const std::int64_t t = k * step;
      std::array<double, 3> burst{};
      double downlink_s = 0.0, uplink_Hz_s = 0.0;
      for (const DeviceClass& c : dc_.classes) {
        if (!ReportsAt(c, t, all_aligned)) continue;
        const double n = devices_ * c.share_frac;
        burst[c.ce_level] += n;
        downlink_s += n * c.report_use.downlink_s();
        uplink_Hz_s += n * c.report_use.npusch_Hz_s;
      }
      std::array<AccessOutcome, 3> at{};
      for (std::size_t l = 0; l < 3; ++l) {
        if (burst[l] <= 0.0) continue;
        const double period_s = s_.network.ce_levels[l].nprach_periodicity_s;
        const double spread = s_.synchronised_spread_s > 0.0 ? std::min(1.0, period_s / s_.synchronised_spread_s) : 1.0;
        at[l] = SolveAccess(burst[l] * spread + background[l] * period_s, s_.carrier.nprach_subcarriers[l],
                            s_.access.max_preamble_attempts);
        if (at[l].collision_probability_frac > worst[l].collision_probability_frac) worst[l] = at[l];
      }
      const double drain_s = std::max(downlink_s / carrier_.downlink_s_per_s, uplink_Hz_s / carrier_.uplink_Hz);
      const double wait_s = std::max(0.0, 0.5 * (drain_s - s_.synchronised_spread_s));
      for (std::size_t i = 0; i < dc_.classes.size(); ++i) {
        const DeviceClass& c = dc_.classes[i];
        if (!ReportsAt(c, t, all_aligned)) continue;
        const AccessOutcome& a = at[c.ce_level];
        sum_extra[i] += a.mean_attempts - 1.0;
        sum_wait[i] += wait_s * (1.0 - a.failure_probability_frac);  // only those that got through queue
        sum_failed[i] += a.failure_probability_frac;
        count[i] += 1.0;
      }
    }
    for (std::size_t i = 0; i < dc_.classes.size(); ++i) {
      const DeviceClass& c = dc_.classes[i];
      per_class[i].extra_per_other = bg[c.ce_level].mean_attempts - 1.0;
      if (count[i] > 0.0) {
        per_class[i].extra_per_report = sum_extra[i] / count[i];
        per_class[i].wait_s_per_report = sum_wait[i] / count[i];
        per_class[i].failed_per_report = sum_failed[i] / count[i];
      }
    }
    return worst;
  }

 private:
  static bool ReportsAt(const DeviceClass& c, std::int64_t t, bool all_aligned) {
    if (c.reports_per_s <= 0.0) return false;
    return all_aligned || t % std::max<std::int64_t>(1, std::llround(c.report_interval_s)) == 0;
  }

  const CellScenario& s_;
  const DeviceClasses& dc_;
  double devices_;
  Carrier carrier_;
  std::vector<std::int64_t> intervals_;
};

}  // namespace

const char* ArrivalPatternName(ArrivalPattern pattern) {
  return pattern == ArrivalPattern::kRandomised ? "randomised" : "synchronised";
}

double CellLoad::max_utilisation_frac() const { return std::max(channels.downlink_frac, channels.npusch_frac); }

double CellLoad::max_collision_probability_frac() const {
  double p = 0.0;
  for (const CeLevelLoad& l : ce) p = std::max(p, l.access.collision_probability_frac);
  return p;
}

CellLoad EvaluateLoad(const CellScenario& s, const DeviceClasses& dc, double devices, ArrivalPattern pattern) {
  const Carrier carrier{AvailableDownlinkSubframes_per_s(s.carrier) * kSubframe_s, AvailableUplink_Hz(s.carrier, s.network)};
  CellLoad load;
  load.pattern = pattern;
  load.devices = devices;
  std::array<double, 3> accesses_per_s{};
  for (const DeviceClass& c : dc.classes) {
    load.ce[c.ce_level].devices += devices * c.share_frac;
    accesses_per_s[c.ce_level] += devices * c.share_frac * c.accesses_per_s();
  }
  for (std::size_t l = 0; l < 3; ++l) {
    load.ce[l].accesses_per_s = accesses_per_s[l];
    load.ce[l].preambles = s.carrier.nprach_subcarriers[l];
    load.ce[l].nprach_period_s = s.network.ce_levels[l].nprach_periodicity_s;
  }

  std::vector<PerClass> per_class(dc.classes.size());
  if (pattern == ArrivalPattern::kRandomised) {
    const std::array<AccessOutcome, 3> outcome = SolveLevels(s, accesses_per_s);
    for (std::size_t l = 0; l < 3; ++l) load.ce[l].access = outcome[l];
    for (std::size_t i = 0; i < dc.classes.size(); ++i) {
      const double extra = outcome[dc.classes[i].ce_level].mean_attempts - 1.0;
      per_class[i] = PerClass{extra, extra, 0.0, outcome[dc.classes[i].ce_level].failure_probability_frac};
    }
  } else {
    const std::array<AccessOutcome, 3> worst = SynchronisedEpochs(s, dc, devices, carrier).Evaluate(per_class);
    for (std::size_t l = 0; l < 3; ++l) load.ce[l].access = worst[l];
  }

  double covered_frac = 0.0;
  for (const DeviceClass& c : dc.classes) covered_frac += c.share_frac;
  ChannelUse total;
  std::array<double, 3> ce_weight{};
  for (std::size_t i = 0; i < dc.classes.size(); ++i) {
    const DeviceClass& c = dc.classes[i];
    const PerClass& r = per_class[i];
    const double n = devices * c.share_frac;
    ChannelUse per_device;
    per_device.AddScaled(c.report_use, c.reports_per_s);
    per_device.Add(c.other_use_per_s);
    per_device.AddScaled(c.retry_use, c.reports_per_s * r.extra_per_report + c.other_accesses_per_s * r.extra_per_other);
    total.AddScaled(per_device, n);
    load.ce[c.ce_level].downlink_frac += n * per_device.downlink_s() / carrier.downlink_s_per_s;
    load.ce[c.ce_level].uplink_frac += n * per_device.npusch_Hz_s / carrier.uplink_Hz;

    const double extra_J_per_report = r.extra_per_report * c.retry_energy_J;
    const double extra_J_per_day =
        units::kSecondsPerDay * (c.reports_per_s * extra_J_per_report + c.other_accesses_per_s * r.extra_per_other * c.retry_energy_J);
    const double loaded_lifetime_s = c.lifetime_s * c.energy_J_per_day / (c.energy_J_per_day + extra_J_per_day);
    const double loss_days = (c.lifetime_s - loaded_lifetime_s) / units::kSecondsPerDay;
    const double w = c.share_frac / covered_frac;
    EnergyPenalty& p = load.penalty;
    const double accesses = c.accesses_per_s();
    if (accesses > 0.0)
      p.extra_attempts_per_access +=
          w * (c.reports_per_s * r.extra_per_report + c.other_accesses_per_s * r.extra_per_other) / accesses;
    p.extra_energy_J_per_report += w * extra_J_per_report;
    p.extra_energy_J_per_day += w * extra_J_per_day;
    p.queueing_wait_s_per_report += w * r.wait_s_per_report;
    p.failed_access_frac += w * r.failed_per_report;
    p.lifetime_loss_days += w * loss_days;
    p.lifetime_loss_days_max = std::max(p.lifetime_loss_days_max, loss_days);
    p.lifetime_loss_days_by_ce[c.ce_level] += c.share_frac * loss_days;
    ce_weight[c.ce_level] += c.share_frac;
  }
  for (std::size_t l = 0; l < 3; ++l)
    if (ce_weight[l] > 0.0) load.penalty.lifetime_loss_days_by_ce[l] /= ce_weight[l];

  load.channels.npdcch_frac = total.npdcch_s / carrier.downlink_s_per_s;
  load.channels.npdsch_frac = total.npdsch_s / carrier.downlink_s_per_s;
  load.channels.downlink_frac = total.downlink_s() / carrier.downlink_s_per_s;
  load.channels.npusch_frac = total.npusch_Hz_s / carrier.uplink_Hz;
  load.channels.nprach_reserved_frac = 1.0 - carrier.uplink_Hz / kCarrierBandwidth_Hz;
  return load;
}

}  // namespace pb::engine::cell
