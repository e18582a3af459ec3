// serve's MQTT 3.1.1 session over TLS: connect with a persistent session, subscribe with QoS 1,
// hand received PUBLISHes to the caller and acknowledge each only when the caller says so (Ack),
// publish estimates QoS 1 retained with a bounded in-flight window (resent with DUP after a
// reconnect), keep-alive pings. Reconnecting (and its backoff) is the caller's loop's business:
// after a failure the client is simply disconnected.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "serve/mqtt_codec.hpp"
#include "serve/tls_socket.hpp"

namespace pb::serve {

struct MqttOptions {
  std::string host = "127.0.0.1";
  int port = 8883;
  mqtt::ConnectOptions connect;
  std::vector<mqtt::Subscription> subscriptions;
  std::size_t max_message_bytes = 256 * 1024;  // larger PUBLISHes are acknowledged and skipped
  std::size_t max_inflight_out = 1000;         // our QoS 1 publishes awaiting PUBACK
  std::chrono::milliseconds connect_timeout{5000};
};

// What one read of the socket produced.
struct Received {
  std::vector<mqtt::Publish> messages;
  std::vector<mqtt::Oversized> oversized;
};

class MqttClient {
 public:
  MqttClient(MqttOptions options, const TlsContext& tls) : options_(std::move(options)), tls_(tls),
      decoder_(options_.max_message_bytes) {}

  // TLS, CONNECT/CONNACK, SUBSCRIBE/SUBACK, resend of unacknowledged publishes. Blocking up to the
  // connect timeout. Returns empty on success, else the reason (also in last_error()).
  std::string Connect();
  void Disconnect(bool graceful);
  bool connected() const { return socket_.open() && connected_; }
  int fd() const { return socket_.fd(); }
  // POLLOUT wanted: bytes to send (unless TLS must read before it can write them), or a read
  // that TLS can only finish by writing (then call OnReadable when writable: ReadWantsWrite).
  bool WantsWrite() const { return (!out_.empty() && !socket_.WriteWantsRead()) || socket_.ReadWantsWrite(); }
  bool ReadWantsWrite() const { return socket_.ReadWantsWrite(); }
  // Input already read from the socket but not yet handed out: call OnReadable without polling.
  bool HasBufferedInput() const { return socket_.HasPending() || !early_.messages.empty() || !early_.oversized.empty(); }
  // Each connection gets a new number: an Ack for a message from an earlier connection is dropped
  // (its packet id may mean another message now; the broker redelivers the old one).
  std::uint64_t connection() const { return connection_; }

  // Reads and decodes what is available. Returns false when the connection was lost or a packet
  // was malformed (reason in last_error(); the client is disconnected).
  bool OnReadable(Received& received);
  // Writes queued bytes; false when the connection was lost.
  bool OnWritable();
  // Keep-alive: a PINGREQ when idle, and a lost connection when the broker stopped answering.
  bool Tick(std::chrono::steady_clock::time_point now);

  void Ack(std::uint64_t connection, std::uint16_t packet_id);
  // A QoS 1 retained publish; a newer payload for a topic still waiting replaces the older one.
  // Returns false (and queues nothing) for a topic a broker would refuse (mqtt::TopicNameError):
  // the broker would disconnect us, and the resend after every reconnect would repeat that.
  bool PublishRetained(const std::string& topic, std::string payload);
  std::size_t publishes_waiting() const { return pending_.size() + inflight_.size(); }
  std::uint64_t publishes_acked() const { return publishes_acked_; }
  const std::string& last_error() const { return last_error_; }

 private:
  struct Outgoing {
    std::string topic;
    std::string payload;
    std::uint64_t sequence = 0;  // order of first sending: packet ids wrap at 65535
  };
  bool Fail(std::string reason);
  bool HandlePacket(mqtt::Packet& packet, Received& received);
  void StartPending();
  std::uint16_t NextPacketId();
  void Queue(std::string bytes);

  MqttOptions options_;
  const TlsContext& tls_;
  TlsSocket socket_;
  mqtt::Decoder decoder_;
  bool connected_ = false;
  std::uint64_t connection_ = 0;
  std::string out_;
  std::string in_;
  Received early_;  // PUBLISHes that arrived during the connect sequence
  std::uint16_t last_packet_id_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::map<std::uint16_t, Outgoing> inflight_;
  std::unordered_map<std::string, std::string> pending_;  // topic -> newest payload
  std::deque<std::string> pending_order_;
  std::chrono::steady_clock::time_point last_sent_{};
  std::chrono::steady_clock::time_point ping_sent_{};
  bool ping_outstanding_ = false;
  std::uint64_t publishes_acked_ = 0;
  std::string last_error_;
};

}  // namespace pb::serve
