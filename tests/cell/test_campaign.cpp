// Firmware-update campaigns: determinism, conservation of bytes and devices, monotonicity,
// reachability of sleeping devices, the scheduler's limits, and the per-device cost taken from
// the device's own budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cell/cell_test_support.hpp"
#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/campaign/campaign_run.hpp"
#include "engine/campaign/cell_campaign.hpp"
#include "engine/cell/carrier.hpp"

namespace pb::engine::campaign {
namespace {

// The bundled mast-monitor campaign on a smaller fleet, so that Debug runs stay quick.
CampaignScenario Small(std::vector<std::string> set = {}) {
  std::vector<std::string> all{"fleet.devices=2000", "fleet.cells=8"};
  all.insert(all.end(), set.begin(), set.end());
  return test::BundledCampaign("mast-monitor-quarterly", all);
}

const VariantResult& Find(const CampaignResult& r, const std::string& name) {
  for (const VariantResult& v : r.variants)
    if (v.variant.name == name) return v;
  throw std::runtime_error("no variant " + name);
}

TEST(Campaign, SeededAndDeterministic) {
  const CampaignScenario s = Small();
  const CampaignResult a = RunCampaign(s);
  const CampaignResult b = RunCampaign(s);
  EXPECT_EQ(a.seed, s.seed);
  ASSERT_EQ(a.variants.size(), b.variants.size());
  for (std::size_t i = 0; i < a.variants.size(); ++i) {
    EXPECT_EQ(a.variants[i].end_s, b.variants[i].end_s);
    EXPECT_EQ(a.variants[i].energy_all.mean_J, b.variants[i].energy_all.mean_J);
    EXPECT_EQ(a.variants[i].failed_installs, b.variants[i].failed_installs);
  }
  const CampaignResult other = RunCampaign(Small({"seed=7"}));
  EXPECT_NE(other.variants[0].end_s, a.variants[0].end_s);
}

TEST(Campaign, ConservesBytesAndDevices) {
  const CampaignResult r = RunCampaign(Small());
  const CampaignScenario s = Small();
  for (const VariantResult& v : r.variants) {
    SCOPED_TRACE(v.variant.name);
    const double image_B = v.variant.image == ImageKind::kFull ? s.image.size_B
                                                               : std::ceil(s.image.size_B * s.image.delta_ratio_frac);
    EXPECT_EQ(v.updated + v.failed + v.rolled_back + v.out_of_coverage, v.devices);
    EXPECT_EQ(v.completed_downloads + v.multicast_receptions, v.updated + v.failed_installs);
    EXPECT_DOUBLE_EQ(v.complete_download_B, static_cast<double>(v.completed_downloads) * image_B);
    EXPECT_DOUBLE_EQ(v.delivered_B, v.complete_download_B + v.partial_download_B + v.multicast_B + v.repair_B);
    EXPECT_GE(v.download_attempts, v.completed_downloads + v.multicast_receptions + v.failed_downloads);
    if (v.variant.delivery == Delivery::kUnicast) {
      EXPECT_EQ(v.multicast_B, 0.0);
      EXPECT_EQ(v.download_attempts, v.completed_downloads + v.failed_downloads);
    }
  }
}

// Without failures every reachable device gets exactly one image: bytes = devices × image.
TEST(Campaign, WithoutFailuresBytesAreDevicesTimesImage) {
  const CampaignScenario s = Small({"failures.download_failure_frac=0", "failures.install_failure_frac=0"});
  const CampaignResult r = RunCampaign(s);
  const VariantResult& full = Find(r, "full-unicast");
  const std::int64_t reachable = full.devices - full.out_of_coverage;
  EXPECT_EQ(full.updated, reachable);
  EXPECT_EQ(full.rolled_back + full.failed + full.failed_installs, 0);
  EXPECT_DOUBLE_EQ(full.delivered_B, static_cast<double>(reachable) * s.image.size_B);
  EXPECT_EQ(full.time_to_100_s.has_value(), full.out_of_coverage == 0);
  // Multicast: one image per session, unicast repair of the lost blocks only.
  const VariantResult& multi = Find(r, "full-multicast");
  EXPECT_EQ(multi.updated, reachable);
  EXPECT_LT(multi.delivered_B, full.delivered_B);
}

TEST(Campaign, LargerImageLongerCampaignMoreEnergy) {
  const CampaignResult small = RunCampaign(Small({"image.size_B=102400"}));
  const CampaignResult large = RunCampaign(Small({"image.size_B=409600"}));
  for (const char* name : {"full-unicast", "delta-unicast", "full-multicast"}) {
    SCOPED_TRACE(name);
    EXPECT_GT(Find(large, name).end_s, Find(small, name).end_s);
    EXPECT_GT(*Find(large, name).time_to_95_s, *Find(small, name).time_to_95_s);
    EXPECT_GT(Find(large, name).energy_all.mean_J, Find(small, name).energy_all.mean_J);
    EXPECT_GT(Find(large, name).delivered_B, Find(small, name).delivered_B);
  }
}

TEST(Campaign, DeltaAndMulticastAreCheaper) {
  const CampaignResult r = RunCampaign(Small());
  const VariantResult& full = Find(r, "full-unicast");
  const VariantResult& delta = Find(r, "delta-unicast");
  const VariantResult& multi = Find(r, "full-multicast");
  EXPECT_LT(delta.energy_all.mean_J, full.energy_all.mean_J);
  EXPECT_LT(*delta.time_to_95_s, *full.time_to_95_s);
  EXPECT_LT(multi.delivered_B, full.delivered_B);
  EXPECT_LT(*multi.time_to_95_s, *full.time_to_95_s);
  // Deeper coverage costs more per update.
  for (const VariantResult& v : r.variants) {
    EXPECT_LT(v.energy_by_ce[0].mean_J, v.energy_by_ce[1].mean_J) << v.variant.name;
    EXPECT_LT(v.energy_by_ce[1].mean_J, v.energy_by_ce[2].mean_J) << v.variant.name;
  }
}

// Most downloads running at once in a cell (segments of unicast downloads).
int MaxConcurrent(const std::vector<LoadSegment>& segments) {
  std::vector<std::pair<double, int>> edges;
  for (const LoadSegment& seg : segments) {
    edges.push_back({seg.start_s, +1});
    edges.push_back({seg.end_s, -1});
  }
  std::sort(edges.begin(), edges.end());  // at equal times an end (-1) sorts before a start
  int now = 0, most = 0;
  for (const auto& [time_s, step] : edges) most = std::max(most, now += step);
  return most;
}

TEST(Campaign, SchedulerKeepsItsLimits) {
  const CampaignScenario s = Small();
  const CampaignResult r = RunCampaign(s);
  for (const VariantResult& v : r.variants) {
    EXPECT_LE(v.peak_downlink_frac, s.schedule.downlink_share_frac + 1e-12) << v.variant.name;
    EXPECT_LE(v.mean_downlink_frac, v.peak_downlink_frac) << v.variant.name;
  }
  // A larger downlink share finishes sooner.
  const CampaignResult wide = RunCampaign(Small({"schedule.downlink_share_frac=0.9"}));
  EXPECT_LT(Find(wide, "full-unicast").end_s, Find(r, "full-unicast").end_s);

  // With the whole downlink to share and light CE0 links (TR 45.820 network), the concurrency
  // limit binds: never more than the limit at once, and one at a time is slower.
  double end_s[2] = {0.0, 0.0};
  for (int limit : {1, 3}) {
    const CampaignScenario c = Small({"network=tr45820-evaluation", "schedule.downlink_share_frac=1",
                                      "schedule.max_concurrent_downloads_per_cell=" + std::to_string(limit)});
    const std::vector<GroupCosts> costs = ComputeUpdateCosts(c);
    const std::vector<FleetDevice> fleet = SampleFleet(c, costs);
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < fleet.size(); ++i)
      if (fleet[i].cell == 0) members.push_back(i);
    std::vector<DeviceOutcome> outcomes(fleet.size());
    CellTotals totals;
    const double available = cell::AvailableDownlinkSubframes_per_s(c.carrier) * cell::kSubframe_s;
    RunCellCampaign(CellCampaignInputs{c, c.variants[1], costs, available}, fleet, members, outcomes, totals);
    const int most = MaxConcurrent(totals.segments);
    EXPECT_LE(most, limit);
    if (limit > 1) {
      EXPECT_GT(most, 1);
    }
    end_s[limit > 1] = totals.last_event_s;
  }
  EXPECT_GT(end_s[0], end_s[1]);
}

// A device in PSM can only start when it next reports; an update never finishes before it.
TEST(Campaign, SleepingDevicesAreReachedAtTheirNextContact) {
  const CampaignScenario s = Small();
  const std::vector<GroupCosts> costs = ComputeUpdateCosts(s);
  EXPECT_DOUBLE_EQ(costs[0].wake_interval_s, 3600.0);  // hourly reports, T3412 24 h
  const std::vector<FleetDevice> fleet = SampleFleet(s, costs);
  std::vector<std::uint32_t> members;
  for (std::uint32_t i = 0; i < fleet.size(); ++i)
    if (fleet[i].cell == 0) members.push_back(i);
  const double available = cell::AvailableDownlinkSubframes_per_s(s.carrier) * cell::kSubframe_s;
  for (const Variant& variant : s.variants) {
    std::vector<DeviceOutcome> outcomes(fleet.size());
    CellTotals totals;
    RunCellCampaign(CellCampaignInputs{s, variant, costs, available}, fleet, members, outcomes, totals);
    for (std::uint32_t i : members) {
      if (outcomes[i].status != DeviceStatus::kUpdated) continue;
      const UpdateCost& cost = costs[0].at(variant.image, fleet[i].ce_level);
      EXPECT_GE(outcomes[i].finished_s, fleet[i].first_wake_s + cost.install_duration_s - 1e-9) << variant.name;
    }
  }
}

// One update costs what the device's budget says its fota activity costs.
TEST(Campaign, PerDeviceCostComesFromTheBudget) {
  const CampaignScenario s = Small({"failures.download_failure_frac=0", "failures.install_failure_frac=0"});
  const std::vector<GroupCosts> costs = ComputeUpdateCosts(s);
  DeviceProfile profile = s.groups[0].profile;
  auto& d = std::get<ModelledDevice>(profile.device);
  d.fota.image_size_B = s.image.size_B;
  d.fota.download_ratio_frac = 1.0;
  d.fota.block_size_B = s.image.block_size_B;
  d.fota.rollback_probability_frac = 0.0;
  for (int level = 0; level < 3; ++level) {
    const UpdateCost& c = costs[0].at(ImageKind::kFull, level);
    d.coverage.coupling_loss_dB = c.coupling_loss_dB;
    const BudgetResult b = ComputeBudget(profile);
    ASSERT_TRUE(b.radio);
    EXPECT_EQ(b.radio->ce_level, level);
    const ActivityBudget* fota = b.Find(activity::kFota);
    ASSERT_TRUE(fota);
    const double fota_J = fota->energy_J_per_event, fota_J_per_day = fota->energy_J_per_day;
    EXPECT_NEAR(c.download_energy_J + c.install_energy_J, fota_J, 1e-9 * fota_J);
    EXPECT_NEAR(c.energy_J_per_day, b.energy_J_per_day - fota_J_per_day, 1e-9 * b.energy_J_per_day);
    EXPECT_GT(c.download_energy_J, 0.0);
    EXPECT_GT(c.install_energy_J, 0.0);
    EXPECT_GT(c.rollback_energy_J, 0.0);
  }
}

TEST(Campaign, ReportsProgressForEveryCell) {
  const CampaignScenario s = Small();
  std::size_t calls = 0, last_done = 0, last_total = 0;
  RunCampaign(s, [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_GT(done, last_done);
    last_done = done;
    last_total = total;
  });
  EXPECT_EQ(calls, static_cast<std::size_t>(s.cells) * s.variants.size());
  EXPECT_EQ(last_done, last_total);
}

TEST(Campaign, ScenarioErrorsNameTheField) {
  struct Case {
    const char* set;
    const char* field;
  };
  for (const Case& c : {Case{"image.block_size_B=500", "/image/block_size_B"},
                        Case{"fleet.cells=0", "/fleet/cells"},
                        Case{"retry.on_install_failure=later", "/retry/on_install_failure"},
                        Case{"variants[0].delivery=broadcast", "/variants/0/delivery"},
                        Case{"schedule.downlink_share=0.5", "/schedule/downlink_share"},
                        Case{"fleet.mix[0].set=[\"fota.enabled=false\"]", "/fleet/mix/0/device"}}) {
    try {
      test::BundledCampaign("mast-monitor-quarterly", {c.set});
      ADD_FAILURE() << c.set << " was accepted";
    } catch (const ProfileError& e) {
      EXPECT_EQ(e.field(), c.field) << c.set << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace pb::engine::campaign
