// The answer of `powerbudget campaign`: each variant (full or delta image, unicast or SC-PTM
// multicast) run over the same seeded fleet, cell by cell (cell_campaign.hpp), and summarised:
// when 50 %, 95 % and 100 % of the fleet is updated, the cells' downlink load, the bytes sent,
// failures and rollbacks, and what the update cost each device — in joules and in days of its
// battery life (the energy over the device's normal daily energy from its budget, FOTA
// excluded), by CE level.
//
// Conservation (tested): delivered bytes = complete downloads × image + partial downloads +
// multicast sessions × image + multicast repairs; complete downloads + multicast receptions =
// updated devices + failed installs; every reachable device ends updated, failed or rolled back.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/campaign/campaign_scenario.hpp"

namespace pb::engine::campaign {

struct EnergySummary {
  std::int64_t devices = 0;
  double mean_J = 0.0, p50_J = 0.0, p95_J = 0.0, max_J = 0.0;
  double mean_days = 0.0, p95_days = 0.0, max_days = 0.0;  // of battery life
};

struct TimelinePoint {
  double time_s = 0.0;
  double updated_frac = 0.0;   // of the whole fleet, by time_s
  double downlink_frac = 0.0;  // campaign's mean downlink load over the cells since the previous point
};

struct VariantResult {
  Variant variant;
  std::int64_t devices = 0;
  std::int64_t updated = 0;
  std::int64_t failed = 0;       // gave up after max_download_attempts
  std::int64_t rolled_back = 0;  // stayed on the old image after a failed install
  std::int64_t out_of_coverage = 0;
  std::int64_t download_attempts = 0;
  std::int64_t completed_downloads = 0;
  std::int64_t failed_downloads = 0;
  std::int64_t failed_installs = 0;  // each one a rollback
  std::int64_t multicast_receptions = 0;
  std::optional<double> time_to_50_s, time_to_95_s, time_to_100_s;  // empty when never reached
  double end_s = 0.0;  // the last device updated or given up
  double peak_downlink_frac = 0.0;  // of a cell's available downlink, the busiest moment of any cell
  double mean_downlink_frac = 0.0;  // over all cells from the start to end_s
  double delivered_B = 0.0;
  double complete_download_B = 0.0;
  double partial_download_B = 0.0;
  double multicast_B = 0.0;
  double repair_B = 0.0;
  std::array<EnergySummary, 3> energy_by_ce{};
  EnergySummary energy_all;
  double battery_days_per_year = 0.0;  // mean days per update × updates per year
  std::vector<TimelinePoint> timeline;  // on a time axis shared by all variants
};

struct CampaignResult {
  std::string scenario;
  std::uint64_t seed = 0;
  int devices = 0;
  int cells = 0;
  std::array<double, 3> ce_share_frac{};  // of the fleet as drawn
  double out_of_coverage_frac = 0.0;
  std::vector<VariantResult> variants;
};

// progress(done, total) is called as each cell of each variant finishes (total = cells ×
// variants); the engine itself never prints.
using CampaignProgress = std::function<void(std::size_t done, std::size_t total)>;

CampaignResult RunCampaign(const CampaignScenario& scenario, const CampaignProgress& progress = {});

}  // namespace pb::engine::campaign
