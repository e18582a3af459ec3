// Snapshot and restore: versioned, checksummed and lossless. restore(snapshot(S)) gives the
// same estimates, and a fleet restored mid-stream continues exactly as one never stopped.
#include <gtest/gtest.h>

#include <cstring>
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

// CRC-32 (IEEE 802.3), bit by bit: the snapshot's checksum, to write a snapshot as an earlier
// build did.
std::uint32_t Crc32(const std::uint8_t* data, std::size_t n) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc & 1u) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

TEST(EstimationSnapshot, ASnapshotOfAnEarlierBuildWithFewerReasonsRestores) {
  // The reasons a reader counts were appended (issue #20); a server's state written before them
  // has 15 counters and must still restore, with the new reasons at zero.
  std::deque<std::string> ids;
  const std::vector<TelemetryRecord> records = Stream(ids);
  const FleetModel model = MakeFleetModel(Profile());
  FleetEstimator fleet(model);
  fleet.Ingest(std::span(records).first(1000));
  fleet.Count(Reason::kComment, 3);
  const std::vector<std::uint8_t> blob = fleet.Snapshot();
  constexpr std::size_t kEarlierReasons = 15, kCountsAt = 4 + 4 + 8;  // after magic, version, fingerprint
  std::uint32_t reasons;
  std::memcpy(&reasons, blob.data() + kCountsAt, 4);
  ASSERT_EQ(reasons, kNumReasons);
  std::vector<std::uint8_t> earlier(blob.begin(), blob.begin() + kCountsAt);
  const auto put32 = [&earlier](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) earlier.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  put32(kEarlierReasons);
  const auto counters = blob.begin() + kCountsAt + 4;
  earlier.insert(earlier.end(), counters, counters + 8 * kEarlierReasons);
  earlier.insert(earlier.end(), counters + 8 * kNumReasons, blob.end() - 4);
  put32(Crc32(earlier.data(), earlier.size()));

  FleetEstimator restored(model);
  ASSERT_NO_THROW(restored.Restore(earlier));
  EXPECT_EQ(restored.QueryAll(), fleet.QueryAll());
  ReasonCounts expected = fleet.counts();
  for (std::size_t i = kEarlierReasons; i < kNumReasons; ++i) expected[i] = 0;
  EXPECT_EQ(restored.counts(), expected);

  // A snapshot that counts more reasons than this build knows is of a later build: refused.
  std::vector<std::uint8_t> later(blob.begin(), blob.end() - 4);
  const std::uint32_t more = kNumReasons + 1;
  std::memcpy(later.data() + kCountsAt, &more, 4);
  for (int i = 0; i < 8; ++i) later.insert(later.begin() + static_cast<std::ptrdiff_t>(kCountsAt + 4 + 8 * kNumReasons), 0);
  const std::uint32_t crc = Crc32(later.data(), later.size());
  for (int i = 0; i < 4; ++i) later.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  EXPECT_THROW(restored.Restore(later), SnapshotError);
}

}  // namespace
}  // namespace pb::engine::estimation
