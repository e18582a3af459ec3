#include "serve/server.hpp"

#include <poll.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "serve/http_endpoint.hpp"
#include "serve/loopback_host.hpp"
#include "engine/estimation/telemetry_io/estimate_writer.hpp"

namespace pb::serve {

namespace est = pb::engine::estimation;
using Clock = std::chrono::steady_clock;

namespace {

double NowUnix() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string WithoutNewline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The reasons that reject a whole record (reject_reason.hpp): the first ones, up to
// kNumericalGuard, and the one serve itself applies before the estimator.
bool RejectsRecord(std::size_t reason) {
  return reason <= static_cast<std::size_t>(est::Reason::kNumericalGuard) ||
         reason == static_cast<std::size_t>(est::Reason::kDeviceMismatch);
}

}  // namespace

Server::Server(ServeConfig config, est::FleetModel model, std::ostream& log)
    : config_(std::move(config)), log_(log), fleet_(std::move(model)), ingest_(fleet_), routes_(EffectiveRoutes(config_)),
      recent_(config_.dedup_window_messages) {
  if (const char* n = std::getenv("POWERBUDGET_SERVE_CRASH_AFTER_BATCHES"); n != nullptr)
    crash_after_batches_ = std::strtoull(n, nullptr, 10);
}

Server::~Server() = default;

int Server::metrics_port() const { return http_ ? http_->port() : 0; }

void Server::Start() {
  // Everything that can be refused for bad configuration first, before the state is touched.
  tls_ = std::make_unique<TlsContext>(TlsFiles{config_.ca_file, config_.cert_file, config_.key_file});
  MqttOptions mqtt;
  mqtt.host = config_.host;
  mqtt.port = config_.port;
  mqtt.connect.client_id = config_.client_id;
  mqtt.connect.clean_session = false;
  mqtt.connect.keep_alive_s = static_cast<std::uint16_t>(config_.keep_alive_s);
  if (const char* u = std::getenv("POWERBUDGET_MQTT_USERNAME"); u != nullptr && *u != '\0') {
    mqtt.connect.username = u;
    if (const char* p = std::getenv("POWERBUDGET_MQTT_PASSWORD"); p != nullptr) mqtt.connect.password = p;
  }
  for (const TopicRoute& r : routes_) mqtt.subscriptions.push_back({r.filter, 1});
  mqtt.max_message_bytes = config_.max_message_bytes;
  mqtt.max_inflight_out = config_.max_inflight_out;
  client_ = std::make_unique<MqttClient>(mqtt, *tls_);
  influx_ = std::make_unique<InfluxWriter>(config_.influx, metrics_);
  http_ = std::make_unique<HttpEndpoint>(config_.metrics_bind, config_.metrics_port,
                                         [this](const std::string& m, const std::string& p) { return HandleHttp(m, p); });
  store_ = std::make_unique<StateStore>(config_.state_dir);
  if (auto snapshot = store_->LoadSnapshot()) {
    recent_.Load(snapshot->recent);
    try {
      fleet_.Restore(snapshot->fleet);
    } catch (const est::SnapshotError& e) {
      throw std::runtime_error("state_dir: snapshot " + config_.state_dir + "/snapshot.bin cannot be restored: " + e.what());
    }
  }
  summary_.restored_devices = fleet_.device_count();
  std::unordered_set<std::string> touched;
  summary_.replayed_messages = store_->ReplayLog(
      [&](const WalMessage& m) {
        const std::uint64_t hash = MessageHash(m.topic, m.payload);
        if (recent_.Contains(hash)) return;
        recent_.Add(hash);
        IngestTally tally;
        ingest_.Ingest(m.topic, m.payload, RouteForTopic(routes_, m.topic), tally);
        touched.insert(tally.touched.begin(), tally.touched.end());
      },
      summary_.torn_bytes);
  std::uint64_t accepted = 0;
  fleet_.ForEachEstimate([&](const est::DeviceEstimate& e) { accepted += e.records_accepted; });
  metrics_.records_accepted = accepted;
  // The replayed log is now in a snapshot of a new generation, with an empty log.
  store_->WriteSnapshot(fleet_.Snapshot(), recent_.List());
  last_snapshot_ = Clock::now();
  log_ << "powerbudget serve: state " << config_.state_dir << ": " << summary_.restored_devices
       << " devices from the snapshot, " << summary_.replayed_messages << " messages replayed from the log"
       << (summary_.torn_bytes > 0 ? ", " + std::to_string(summary_.torn_bytes) +
                                          " bytes after the last intact entry dropped (kept in " + store_->dropped_path() + ")"
                                    : "")
       << ", " << accepted << " records accepted in all\n";

  log_ << "powerbudget serve: metrics on http://" << config_.metrics_bind << ":" << http_->port() << "/metrics" << std::endl;
  // The endpoint has no authentication and no TLS: beyond loopback, anyone who reaches the port
  // reads the fleet's counts and health, and can load the event loop with requests.
  if (!IsLoopbackHost(config_.metrics_bind))
    log_ << "powerbudget serve: warning: metrics.bind " << config_.metrics_bind
         << " is not loopback: /metrics and /healthz answer anyone who can reach port " << http_->port()
         << " (no authentication, no TLS); firewall it, or bind 127.0.0.1 and scrape through a proxy" << std::endl;
  // Devices replayed from the log get their estimates published once connected.
  for (const std::string& d : touched) PublishEstimate(d);
}

void Server::PublishEstimate(const std::string& device) {
  const std::optional<est::DeviceEstimate> e = fleet_.Query(device);
  if (!e) return;
  const std::string topic = config_.out_prefix + "/" + device;
  if (!client_->PublishRetained(topic, WithoutNewline(est::telemetry_io::FormatEstimate(est::telemetry_io::EstimateFormat::kSenml, *e)))) {
    // A device id from a payload ("a+b", a control character, 70,000 bytes) that makes no valid
    // topic: publishing it would get us disconnected again after every reconnect. InfluxDB still
    // gets the estimate (its writer escapes the tag).
    metrics_.estimates_unpublishable.fetch_add(1, std::memory_order_relaxed);
    if (unpublishable_logged_++ < 20)
      log_ << "powerbudget serve: no MQTT estimate for a device whose id makes an invalid topic ("
           << mqtt::TopicNameError(topic) << "; id of " << device.size() << " bytes)\n";
  }
  influx_->Enqueue(est::telemetry_io::FormatEstimate(est::telemetry_io::EstimateFormat::kInflux, *e));
}

void Server::ProcessBatch(Received& received, std::uint64_t connection) {
  if (received.messages.empty() && received.oversized.empty()) return;
  std::string wal;
  IngestTally tally;
  for (const mqtt::Publish& m : received.messages) {
    metrics_.messages_in.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t hash = MessageHash(m.topic, m.payload);
    if (recent_.Contains(hash)) {  // a redelivery of what the state already holds: acknowledge only
      metrics_.messages_duplicate.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    recent_.Add(hash);
    const std::size_t before = tally.malformed_lines;
    const std::size_t mismatches_before = tally.device_mismatches;
    if (!ingest_.Ingest(m.topic, m.payload, RouteForTopic(routes_, m.topic), tally)) {
      metrics_.messages_malformed.fetch_add(1, std::memory_order_relaxed);
      if (malformed_logged_++ < 20 && tally.malformed_lines > before)
        log_ << "powerbudget serve: malformed message on " << m.topic << ": " << tally.last_error << " (skipped)\n";
    }
    if (tally.device_mismatches > mismatches_before && mismatch_logged_++ < 20)  // the first ones; /metrics counts them all
      log_ << "powerbudget serve: " << tally.device_mismatches - mismatches_before << " record(s) on " << m.topic
           << " name another device than the topic does: refused (device_mismatch)\n";
    StateStore::EncodeEntry(wal, m.topic, m.payload);
  }
  for (const mqtt::Oversized& o : received.oversized) {
    metrics_.messages_oversized.fetch_add(1, std::memory_order_relaxed);
    if (oversized_logged_++ < 20)  // the first ones; /metrics counts them all
      log_ << "powerbudget serve: skipped a message of " << o.size << " bytes (mqtt.max_message_bytes "
           << config_.max_message_bytes << ")\n";
  }
  // Durable first, acknowledged after: a crash before this line loses nothing the broker let go.
  if (!wal.empty()) {
    store_->Append(wal);
    metrics_.wal_syncs.fetch_add(1, std::memory_order_relaxed);
  }
  // Fault injection for the durability test: die between the log and the acknowledgements,
  // the window in which the broker will redeliver messages the log already holds.
  if (crash_after_batches_ > 0 && ++batches_logged_ == crash_after_batches_) std::_Exit(137);
  for (const mqtt::Publish& m : received.messages)
    if (m.qos > 0) client_->Ack(connection, m.packet_id);
  for (const mqtt::Oversized& o : received.oversized)
    if (o.qos > 0) client_->Ack(connection, o.packet_id);
  metrics_.records_accepted.fetch_add(tally.accepted, std::memory_order_relaxed);
  if (tally.accepted > 0) last_batch_lag_s_ = NowUnix() - tally.newest_record_s;
  for (const std::string& d : tally.touched) PublishEstimate(d);
}

void Server::Snapshot() {
  const auto begin = Clock::now();
  store_->WriteSnapshot(fleet_.Snapshot(), recent_.List());
  last_snapshot_ = Clock::now();
  last_snapshot_s_ = std::chrono::duration<double>(last_snapshot_ - begin).count();
}

void Server::Run(const std::atomic<bool>& stop) {
  constexpr auto kMinBackoff = std::chrono::milliseconds(250), kMaxBackoff = std::chrono::milliseconds(30000);
  // A connection that is lost soon after it was made (another instance with our client id taking
  // the session over, a broker that disconnects us for something we send) must not be retried at
  // full speed for ever: the backoff starts again from its minimum only after a connection lasted.
  constexpr auto kStableConnection = std::chrono::seconds(10);
  auto backoff = kMinBackoff;
  auto next_connect = Clock::now();
  auto connected_at = Clock::now();
  bool ever_connected = false;
  const auto lost = [&] {
    log_ << "powerbudget serve: disconnected: " << client_->last_error() << std::endl;
    const auto now = Clock::now();
    if (now - connected_at >= kStableConnection) backoff = kMinBackoff;
    next_connect = now + backoff;
    backoff = std::min(backoff * 2, kMaxBackoff);
  };
  const auto snapshot_every = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config_.snapshot_interval_s));
  std::vector<pollfd> fds;
  while (!stop.load()) {
    auto now = Clock::now();
    if (!client_->connected() && now >= next_connect) {
      const std::string error = client_->Connect();
      if (error.empty()) {
        log_ << "powerbudget serve: connected to " << config_.host << ":" << config_.port << " as " << config_.client_id
             << std::endl;
        if (ever_connected) metrics_.mqtt_reconnects.fetch_add(1, std::memory_order_relaxed);
        ever_connected = true;
        connected_at = Clock::now();
        Received early;
        const std::uint64_t connection = client_->connection();
        const bool ok = client_->OnReadable(early);
        ProcessBatch(early, connection);
        if (!ok) lost();
      } else {
        log_ << "powerbudget serve: cannot connect to " << config_.host << ":" << config_.port << ": " << error
             << " (retry in " << backoff.count() << " ms)" << std::endl;
        next_connect = Clock::now() + backoff;
        backoff = std::min(backoff * 2, kMaxBackoff);
      }
    }
    fds.clear();
    const bool mqtt_open = client_->connected();
    if (mqtt_open) fds.push_back({client_->fd(), static_cast<short>(POLLIN | (client_->WantsWrite() ? POLLOUT : 0)), 0});
    const std::size_t http_first = fds.size();
    http_->AddPollFds(fds);
    int timeout_ms = 500;
    const bool buffered = mqtt_open && client_->HasBufferedInput();
    if (buffered) timeout_ms = 0;
    if (!mqtt_open)
      timeout_ms = static_cast<int>(std::clamp<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(next_connect - Clock::now()).count(), 0, 500));
    ::poll(fds.data(), fds.size(), timeout_ms);
    if (mqtt_open) {
      const short ev = fds[0].revents;
      if (buffered || (ev & (POLLIN | POLLERR | POLLHUP)) || ((ev & POLLOUT) && client_->ReadWantsWrite())) {
        Received received;
        const std::uint64_t connection = client_->connection();
        const bool ok = client_->OnReadable(received);
        ProcessBatch(received, connection);
        if (!ok) lost();
      }
      if (client_->connected() && client_->WantsWrite() && !client_->OnWritable()) lost();
    }
    http_->Handle(fds.data() + http_first, fds.size() - http_first);
    now = Clock::now();
    if (client_->connected() && !client_->Tick(now)) lost();
    if (now - last_snapshot_ >= snapshot_every) Snapshot();
  }
  // Shutdown: state first (it is what matters), then let the outputs drain briefly.
  Snapshot();
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while (client_->connected() && client_->publishes_waiting() > 0 && Clock::now() < deadline) {
    pollfd p{client_->fd(), static_cast<short>(POLLIN | (client_->WantsWrite() ? POLLOUT : 0)), 0};
    ::poll(&p, 1, 100);
    Received late;  // messages arriving now are not acknowledged: the broker keeps them for the next start
    const bool readable = (p.revents & (POLLIN | POLLERR | POLLHUP)) || ((p.revents & POLLOUT) && client_->ReadWantsWrite());
    if (readable && !client_->OnReadable(late)) break;
    if (client_->WantsWrite() && !client_->OnWritable()) break;
  }
  influx_->Drain(std::chrono::seconds(3));
  client_->Disconnect(true);
}

