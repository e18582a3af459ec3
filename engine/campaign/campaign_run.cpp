#include "engine/campaign/campaign_run.hpp"

#include <algorithm>
#include <cmath>

#include "engine/campaign/cell_campaign.hpp"
#include "engine/cell/carrier.hpp"

namespace pb::engine::campaign {
namespace {

constexpr int kTimelinePoints = 20;

// Nearest-rank percentile of sorted values.
double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

EnergySummary Summarise(std::vector<double> energy_J, std::vector<double> days) {
  EnergySummary s;
  s.devices = static_cast<std::int64_t>(energy_J.size());
  if (energy_J.empty()) return s;
  std::sort(energy_J.begin(), energy_J.end());
  std::sort(days.begin(), days.end());
  double sum_J = 0.0, sum_days = 0.0;
  for (double e : energy_J) sum_J += e;
  for (double d : days) sum_days += d;
  s.mean_J = sum_J / static_cast<double>(energy_J.size());
  s.p50_J = Percentile(energy_J, 0.5);
  s.p95_J = Percentile(energy_J, 0.95);
  s.max_J = energy_J.back();
  s.mean_days = sum_days / static_cast<double>(days.size());
  s.p95_days = Percentile(days, 0.95);
  s.max_days = days.back();
  return s;
}

// When a share of the whole fleet had been updated (sorted update times), if it ever was.
std::optional<double> TimeToShare(const std::vector<double>& updated_s, std::int64_t fleet, double share) {
  const auto needed = static_cast<std::size_t>(std::ceil(share * static_cast<double>(fleet) - 1e-9));
  if (needed == 0) return 0.0;
  if (needed > updated_s.size()) return std::nullopt;
  return updated_s[needed - 1];
}

std::vector<TimelinePoint> Timeline(const std::vector<double>& updated_s, std::int64_t fleet, double end_s, int cells,
                                    const std::vector<CellTotals>& totals) {
  std::vector<TimelinePoint> points;
  if (end_s <= 0.0 || fleet == 0) return points;
  const double step_s = end_s / kTimelinePoints;
  std::vector<double> load_s(kTimelinePoints, 0.0);  // ∫ downlink fraction dt per interval
  for (const CellTotals& t : totals) {
    for (const LoadSegment& seg : t.segments) {
      const int first = std::clamp(static_cast<int>(seg.start_s / step_s), 0, kTimelinePoints - 1);
      const int last = std::clamp(static_cast<int>(seg.end_s / step_s), 0, kTimelinePoints - 1);
      for (int k = first; k <= last; ++k) {
        const double overlap_s = std::min(seg.end_s, (k + 1) * step_s) - std::max(seg.start_s, k * step_s);
        if (overlap_s > 0.0) load_s[static_cast<std::size_t>(k)] += overlap_s * seg.downlink_frac;
      }
    }
  }
  for (int k = 1; k <= kTimelinePoints; ++k) {
    const double t_s = k * step_s;
    const auto done = std::upper_bound(updated_s.begin(), updated_s.end(), t_s * (1.0 + 1e-12)) - updated_s.begin();
    points.push_back({t_s, static_cast<double>(done) / static_cast<double>(fleet),
                      load_s[static_cast<std::size_t>(k - 1)] / (step_s * cells)});
  }
  return points;
}

}  // namespace

CampaignResult RunCampaign(const CampaignScenario& s, const CampaignProgress& progress) {
  const std::vector<GroupCosts> costs = ComputeUpdateCosts(s);
  const std::vector<FleetDevice> fleet = SampleFleet(s, costs);
  const double available_downlink_frac = cell::AvailableDownlinkSubframes_per_s(s.carrier) * cell::kSubframe_s;

  CampaignResult result;
  result.scenario = s.name;
  result.seed = s.seed;
  result.devices = s.devices;
  result.cells = s.cells;
  std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(s.cells));
  for (std::uint32_t i = 0; i < fleet.size(); ++i) {
    members[fleet[i].cell].push_back(i);
    if (fleet[i].ce_level < 0)
      result.out_of_coverage_frac += 1.0 / s.devices;
    else
      result.ce_share_frac[static_cast<std::size_t>(fleet[i].ce_level)] += 1.0 / s.devices;
  }

