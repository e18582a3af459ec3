// Snapshot and restore: versioned, checksummed and lossless. restore(snapshot(S)) gives the
// same estimates, and a fleet restored mid-stream continues exactly as one never stopped.
#include <gtest/gtest.h>

#include <deque>

#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "support/test_device.hpp"

namespace pb::engine::estimation {
namespace {

engine::DeviceProfile Profile() {
  engine::DeviceProfile p = test::TestProfile();
  p.battery.chemistry = models::battery::Chemistry::kLiSOCl2;
  return p;
}

std::vector<TelemetryRecord> Stream(std::deque<std::string>& ids) {
  engine::fleet_sim::FleetSimOptions o;
  o.devices = 20;
  o.days = 15.0;
  o.seed = 9;
  o.faulty_fraction = 0.2;
  engine::fleet_sim::FleetSimulator sim(Profile(), o);
  std::vector<TelemetryRecord> out;
  sim.Run([&](const TelemetryRecord& r, const engine::fleet_sim::RecordTruth&) {
    ids.emplace_back(r.device_id);
    TelemetryRecord copy = r;
    copy.device_id = ids.back();
    out.push_back(copy);
  });
  return out;
}

TEST(EstimationSnapshot, RestoreGivesIdenticalEstimatesAndContinuesIdentically) {
  std::deque<std::string> ids;
  const std::vector<TelemetryRecord> records = Stream(ids);
  const std::size_t half = records.size() / 2;
  const FleetModel model = MakeFleetModel(Profile());
  FleetEstimator uninterrupted(model), first(model);
  uninterrupted.Ingest(std::span(records));
  first.Ingest(std::span(records).first(half));

  const std::vector<std::uint8_t> blob = first.Snapshot();
  FleetEstimator second(model);
  second.Restore(blob);
  EXPECT_EQ(second.QueryAll(), first.QueryAll());
  EXPECT_EQ(second.counts(), first.counts());
  EXPECT_EQ(second.Snapshot(), blob);  // bit for bit

  second.Ingest(std::span(records).subspan(half));
  EXPECT_EQ(second.QueryAll(), uninterrupted.QueryAll());
  EXPECT_EQ(second.counts(), uninterrupted.counts());
}

TEST(EstimationSnapshot, DamagedOrForeignSnapshotsAreRefusedAndChangeNothing) {
  std::deque<std::string> ids;
  const std::vector<TelemetryRecord> records = Stream(ids);
  const FleetModel model = MakeFleetModel(Profile());
  FleetEstimator fleet(model);
  fleet.Ingest(std::span(records).first(1000));
  const std::vector<std::uint8_t> blob = fleet.Snapshot();
  const auto before = fleet.QueryAll();

  std::vector<std::uint8_t> flipped = blob;
  flipped[blob.size() / 2] ^= 0x10;
  EXPECT_THROW(fleet.Restore(flipped), SnapshotError);
  EXPECT_THROW(fleet.Restore(std::span(blob).first(blob.size() - 7)), SnapshotError);
  EXPECT_THROW(fleet.Restore(std::vector<std::uint8_t>{}), SnapshotError);

  engine::DeviceProfile other = Profile();
  other.battery.capacity_C *= 2.0;
  FleetEstimator foreign(MakeFleetModel(other));
  try {
    foreign.Restore(blob);
    FAIL() << "restored a snapshot of other parameters";
  } catch (const SnapshotError& e) {
    EXPECT_NE(std::string(e.what()).find("other fleet parameters"), std::string::npos);
  }
  EXPECT_EQ(fleet.QueryAll(), before);
}

}  // namespace
}  // namespace pb::engine::estimation
