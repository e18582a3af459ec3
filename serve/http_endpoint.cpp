#include "serve/http_endpoint.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace pb::serve {

namespace {
constexpr auto kAnswerTimeout = std::chrono::seconds(5);  // the loop's time to take a request up
constexpr std::size_t kThreads = 4;                       // connections served at once
constexpr std::size_t kMaxBody = 8192;                    // a GET has none
const char* kTextPlain = "text/plain; charset=utf-8";
}  // namespace

struct HttpEndpoint::Impl {
  struct Request {
    std::string method, path;
    HttpResponse response;
    bool answered = false;  // under `mutex`; `response` is complete once it is set
  };

  explicit Impl(Handler h) : handler(std::move(h)) {}

  // On an httplib thread: hand the request to the event loop and wait for its answer.
  HttpResponse Ask(const std::string& method, const std::string& path) {
    auto request = std::make_shared<Request>();
    request->method = method;
    request->path = path;
    std::unique_lock lock(mutex);
    if (closing) return {503, kTextPlain, "serve is stopping\n"};
    waiting.push_back(request);
    const std::uint64_t one = 1;
    if (::write(wake_fd, &one, sizeof one) < 0) {
      // Only EAGAIN is possible (the counter is full of unread wake-ups): the loop wakes anyway.
    }
    answered.wait_for(lock, kAnswerTimeout, [&] { return request->answered || closing; });
    if (request->answered) return request->response;
    std::erase(waiting, request);
    return {503, kTextPlain, "serve's event loop did not answer within 5 s\n"};
  }

  Handler handler;
  httplib::Server server;
  std::thread listener;
  std::atomic<bool> listener_done{false};
  int wake_fd = -1;
  std::mutex mutex;
  std::condition_variable answered;
  std::deque<std::shared_ptr<Request>> waiting;
  bool closing = false;
};

HttpEndpoint::HttpEndpoint(const std::string& bind_address, int port, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(handler))) {
  // FinishConfig refuses such a port naming metrics.port; this is the same precondition for callers
  // that build an endpoint themselves.
  if (port < 0 || port > 65535) throw std::invalid_argument("HttpEndpoint: port " + std::to_string(port) + " outside 0..65535");
  in_addr ipv4{};
  if (::inet_pton(AF_INET, bind_address.c_str(), &ipv4) != 1)
    throw std::runtime_error("metrics.bind '" + bind_address + "': an IPv4 address, e.g. 127.0.0.1");
  impl_->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl_->wake_fd < 0) throw std::runtime_error(std::string("metrics.port: eventfd: ") + std::strerror(errno));

  httplib::Server& server = impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second serve on the same
  // port would bind without an error and take half of the scrapes.
  server.set_socket_options([](socket_t sock) {
    const int one = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  });
  server.set_keep_alive_max_count(1);  // one response per connection
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(kMaxBody);
  Impl* impl = impl_.get();
  // Every method and path goes to the handler (it answers 405 and 404 itself); httplib's path
  // has the query string ("/metrics?x=1", some scrapers add one) removed and is percent-decoded.
  server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    const HttpResponse r = impl->Ask(req.method, req.path);
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's own refusals (a bad request line, an unknown method, a target or body too long)
  // come without a body: give them one, as before.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    res.set_content("bad request\n", kTextPlain);
    return httplib::Server::HandlerResponse::Handled;
  }));

  errno = 0;
  port_ = port == 0 ? server.bind_to_any_port(bind_address) : (server.bind_to_port(bind_address, port) ? port : -1);
  if (port_ < 0) {
    const std::string why = errno != 0 ? std::strerror(errno) : "cannot bind";
    ::close(impl_->wake_fd);
    throw std::runtime_error("metrics.port: cannot listen on " + bind_address + ":" + std::to_string(port) + ": " + why);
  }
  impl_->listener = std::thread([impl] {
    impl->server.listen_after_bind();
    impl->listener_done = true;
  });
}

HttpEndpoint::~HttpEndpoint() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->closing = true;
  }
  impl_->answered.notify_all();
  // stop() before the listener thread has started listening would be lost (and the join would
  // wait for ever): wait for it to run first.
  while (!impl_->server.is_running() && !impl_->listener_done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!impl_->listener_done) impl_->server.stop();
  impl_->listener.join();
  ::close(impl_->wake_fd);
}

void HttpEndpoint::AddPollFds(std::vector<pollfd>& fds) const { fds.push_back({impl_->wake_fd, POLLIN, 0}); }

void HttpEndpoint::Handle(const pollfd* fds, std::size_t count) {
  if (count > 0 && (fds[0].revents & POLLIN)) {
    std::uint64_t wakeups = 0;
    if (::read(impl_->wake_fd, &wakeups, sizeof wakeups) < 0) {
      // EAGAIN: already drained; the queue below is what counts.
    }
  }
  std::deque<std::shared_ptr<Impl::Request>> batch;
  {
    std::lock_guard lock(impl_->mutex);
    batch.swap(impl_->waiting);
  }
  if (batch.empty()) return;
  for (const auto& request : batch) request->response = impl_->handler(request->method, request->path);
  {
    std::lock_guard lock(impl_->mutex);
    for (const auto& request : batch) request->answered = true;
  }
  impl_->answered.notify_all();
}

}  // namespace pb::serve
