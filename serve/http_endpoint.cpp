#include "serve/http_endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pb::serve {

namespace {
constexpr std::size_t kMaxRequest = 8192;
constexpr std::size_t kMaxClients = 64;
constexpr auto kClientTimeout = std::chrono::seconds(5);

const char* StatusText(int status) {
  switch (status) {
    case 200: return "OK";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 503: return "Service Unavailable";
    default: return "Bad Request";
  }
}
}  // namespace

HttpEndpoint::HttpEndpoint(const std::string& bind_address, int port, Handler handler) : handler_(std::move(handler)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (port < 0 || port > 65535) throw std::runtime_error("metrics.port: must be 0..65535 (0: any free port)");
  if (::inet_pton(AF_INET, bind_address.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("metrics.bind '" + bind_address + "': an IPv4 address, e.g. 127.0.0.1");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    const std::string why = std::strerror(errno);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    throw std::runtime_error("metrics.port: cannot listen on " + bind_address + ":" + std::to_string(port) + ": " + why);
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

HttpEndpoint::~HttpEndpoint() {
  for (Client& c : clients_) ::close(c.fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void HttpEndpoint::AddPollFds(std::vector<pollfd>& fds) const {
  const bool paused = std::chrono::steady_clock::now() < accept_paused_until_;
  fds.push_back({listen_fd_, static_cast<short>(paused ? 0 : POLLIN), 0});
  for (const Client& c : clients_) fds.push_back({c.fd, static_cast<short>(c.out.empty() ? POLLIN : POLLOUT), 0});
}

void HttpEndpoint::Accept() {
  while (true) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        accept_paused_until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
      return;
    }
    if (clients_.size() >= kMaxClients) {
      ::close(fd);
      continue;
    }
    clients_.push_back({fd, {}, {}, std::chrono::steady_clock::now()});
  }
}

void HttpEndpoint::Respond(Client& c) {
  HttpResponse r;
  // "METHOD TARGET HTTP/x.y" on the first line only: a space in a header must not be taken for
  // the end of the target. A query string ("/metrics?x=1", some scrapers add one) is ignored.
  const std::string line = c.in.substr(0, c.in.find_first_of("\r\n"));
  const std::size_t sp1 = line.find(' '), sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == 0 || sp2 == std::string::npos || sp2 == sp1 + 1 || line.compare(sp2 + 1, 5, "HTTP/") != 0) {
    r = {400, "text/plain; charset=utf-8", "bad request\n"};
  } else {
    const std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    r = handler_(line.substr(0, sp1), target.substr(0, target.find('?')));
  }
  c.out = "HTTP/1.1 " + std::to_string(r.status) + " " + StatusText(r.status) + "\r\nContent-Type: " + r.content_type +
          "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n" + r.body;
}

void HttpEndpoint::Handle(const pollfd* fds, std::size_t count) {
  if (count == 0) return;
  if (fds[0].revents & POLLIN) Accept();
  const auto now = std::chrono::steady_clock::now();
  // The client slice of `fds` matches clients_ as it was when AddPollFds ran (Accept appends).
  for (std::size_t i = 1; i < count && i - 1 < clients_.size(); ++i) {
    Client& c = clients_[i - 1];
    const short ev = fds[i].revents;
    if (ev & (POLLERR | POLLHUP | POLLNVAL)) {
      c.out.clear();
      c.in = "closed";
      c.since = now - kClientTimeout - kClientTimeout;
      continue;
    }
    if ((ev & POLLIN) && c.out.empty()) {
      char buf[2048];
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n <= 0) {
        c.since = now - kClientTimeout - kClientTimeout;
        continue;
      }
      c.in.append(buf, static_cast<std::size_t>(n));
      if (c.in.find("\r\n\r\n") != std::string::npos || c.in.find("\n\n") != std::string::npos) Respond(c);
      else if (c.in.size() > kMaxRequest) c.since = now - kClientTimeout - kClientTimeout;
    }
    if ((ev & POLLOUT) && !c.out.empty()) {
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n > 0) c.out.erase(0, static_cast<std::size_t>(n));
      if (n <= 0 || c.out.empty()) c.since = now - kClientTimeout - kClientTimeout;  // done: close
    }
  }
  for (std::size_t i = clients_.size(); i-- > 0;) {
    if (now - clients_[i].since > kClientTimeout) {
      ::close(clients_[i].fd);
      clients_.erase(clients_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

}  // namespace pb::serve
