// fleet-sim on worker threads (engine/fleet_sim/fleet_sim.hpp): the same telemetry, record for
// record and byte for byte, and the same truth whatever the number of threads; the records in
// (report time, device) order, a device's duplicate and late records right after its record,
// the late records still held when the window closes at the end by device.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/estimation/telemetry_io/telemetry_writer.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/profile_io/profile_loader.hpp"

namespace pb::engine::fleet_sim {
namespace {

using estimation::TelemetryRecord;
using estimation::telemetry_io::AppendTelemetry;
using estimation::telemetry_io::InputFormat;

DeviceProfile MastMonitor() {
  profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
}

FleetSimOptions Options(int threads, bool bad_data) {
  FleetSimOptions o;
  o.devices = 1500;
  o.days = 3.0;
  o.seed = 11;
  o.faulty_fraction = 0.2;
  o.bad_data = bad_data;
  o.threads = threads;
  return o;
}

struct Output {
  std::string text;
  std::size_t records = 0;
  std::size_t writes = 0;
  std::vector<DeviceTruth> truth;
};

Output Formatted(const FleetSimOptions& o, InputFormat format) {
  FleetSimulator sim(MastMonitor(), o);
  Output out;
  double last_progress = 0.0;
  out.records = sim.RunFormatted(
      [format](const TelemetryRecord& r, const RecordTruth&, std::string& text) { text += estimation::telemetry_io::FormatTelemetry(format, r); },
      [&](std::string_view text) {
        out.text += text;
        ++out.writes;
      },
      [&](double fraction) {
        EXPECT_GE(fraction, last_progress);
        last_progress = fraction;
      });
  EXPECT_EQ(last_progress, 1.0);
  out.truth = sim.truth();
  return out;
}

void ExpectSameTruth(const std::vector<DeviceTruth>& a, const std::vector<DeviceTruth>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].device_id);
    EXPECT_EQ(a[i].device_id, b[i].device_id);
    EXPECT_EQ(a[i].install_time_s, b[i].install_time_s);
    EXPECT_EQ(a[i].end_of_life_s, b[i].end_of_life_s);
    EXPECT_EQ(a[i].capacity_C, b[i].capacity_C);
    EXPECT_EQ(a[i].drain_multiplier, b[i].drain_multiplier);
    EXPECT_EQ(a[i].coupling_loss_dB, b[i].coupling_loss_dB);
    EXPECT_EQ(a[i].fault, b[i].fault);
    EXPECT_EQ(a[i].fault_time_s, b[i].fault_time_s);
    EXPECT_EQ(a[i].battery_swap_time_s, b[i].battery_swap_time_s);
    EXPECT_EQ(a[i].bad_data_device, b[i].bad_data_device);
    EXPECT_EQ(a[i].soc_at_window_end_frac, b[i].soc_at_window_end_frac);
  }
}

TEST(FleetSimThreads, SameTelemetryAndTruthWithOneTwoAndFiveThreads) {
  for (const InputFormat format : {InputFormat::kCsv, InputFormat::kInflux}) {
    const Output one = Formatted(Options(1, true), format);
    EXPECT_GT(one.records, 1500u * 60u);
    EXPECT_GT(one.writes, 1u);  // written a slice at a time
    for (const int threads : {2, 5}) {
      SCOPED_TRACE(threads);
      const Output many = Formatted(Options(threads, true), format);
      EXPECT_EQ(many.records, one.records);
      EXPECT_TRUE(many.text == one.text) << "telemetry differs with " << threads << " threads";
      ExpectSameTruth(many.truth, one.truth);
    }
  }
}

TEST(FleetSimThreads, RunSinkGivesTheFormattedRecordsInTheSameOrder) {
  const Output formatted = Formatted(Options(2, true), InputFormat::kJsonl);
  FleetSimulator sim(MastMonitor(), Options(3, true));
  std::string text;
  std::size_t records = 0;
  sim.Run([&](const TelemetryRecord& r, const RecordTruth&) {
    text += estimation::telemetry_io::FormatTelemetry(InputFormat::kJsonl, r);
    ++records;
  });
  EXPECT_EQ(records, formatted.records);
  EXPECT_TRUE(text == formatted.text);
  ExpectSameTruth(sim.truth(), formatted.truth);
}

