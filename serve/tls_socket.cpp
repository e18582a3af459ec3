#include "serve/tls_socket.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pb::serve {

std::string OpenSslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text;
}

TlsContext::TlsContext(const TlsFiles& files) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) throw std::runtime_error("TLS: cannot create a context: " + OpenSslErrors());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  const auto fail = [this](const std::string& what) {
    const std::string detail = OpenSslErrors();
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
    throw std::runtime_error(what + (detail.empty() ? "" : ": " + detail));
  };
  if (files.ca_file.empty()) fail("mqtt.ca: a CA file is required (certificate verification is always on)");
  if (SSL_CTX_load_verify_locations(ctx_, files.ca_file.c_str(), nullptr) != 1)
    fail("mqtt.ca: cannot load CA file " + files.ca_file);
  if (files.cert_file.empty() != files.key_file.empty())
    fail("mqtt.cert and mqtt.key: give both for mutual TLS, or neither");
  if (!files.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx_, files.cert_file.c_str()) != 1)
      fail("mqtt.cert: cannot load client certificate " + files.cert_file);
    if (SSL_CTX_use_PrivateKey_file(ctx_, files.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      fail("mqtt.key: cannot load private key " + files.key_file);
    if (SSL_CTX_check_private_key(ctx_) != 1) fail("mqtt.key: does not match the certificate " + files.cert_file);
  }
}

TlsContext::~TlsContext() {
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
}

TlsSocket::~TlsSocket() { Close(); }

void TlsSocket::Close() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  want_write_ = false;
  read_wants_write_ = false;
  write_wants_read_ = false;
}

namespace {

bool WaitFor(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
}

}  // namespace

std::string TlsSocket::Connect(const TlsContext& context, const std::string& host, int port,
                               std::chrono::milliseconds timeout) {
  Close();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return "cannot resolve " + host + ": " + gai_strerror(rc);
  std::string error = "no address for " + host;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) continue;
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0 ||
        (errno == EINPROGRESS && WaitFor(fd_, POLLOUT, deadline))) {
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error == 0) {
        error.clear();
        break;
      }
      error = "connect to " + host + ":" + service + ": " + std::strerror(so_error);
    } else {
      error = "connect to " + host + ":" + service + ": " + (errno == EINPROGRESS ? "timed out" : std::strerror(errno));
    }
    ::close(fd_);
    fd_ = -1;
  }
  ::freeaddrinfo(found);
  if (fd_ < 0) return error;
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  ssl_ = SSL_new(context.get());
  if (ssl_ == nullptr) return "TLS: " + OpenSslErrors();
  SSL_set_fd(ssl_, fd_);
  // Verify the broker's name: an IP literal against the certificate's IP SANs, a name against DNS.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  in6_addr probe{};
  const bool is_ip = ::inet_pton(AF_INET, host.c_str(), &probe) == 1 || ::inet_pton(AF_INET6, host.c_str(), &probe) == 1;
  if (is_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) return "TLS: cannot verify against IP " + host;
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) != 1) return "TLS: cannot verify against host " + host;
    SSL_set_tlsext_host_name(ssl_, host.c_str());
  }
  while (true) {
    const int rc = SSL_connect(ssl_);
    if (rc == 1) break;
    const int err = SSL_get_error(ssl_, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!WaitFor(fd_, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        Close();
        return "TLS handshake with " + host + ": timed out";
      }
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_);
    std::string reason = "TLS handshake with " + host + " failed";
    if (verify != X509_V_OK) reason += ": certificate verification: " + std::string(X509_verify_cert_error_string(verify));
    const std::string detail = OpenSslErrors();
    if (!detail.empty()) reason += " (" + detail + ")";
    Close();
    return reason;
  }
  return {};
}

IoResult TlsSocket::Read(std::string& out, std::string& error) {
  char buf[16384];
  want_write_ = false;
  read_wants_write_ = false;
  write_wants_read_ = false;  // what a stalled write waited for: the caller retries it now
  while (true) {
    const int n = SSL_read(ssl_, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      // Bound one call so a fast broker cannot starve the rest of the loop.
      if (out.size() > (1u << 20)) return IoResult::kOk;
      continue;
    }
    const int err = SSL_get_error(ssl_, n);
    if (err == SSL_ERROR_WANT_READ) return IoResult::kWouldBlock;
    if (err == SSL_ERROR_WANT_WRITE) {
      want_write_ = true;
      read_wants_write_ = true;
      return IoResult::kWouldBlock;
    }
    if (err == SSL_ERROR_ZERO_RETURN) return IoResult::kClosed;
    if (err == SSL_ERROR_SYSCALL && errno == 0) return IoResult::kClosed;
    error = "TLS read: " + (err == SSL_ERROR_SYSCALL ? std::string(std::strerror(errno)) : OpenSslErrors());
    if (error == "TLS read: ") error += "connection closed";
    return IoResult::kError;
  }
}

IoResult TlsSocket::Write(std::string_view data, std::size_t& written, std::string& error) {
  written = 0;
  want_write_ = false;
  write_wants_read_ = false;
  while (written < data.size()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(data.size() - written, 1u << 20));
    const int n = SSL_write(ssl_, data.data() + written, chunk);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
      continue;
    }
    const int err = SSL_get_error(ssl_, n);
    if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
      want_write_ = err == SSL_ERROR_WANT_WRITE;
      write_wants_read_ = err == SSL_ERROR_WANT_READ;
      return IoResult::kWouldBlock;
    }
    error = "TLS write: " + (err == SSL_ERROR_SYSCALL ? std::string(std::strerror(errno)) : OpenSslErrors());
    return IoResult::kError;
  }
  return IoResult::kOk;
}

bool TlsSocket::WriteAll(std::string_view data, std::chrono::milliseconds timeout, std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!data.empty()) {
    std::size_t written = 0;
    const IoResult r = Write(data, written, error);
    data.remove_prefix(written);
    if (r == IoResult::kOk) return true;
    if (r != IoResult::kWouldBlock) return false;
    if (!WaitFor(fd_, want_write_ ? POLLOUT : POLLIN, deadline)) {
      error = "write timed out";
      return false;
    }
  }
  return true;
}

bool TlsSocket::WaitReadable(std::chrono::milliseconds timeout) {
  if (SSL_pending(ssl_) > 0) return true;
  return WaitFor(fd_, POLLIN, std::chrono::steady_clock::now() + timeout);
}

}  // namespace pb::serve
