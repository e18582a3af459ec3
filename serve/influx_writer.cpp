#include "serve/influx_writer.hpp"

#include <netdb.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace pb::serve {

namespace {

using Clock = std::chrono::steady_clock;

std::string Base64(const std::string& text) {
  std::vector<unsigned char> out(4 * ((text.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

bool WaitFd(int fd, short events, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left)) > 0;
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
  std::string rest = url.substr(scheme.size());
  HttpTarget t;
  const std::size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    t.base_path = rest.substr(slash);
    while (!t.base_path.empty() && t.base_path.back() == '/') t.base_path.pop_back();
    rest = rest.substr(0, slash);
  }
  const std::size_t colon = rest.rfind(':');
  t.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 1 || p > 65535)
      throw std::invalid_argument("influx.url '" + url + "': port must be 1..65535");
    t.port = static_cast<int>(p);
  }
  if (t.host.empty()) throw std::invalid_argument("influx.url '" + url + "': no host");
  return t;
}

int HttpRequest(const HttpTarget& target, const std::string& method, const std::string& path_and_query,
                const std::string& body, const std::string& authorization, std::chrono::milliseconds timeout,
                std::string& error, std::string* response_body) {
  const auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(target.host.c_str(), std::to_string(target.port).c_str(), &hints, &found); rc != 0) {
    error = std::string("cannot resolve ") + target.host + ": " + gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    int so_error = errno;
    if (errno == EINPROGRESS && WaitFd(fd, POLLOUT, deadline)) {
      socklen_t len = sizeof so_error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error == 0) break;
    }
    error = "connect " + target.host + ":" + std::to_string(target.port) + ": " +
            (so_error == EINPROGRESS ? "timed out" : std::strerror(so_error));
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  if (fd < 0) return -1;
  std::string request = method + " " + target.base_path + path_and_query + " HTTP/1.1\r\nHost: " + target.host + ":" +
                        std::to_string(target.port) + "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n";
  if (!authorization.empty()) request += "Authorization: " + authorization + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  std::string_view left = request;
  while (!left.empty()) {
    const ssize_t n = ::send(fd, left.data(), left.size(), MSG_NOSIGNAL);
    if (n > 0) {
      left.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR) && WaitFd(fd, POLLOUT, deadline)) continue;
    error = "send: " + std::string(n < 0 ? std::strerror(errno) : "timed out");
    ::close(fd);
    return -1;
  }
  std::string response;
  char buf[8192];
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      response.append(buf, static_cast<std::size_t>(n));
      // A peer that keeps sending must not hold the writer (and serve's exit) or fill the memory.
      if (response.size() > (1u << 20) || Clock::now() > deadline) {
        error = "receive: response too long or too slow";
        ::close(fd);
        return -1;
      }
      continue;
    }
    if (n == 0) break;
    if ((errno == EAGAIN || errno == EINTR) && WaitFd(fd, POLLIN, deadline)) continue;
    error = "receive: " + std::string(errno == EAGAIN ? "timed out" : std::strerror(errno));
    ::close(fd);
    return -1;
  }
  ::close(fd);
  // "HTTP/1.1 204 No Content"
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0) {
    error = "not an HTTP response";
    return -1;
  }
  const int status = std::atoi(response.c_str() + response.find(' ') + 1);
  if (response_body != nullptr) {
    const std::size_t end = response.find("\r\n\r\n");
    *response_body = end == std::string::npos ? std::string() : response.substr(end + 4);
  }
  return status;
}

InfluxWriter::InfluxWriter(InfluxOptions options, ServeMetrics& metrics) : options_(std::move(options)), metrics_(metrics) {
  if (options_.url.empty()) return;
  target_ = ParseHttpUrl(options_.url);
  if (options_.db.empty()) throw std::invalid_argument("influx.db: must not be empty");
  if (options_.batch_points == 0) throw std::invalid_argument("influx.batch_points: must be at least 1");
  const char* user = std::getenv("POWERBUDGET_INFLUX_USER");
  const char* password = std::getenv("POWERBUDGET_INFLUX_PASSWORD");
  if (user != nullptr && *user != '\0')
    authorization_ = "Basic " + Base64(std::string(user) + ":" + (password != nullptr ? password : ""));
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
  const std::string path = "/write?db=" + UrlEncode(options_.db) + "&precision=ns";
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
    std::string error, answer;
    const int status = HttpRequest(target_, "POST", path, body, authorization_, options_.timeout, error, &answer);
    if (status >= 200 && status < 300) {
      metrics_.influx_points_written.fetch_add(points, std::memory_order_relaxed);
      points = 0;
      backoff = std::chrono::milliseconds(200);
      continue;
    }
    metrics_.influx_write_errors.fetch_add(1, std::memory_order_relaxed);
    if (status >= 400 && status < 500) {
      // Retrying the same points cannot succeed (bad line, unknown database, no permission).
      fprintf(stderr, "powerbudget serve: InfluxDB refused %zu points (HTTP %d): %s\n", points, status, answer.c_str());
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