TEST(FleetSimThreads, AppendTelemetryWritesWhatFormatTelemetryWrites) {
  FleetSimOptions o = Options(2, true);
  o.devices = 600;
  o.days = 20.0;
  o.faulty_fraction = 0.3;
  FleetSimulator sim(MastMonitor(), o);
  std::size_t records = 0, mismatches = 0;
  sim.Run([&](const TelemetryRecord& r, const RecordTruth&) {
    ++records;
    for (const InputFormat format : {InputFormat::kCsv, InputFormat::kJsonl, InputFormat::kSenml, InputFormat::kInflux}) {
      std::string text = "x";
      AppendTelemetry(format, r, text);
      if (text != "x" + estimation::telemetry_io::FormatTelemetry(format, r) && ++mismatches < 5)
        ADD_FAILURE() << text.substr(1) << " vs " << estimation::telemetry_io::FormatTelemetry(format, r);
    }
  });
  EXPECT_GT(records, 600u * 20u * 20u);
  EXPECT_EQ(mismatches, 0u);
  // Values the fast path leaves to the writer: NaN, a 255 % level, a device id to quote.
  TelemetryRecord r;
  r.device_id = "#7,\"x\"";
  r.time_s = 1704067200.0;
  r.voltage_V = std::numeric_limits<double>::quiet_NaN();
  r.level_frac = 2.55;
  r.temperature_degC = -0.0;
  r.present = estimation::field::kVoltage | estimation::field::kLevel | estimation::field::kTemperature;
  for (const InputFormat format : {InputFormat::kCsv, InputFormat::kJsonl, InputFormat::kSenml, InputFormat::kInflux}) {
    std::string text;
    AppendTelemetry(format, r, text);
    EXPECT_EQ(text, estimation::telemetry_io::FormatTelemetry(format, r));
    r.device_id = "dev-1";
    text.clear();
    AppendTelemetry(format, r, text);
    EXPECT_EQ(text, estimation::telemetry_io::FormatTelemetry(format, r));
    r.device_id = "#7,\"x\"";
  }
  r.device_id = "dev-2";
  r.voltage_V = 3.6;  // the fast path: a whole 255 % level, -0 degC
  for (const InputFormat format : {InputFormat::kCsv, InputFormat::kInflux}) {
    std::string text;
    AppendTelemetry(format, r, text);
    EXPECT_EQ(text, estimation::telemetry_io::FormatTelemetry(format, r));
  }
}

struct Key {
  double time_s;
  std::size_t device;
  bool operator<(const Key& o) const { return time_s < o.time_s || (time_s == o.time_s && device < o.device); }
};

std::vector<Key> Keys(const FleetSimOptions& o) {
  FleetSimulator sim(MastMonitor(), o);
  std::vector<Key> keys;
  sim.Run([&](const TelemetryRecord&, const RecordTruth& t) { keys.push_back({t.report_time_s, t.device}); });
  return keys;
}

TEST(FleetSimThreads, CleanRecordsComeInReportTimeOrderTiesByDevice) {
  const std::vector<Key> keys = Keys(Options(3, false));
  ASSERT_GT(keys.size(), 1500u * 60u);
  for (std::size_t i = 1; i < keys.size(); ++i)
    ASSERT_TRUE(keys[i - 1] < keys[i]) << "record " << i << ": device " << keys[i].device << " at " << keys[i].time_s;
}

TEST(FleetSimThreads, DuplicateAndLateRecordsFollowTheirDevicesRecord) {
  const FleetSimOptions o = Options(3, true);
  const std::vector<Key> keys = Keys(o);
  ASSERT_FALSE(keys.empty());
  Key last = keys.front();
  std::size_t following = 0, tail = 0;
  bool in_tail = false;
  for (std::size_t i = 1; i < keys.size(); ++i) {
    const Key& k = keys[i];
    if (!in_tail && last < k) {
      last = k;
      continue;
    }
    if (!in_tail && k.device == last.device && k.time_s <= last.time_s) {  // a duplicate or a late record
      ++following;
      continue;
    }
    // The late records held when the window closed: at the end, by device.
    if (!in_tail) {
      in_tail = true;
      last = {0.0, 0};
    } else {
      ASSERT_GT(k.device, last.device) << "record " << i;
    }
    ASSERT_LE(k.time_s, o.start_time_s + o.days * 86400.0);
    last = k;
    ++tail;
  }
  EXPECT_GT(following, 100u);
  EXPECT_LT(tail, 50u);
}

}  // namespace
}  // namespace pb::engine::fleet_sim