  const std::size_t units_total = static_cast<std::size_t>(s.cells) * s.variants.size();
  std::size_t units_done = 0;
  // Kept until every variant has run, so that all timelines share one time axis.
  std::vector<std::vector<double>> updated_by_variant;
  std::vector<std::vector<CellTotals>> totals_by_variant;
  for (const Variant& variant : s.variants) {
    std::vector<DeviceOutcome> outcomes(fleet.size());
    std::vector<CellTotals> totals(static_cast<std::size_t>(s.cells));
    const CellCampaignInputs inputs{s, variant, costs, available_downlink_frac};
    for (std::size_t c = 0; c < members.size(); ++c) {
      RunCellCampaign(inputs, fleet, members[c], outcomes, totals[c]);
      ++units_done;
      if (progress) progress(units_done, units_total);
    }

    VariantResult v;
    v.variant = variant;
    v.devices = s.devices;
    std::vector<double> updated_s;
    std::array<std::vector<double>, 3> energy_J, days;
    std::vector<double> all_J, all_days;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const DeviceOutcome& o = outcomes[i];
      v.download_attempts += o.download_attempts;
      switch (o.status) {
        case DeviceStatus::kUpdated: ++v.updated; updated_s.push_back(o.finished_s); break;
        case DeviceStatus::kFailed: ++v.failed; break;
        case DeviceStatus::kRolledBack: ++v.rolled_back; break;
        case DeviceStatus::kOutOfCoverage: ++v.out_of_coverage; continue;
        case DeviceStatus::kPending: break;
      }
      const auto level = static_cast<std::size_t>(fleet[i].ce_level);
      const double day_J = costs[fleet[i].group].at(variant.image, fleet[i].ce_level).energy_J_per_day;
      energy_J[level].push_back(o.energy_J);
      days[level].push_back(o.energy_J / day_J);
      all_J.push_back(o.energy_J);
      all_days.push_back(o.energy_J / day_J);
    }
    for (std::size_t l = 0; l < 3; ++l) v.energy_by_ce[l] = Summarise(energy_J[l], days[l]);
    v.energy_all = Summarise(all_J, all_days);
    v.battery_days_per_year = v.energy_all.mean_days * s.updates_per_year;

    double downlink_s = 0.0;
    for (const CellTotals& t : totals) {
      v.end_s = std::max(v.end_s, t.last_event_s);
      v.peak_downlink_frac = std::max(v.peak_downlink_frac, t.peak_downlink_frac);
      downlink_s += t.downlink_s;
      v.completed_downloads += t.completed_downloads;
      v.failed_downloads += t.failed_downloads;
      v.failed_installs += t.failed_installs;
      v.multicast_receptions += t.multicast_receptions;
      v.complete_download_B += t.complete_download_B;
      v.partial_download_B += t.partial_download_B;
      v.multicast_B += t.multicast_B;
      v.repair_B += t.repair_B;
    }
    v.delivered_B = v.complete_download_B + v.partial_download_B + v.multicast_B + v.repair_B;
    if (v.end_s > 0.0) v.mean_downlink_frac = downlink_s / (s.cells * v.end_s * available_downlink_frac);
    std::sort(updated_s.begin(), updated_s.end());
    v.time_to_50_s = TimeToShare(updated_s, v.devices, 0.5);
    v.time_to_95_s = TimeToShare(updated_s, v.devices, 0.95);
    v.time_to_100_s = TimeToShare(updated_s, v.devices, 1.0);
    result.variants.push_back(std::move(v));
    updated_by_variant.push_back(std::move(updated_s));
    totals_by_variant.push_back(std::move(totals));
  }
  double end_s = 0.0;
  for (const VariantResult& v : result.variants) end_s = std::max(end_s, v.end_s);
  for (std::size_t i = 0; i < result.variants.size(); ++i)
    result.variants[i].timeline = Timeline(updated_by_variant[i], s.devices, end_s, s.cells, totals_by_variant[i]);
  return result;
}

}  // namespace pb::engine::campaign
