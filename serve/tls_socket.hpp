// A TCP connection with TLS (OpenSSL) to the MQTT broker: the peer's certificate is always
// verified against the CA file and the host name or IP address we connected to; a client
// certificate and key are presented for mutual TLS. There is deliberately no switch to turn
// verification off.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace pb::serve {

struct TlsFiles {
  std::string ca_file;    // PEM CA certificate(s) the broker's certificate must chain to
  std::string cert_file;  // PEM client certificate (mutual TLS); empty: none
  std::string key_file;   // PEM private key of the client certificate
};

class TlsContext {
 public:
  // Throws std::runtime_error naming the file that could not be loaded.
  explicit TlsContext(const TlsFiles& files);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  SSL_CTX* get() const { return ctx_; }

 private:
  SSL_CTX* ctx_ = nullptr;
};

enum class IoResult { kOk, kWouldBlock, kClosed, kError };

class TlsSocket {
 public:
  TlsSocket() = default;
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  // TCP connect and TLS handshake within `timeout`; returns an empty string or the reason it failed
  // (a certificate that does not verify names the verification error). The socket is non-blocking after.
  std::string Connect(const TlsContext& context, const std::string& host, int port, std::chrono::milliseconds timeout);
  // Reads what is available (appends to `out`); kWouldBlock when nothing more is there now.
  IoResult Read(std::string& out, std::string& error);
  // Writes as much of `data` as the socket takes; `written` tells how much.
  IoResult Write(std::string_view data, std::size_t& written, std::string& error);
  // Writes all of `data`, waiting up to `timeout` (for the connect sequence).
  bool WriteAll(std::string_view data, std::chrono::milliseconds timeout, std::string& error);
  // Blocks until readable or the timeout (for the connect sequence).
  bool WaitReadable(std::chrono::milliseconds timeout);
  bool WantsWrite() const { return want_write_; }
  // What a stalled call waits for, when it is not what its name says: a read that must write
  // first (a TLS 1.3 key update or an alert to send into a full socket buffer), a write that must
  // read first (TLS 1.2 renegotiation). Polling for the wrong event would spin or stall.
  bool ReadWantsWrite() const { return read_wants_write_; }
  bool WriteWantsRead() const { return write_wants_read_; }
  // Decrypted bytes OpenSSL holds that poll() cannot see (Read stops after 1 MiB per call).
  bool HasPending() const { return ssl_ != nullptr && SSL_pending(ssl_) > 0; }
  void Close();
  int fd() const { return fd_; }
  bool open() const { return ssl_ != nullptr; }

 private:
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool want_write_ = false;  // the last SSL call needs the socket writable
  bool read_wants_write_ = false;
  bool write_wants_read_ = false;
};

// The OpenSSL error queue as text (and cleared).
std::string OpenSslErrors();

}  // namespace pb::serve
