// Estimates to InfluxDB 1.x: line protocol POSTed to <url>/write?db=<db>&precision=ns by a
// writer thread, in batches, from a bounded queue. A failed write is retried with backoff (a
// 4xx answer, which retrying cannot fix, is counted and dropped); when the queue is full new
// points are dropped and counted. The event loop never waits for InfluxDB.
// Basic auth from POWERBUDGET_INFLUX_USER and POWERBUDGET_INFLUX_PASSWORD when set.
// HTTP is libcurl's (one easy handle on the writer thread, so the connection is kept alive
// between batches); the URL is parsed by libcurl's URL API. Proxies from the environment are not
// used: InfluxDB is on loopback or behind a TLS proxy named in the URL itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "serve/serve_metrics.hpp"

namespace pb::serve {

struct InfluxOptions {
  std::string url;  // http://host:port ; empty: no InfluxDB output
  std::string db = "powerbudget";
  std::size_t max_queue_points = 1'000'000;
  std::size_t batch_points = 5000;
  std::chrono::milliseconds timeout{5000};
};

struct HttpTarget {
  std::string host;  // as in the URL: an IPv6 address keeps its brackets
  int port = 80;
  std::string base_path;  // without a trailing slash
};
// Throws std::invalid_argument naming influx.url for anything but http://host[:port][/path]
// (no user or password, query or fragment). A URL with '@' is refused without being repeated.
HttpTarget ParseHttpUrl(const std::string& url);

// Basic auth for InfluxDB, from POWERBUDGET_INFLUX_USER and POWERBUDGET_INFLUX_PASSWORD (never
// from the configuration file or the URL, which end up in logs and backups).
struct InfluxCredentials {
  std::string user, password;
  bool configured() const { return !user.empty() || !password.empty(); }
};
InfluxCredentials InfluxCredentialsFromEnvironment();

class InfluxWriter {
 public:
  InfluxWriter(InfluxOptions options, ServeMetrics& metrics);
  ~InfluxWriter();
  InfluxWriter(const InfluxWriter&) = delete;
  InfluxWriter& operator=(const InfluxWriter&) = delete;

  bool enabled() const { return enabled_; }
  // One point (a line with its newline); dropped and counted when the queue is full.
  void Enqueue(std::string line);
  // Waits up to `timeout` for the queue to drain (at shutdown).
  void Drain(std::chrono::milliseconds timeout);

 private:
  void Run();
  InfluxOptions options_;
  ServeMetrics& metrics_;
  bool enabled_ = false;
  std::string write_url_;  // http://host:port/base/write?db=...&precision=ns
  std::string user_, password_;
  std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<std::string> queue_;
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace pb::serve
