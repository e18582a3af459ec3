// The metrics and health endpoint: a tiny HTTP/1.0-style server (GET only, one response per
// connection) driven by serve's poll loop. Loopback by default: it is for a Prometheus scraper
// or a health probe next to the process, not for the internet.
#pragma once

#include <poll.h>

#include <chrono>
#include <functional>
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
  // Binds and listens; port 0 picks a free one (port()). Throws std::runtime_error naming the field.
  HttpEndpoint(const std::string& bind_address, int port, Handler handler);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }
  // Appends this endpoint's descriptors to `fds`; Handle takes the same slice back after poll.
  void AddPollFds(std::vector<pollfd>& fds) const;
  void Handle(const pollfd* fds, std::size_t count);

 private:
  struct Client {
    int fd = -1;
    std::string in;
    std::string out;
    std::chrono::steady_clock::time_point since;
  };
  void Accept();
  void Respond(Client& c);
  int listen_fd_ = -1;
  int port_ = 0;
  // Out of descriptors (EMFILE): the pending connection stays queued and the listening socket
  // readable, so accepting pauses for a moment instead of waking the loop over and over.
  std::chrono::steady_clock::time_point accept_paused_until_{};
  Handler handler_;
  std::vector<Client> clients_;
};

}  // namespace pb::serve
