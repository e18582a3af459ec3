// powerbudget serve's event loop: one thread polls the MQTT connection, the metrics endpoint and
// the timers; the InfluxDB writer has its own thread. Per batch of received messages:
//   parse -> FleetEstimator::Ingest -> append to the write-ahead log, fdatasync -> PUBACK each
//   -> publish the touched devices' estimates (SenML, retained, QoS 1) and queue them for InfluxDB.
// Start: restore the snapshot, replay the log, write a fresh snapshot, then connect.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "serve/http_endpoint.hpp"
#include "serve/influx_writer.hpp"
#include "serve/message_ingest.hpp"
#include "serve/mqtt_client.hpp"
#include "serve/recent_messages.hpp"
#include "serve/serve_config.hpp"
#include "serve/serve_metrics.hpp"
#include "serve/state_store.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"

namespace pb::serve {

struct ServeSummary {
  std::size_t restored_devices = 0;
  std::size_t replayed_messages = 0;
  std::size_t torn_bytes = 0;
  std::uint64_t messages_in = 0;
  std::uint64_t records_accepted = 0;  // since the state began
  std::uint64_t estimates_published = 0;
  std::uint64_t influx_points_written = 0;
  std::uint64_t mqtt_reconnects = 0;
  std::size_t devices = 0;
  int metrics_port = 0;
};

class Server {
 public:
  Server(ServeConfig config, engine::estimation::FleetModel model, std::ostream& log);
  ~Server();
  // Restores the state and binds the metrics port (printed to the log). Throws on bad state.
  void Start();
  // Runs until `stop` becomes true; then snapshots, flushes and disconnects.
  void Run(const std::atomic<bool>& stop);
  ServeSummary summary() const;
  int metrics_port() const;

 private:
  void ProcessBatch(Received& received, std::uint64_t connection);
  void PublishEstimate(const std::string& device);
  void Snapshot();
  HttpResponse HandleHttp(const std::string& method, const std::string& path);
  std::string MetricsText();

  ServeConfig config_;
  std::ostream& log_;
  engine::estimation::FleetEstimator fleet_;
  MessageIngest ingest_;
  ServeMetrics metrics_;
  std::vector<TopicRoute> routes_;
  RecentMessages recent_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<MqttClient> client_;
  std::unique_ptr<InfluxWriter> influx_;
  std::unique_ptr<HttpEndpoint> http_;
  ServeSummary summary_;
  double last_batch_lag_s_ = 0.0;
  std::uint64_t malformed_logged_ = 0;
  std::uint64_t oversized_logged_ = 0;
  std::uint64_t unpublishable_logged_ = 0;
  std::uint64_t mismatch_logged_ = 0;
  std::chrono::steady_clock::time_point last_snapshot_{};
  double last_snapshot_s_ = 0.0;
  std::uint64_t crash_after_batches_ = 0;  // POWERBUDGET_SERVE_CRASH_AFTER_BATCHES (tests only)
  std::uint64_t batches_logged_ = 0;
};

}  // namespace pb::serve