ServeSummary Server::summary() const {
  ServeSummary s = summary_;
  s.messages_in = metrics_.messages_in;
  s.records_accepted = metrics_.records_accepted;
  s.estimates_published = client_ ? client_->publishes_acked() : 0;
  s.influx_points_written = metrics_.influx_points_written;
  s.mqtt_reconnects = metrics_.mqtt_reconnects;
  s.devices = fleet_.device_count();
  s.metrics_port = metrics_port();
  return s;
}

HttpResponse Server::HandleHttp(const std::string& method, const std::string& path) {
  if (method != "GET") return {405, "text/plain; charset=utf-8", "GET only\n"};
  if (path == "/metrics") return {200, "text/plain; version=0.0.4; charset=utf-8", MetricsText()};
  if (path == "/healthz") {
    if (client_ && client_->connected()) return {200, "text/plain; charset=utf-8", "ok\n"};
    return {503, "text/plain; charset=utf-8", "not connected to the broker: " + (client_ ? client_->last_error() : "") + "\n"};
  }
  return {404, "text/plain; charset=utf-8", "try /metrics or /healthz\n"};
}

std::string Server::MetricsText() {
  std::ostringstream o;
  o.precision(10);
  const auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    o << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << value << "\n";
  };
  const auto gauge = [&](const char* name, const char* help, double value) {
    o << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n" << name << " " << value << "\n";
  };
  counter("messages_in_total", "MQTT messages received (this process)", metrics_.messages_in);
  counter("records_accepted_total", "telemetry records accepted by the estimator (since the state began)",
          metrics_.records_accepted);
  const est::ReasonCounts& counts = fleet_.counts();
  o << "# HELP records_rejected_total telemetry records rejected, by reason (since the state began)\n"
       "# TYPE records_rejected_total counter\n";
  for (std::size_t i = 0; i < est::kNumReasons; ++i)
    if (RejectsRecord(i)) o << "records_rejected_total{reason=\"" << est::kReasonNames[i] << "\"} " << counts[i] << "\n";
  o << "# HELP estimator_events_total every reason the estimator counted: rejected records, dropped fields, rules applied\n"
       "# TYPE estimator_events_total counter\n";
  for (std::size_t i = 0; i < est::kNumReasons; ++i)
    o << "estimator_events_total{reason=\"" << est::kReasonNames[i] << "\"} " << counts[i] << "\n";
  counter("messages_malformed_total", "messages with a payload that did not parse (skipped, acknowledged)",
          metrics_.messages_malformed);
  counter("messages_duplicate_total", "messages identical to one ingested recently (broker redelivery): skipped",
          metrics_.messages_duplicate);
  counter("messages_oversized_total", "messages larger than mqtt.max_message_bytes (skipped, acknowledged)",
          metrics_.messages_oversized);
  counter("estimates_published_total", "estimates published and acknowledged by the broker",
          client_ ? client_->publishes_acked() : 0);
  counter("estimates_unpublishable_total", "estimates not published: the device id makes an invalid MQTT topic",
          metrics_.estimates_unpublishable);
  counter("wal_syncs_total", "write-ahead log appends made durable (one fdatasync per batch)", metrics_.wal_syncs);
  counter("influx_points_written_total", "estimate points written to InfluxDB", metrics_.influx_points_written);
  counter("influx_write_errors_total", "failed InfluxDB write attempts", metrics_.influx_write_errors);
  counter("influx_points_dropped_total", "estimate points given up on (queue full, or refused by InfluxDB)",
          metrics_.influx_points_dropped);
  counter("mqtt_reconnects_total", "connections to the broker after the first", metrics_.mqtt_reconnects);
  gauge("mqtt_connected", "1 when connected and subscribed", client_ && client_->connected() ? 1 : 0);
  gauge("devices_tracked", "devices the estimator holds", static_cast<double>(fleet_.device_count()));
  gauge("ingest_lag_seconds", "now minus the newest record time of the last batch", last_batch_lag_s_);
  gauge("wal_bytes", "size of the write-ahead log since the last snapshot", static_cast<double>(store_->wal_bytes()));
  gauge("snapshot_age_seconds", "seconds since the last snapshot was written", NowUnix() - store_->snapshot_unix_s());
  gauge("snapshot_duration_seconds", "how long the last snapshot held up the event loop", last_snapshot_s_);
  gauge("estimates_waiting", "estimates queued or in flight to the broker",
        client_ ? static_cast<double>(client_->publishes_waiting()) : 0);
  gauge("influx_queue_points", "estimate points waiting for InfluxDB", static_cast<double>(metrics_.influx_queue_points));
  return o.str();
}

}  // namespace pb::serve
