#include "serve/influx_writer.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace pb::serve {

namespace {

constexpr std::size_t kMaxAnswer = 1u << 20;  // a peer that keeps sending must not fill the memory

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlStringDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

// curl_global_init is not guaranteed thread-safe: once, before the writer thread exists.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("influx.url: libcurl did not initialise");
  });
}

std::string UrlPart(CURLU* u, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(u, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
  const CurlString owned(text);
  return owned.get();
}

std::size_t CollectAnswer(char* data, std::size_t size, std::size_t count, void* user) {
  auto& answer = *static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (answer.size() + n > kMaxAnswer) return 0;  // CURLE_WRITE_ERROR: counted as a failed write
  answer.append(data, n);
  return n;
}

}  // namespace

HttpTarget ParseHttpUrl(const std::string& url) {
  // Checked first, and the URL not repeated: the messages below echo it, and it would carry the password.
  if (url.find('@') != std::string::npos)
    throw std::invalid_argument("influx.url: a user name or password in the URL is not supported (it would end up "
                                "in logs); use POWERBUDGET_INFLUX_USER and POWERBUDGET_INFLUX_PASSWORD");
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0)
    throw std::invalid_argument("influx.url '" + url + "': use http://host[:port] (plain HTTP, e.g. on loopback)");
  const std::unique_ptr<CURLU, CurlUrlDeleter> u(curl_url());
  if (!u) throw std::runtime_error("influx.url: out of memory");
  if (const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK) {
    if (rc == CURLUE_BAD_PORT_NUMBER) throw std::invalid_argument("influx.url '" + url + "': port must be 1..65535");
    if (rc == CURLUE_NO_HOST) throw std::invalid_argument("influx.url '" + url + "': no host");
    throw std::invalid_argument("influx.url '" + url + "': " + curl_url_strerror(rc));
  }
  if (!UrlPart(u.get(), CURLUPART_QUERY).empty() || url.find('#') != std::string::npos)
    throw std::invalid_argument("influx.url '" + url + "': no query or fragment (serve adds /write?db=...)");
  HttpTarget t;
  t.host = UrlPart(u.get(), CURLUPART_HOST);
  if (t.host.empty()) throw std::invalid_argument("influx.url '" + url + "': no host");
  if (const std::string port = UrlPart(u.get(), CURLUPART_PORT); !port.empty()) {
    t.port = std::atoi(port.c_str());  // curl checked it is a number of 0..65535
    if (t.port < 1) throw std::invalid_argument("influx.url '" + url + "': port must be 1..65535");
  }
  t.base_path = UrlPart(u.get(), CURLUPART_PATH);
  while (!t.base_path.empty() && t.base_path.back() == '/') t.base_path.pop_back();
  return t;
}

InfluxCredentials InfluxCredentialsFromEnvironment() {
  InfluxCredentials c;
  if (const char* user = std::getenv("POWERBUDGET_INFLUX_USER"); user != nullptr) c.user = user;
  if (const char* password = std::getenv("POWERBUDGET_INFLUX_PASSWORD"); password != nullptr) c.password = password;
  return c;
}

InfluxWriter::InfluxWriter(InfluxOptions options, ServeMetrics& metrics) : options_(std::move(options)), metrics_(metrics) {
  if (options_.url.empty()) return;
  const HttpTarget target = ParseHttpUrl(options_.url);
  if (options_.db.empty()) throw std::invalid_argument("influx.db: must not be empty");
  if (options_.batch_points == 0) throw std::invalid_argument("influx.batch_points: must be at least 1");
  InitCurlOnce();
  const CurlString db(curl_easy_escape(nullptr, options_.db.data(), static_cast<int>(options_.db.size())));
  if (!db) throw std::runtime_error("influx.db: out of memory");
  write_url_ = "http://" + target.host + ":" + std::to_string(target.port) + target.base_path + "/write?db=" + db.get() +
               "&precision=ns";
  if (InfluxCredentials credentials = InfluxCredentialsFromEnvironment(); !credentials.user.empty()) {
    user_ = std::move(credentials.user);
    password_ = std::move(credentials.password);
  }
  enabled_ = true;
  thread_ = std::thread([this] { Run(); });
}

