// The metrics and health endpoint, on cpp-httplib. Loopback by default: it is for a Prometheus
// scraper or a health probe next to the process, not for the internet.
//
// httplib answers on its own threads, but the handler reads serve's state, which only the event
// loop's thread may touch. So the endpoint hands each request to the loop: an httplib thread
// queues it and signals an eventfd that serve's poll waits on (AddPollFds), the loop runs the
// handler in Handle and the httplib thread sends the answer. A request the loop does not take up
// within 5 s (a snapshot of a huge fleet, say) is answered 503. One response per connection
// (Connection: close), GET semantics left to the handler; the path comes without its query
// string; a request line that is not "METHOD TARGET HTTP/1.x" is a 400.
#pragma once

#include <poll.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pb::serve {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpEndpoint {
 public:
  using Handler = std::function<HttpResponse(const std::string& method, const std::string& path)>;
  // Binds and listens; port 0 picks a free one (port()). Throws std::runtime_error naming the
  // field (metrics.bind, metrics.port). The port's range is checked by FinishConfig.
  HttpEndpoint(const std::string& bind_address, int port, Handler handler);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }
  // Appends this endpoint's descriptors to `fds`; Handle takes the same slice back after poll
  // and answers the requests waiting, on the caller's thread.
  void AddPollFds(std::vector<pollfd>& fds) const;
  void Handle(const pollfd* fds, std::size_t count);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace pb::serve
