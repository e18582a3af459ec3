// serve's counters, exposed by the metrics endpoint in Prometheus text format. Atomics: the
// InfluxDB writer thread counts too; everything else is counted on the event loop.
#pragma once

#include <atomic>
#include <cstdint>

namespace pb::serve {

struct ServeMetrics {
  std::atomic<std::uint64_t> messages_in{0};
  std::atomic<std::uint64_t> messages_malformed{0};
  std::atomic<std::uint64_t> messages_oversized{0};
  std::atomic<std::uint64_t> messages_duplicate{0};
  std::atomic<std::uint64_t> wal_syncs{0};
  std::atomic<std::uint64_t> estimates_published{0};
  std::atomic<std::uint64_t> estimates_unpublishable{0};  // device id makes no valid MQTT topic
  std::atomic<std::uint64_t> influx_points_written{0};
  std::atomic<std::uint64_t> influx_write_errors{0};
  std::atomic<std::uint64_t> influx_points_dropped{0};
  std::atomic<std::uint64_t> mqtt_reconnects{0};
  std::atomic<std::uint64_t> records_accepted{0};  // since the state began (restored with it)
  std::atomic<std::int64_t> influx_queue_points{0};
};

}  // namespace pb::serve