InfluxWriter::~InfluxWriter() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void InfluxWriter::Enqueue(std::string line) {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.max_queue_points) {
      metrics_.influx_points_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(line));
    metrics_.influx_queue_points.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
  }
  wake_.notify_one();
}

void InfluxWriter::Drain(std::chrono::milliseconds timeout) {
  if (!enabled_) return;
  std::unique_lock lock(mutex_);
  drained_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

void InfluxWriter::Run() {
  // One handle for the thread's life: libcurl keeps the connection to InfluxDB open between batches.
  const std::unique_ptr<CURL, CurlEasyDeleter> curl(curl_easy_init());
  // No "Expect: 100-continue" (libcurl adds it above 1 MiB and then waits for an interim answer).
  const std::unique_ptr<curl_slist, CurlListDeleter> headers(curl_slist_append(nullptr, "Content-Type: text/plain; charset=utf-8"));
  if (headers) static_cast<void>(curl_slist_append(headers.get(), "Expect:"));  // appended in place: the head stays
  std::string answer;
  if (curl) {
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, write_url_.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
    curl_easy_setopt(c, CURLOPT_PROXY, "");  // not http_proxy from the environment
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // a thread beside the event loop: no SIGALRM
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));  // the whole request
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, CollectAnswer);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
    if (!user_.empty()) {  // basic auth from the environment; never in the URL, never logged
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(c, CURLOPT_USERNAME, user_.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    }
  }
  auto backoff = std::chrono::milliseconds(200);
  std::string body;
  std::size_t points = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (points == 0) {
        busy_ = false;
        if (queue_.empty()) drained_.notify_all();
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        // Stopping: Drain already gave the queue its time. What is left is dropped (the estimates
        // are re-derivable from the state) rather than holding up the exit for up to
        // max_queue_points / batch_points more requests.
        if (stop_) {
          metrics_.influx_points_dropped.fetch_add(queue_.size(), std::memory_order_relaxed);
          queue_.clear();
          metrics_.influx_queue_points.store(0, std::memory_order_relaxed);
          return;
        }
        body.clear();
        while (!queue_.empty() && points < options_.batch_points) {
          body += queue_.front();
          queue_.pop_front();
          ++points;
        }
        busy_ = true;
        metrics_.influx_queue_points.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
      }
    }
    // The HTTP status, or -1 when there was none (no connection, timeout, an answer over 1 MiB).
    long status = -1;
    answer.clear();
    if (curl) {
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      if (curl_easy_perform(curl.get()) == CURLE_OK) curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    }
    if (status >= 200 && status < 300) {
      metrics_.influx_points_written.fetch_add(points, std::memory_order_relaxed);
      points = 0;
      backoff = std::chrono::milliseconds(200);
      continue;
    }
    metrics_.influx_write_errors.fetch_add(1, std::memory_order_relaxed);
    if (status >= 400 && status < 500) {
      // Retrying the same points cannot succeed (bad line, unknown database, no permission).
      fprintf(stderr, "powerbudget serve: InfluxDB refused %zu points (HTTP %ld): %s\n", points, status, answer.c_str());
      metrics_.influx_points_dropped.fetch_add(points, std::memory_order_relaxed);
      points = 0;
      continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, backoff, [this] { return stop_; });
    if (stop_) {  // shutting down: the estimates are re-derivable from the state, do not hang
      metrics_.influx_points_dropped.fetch_add(points + queue_.size(), std::memory_order_relaxed);
      queue_.clear();
      metrics_.influx_queue_points.store(0, std::memory_order_relaxed);
      busy_ = false;
      drained_.notify_all();
      return;
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

}  // namespace pb::serve
