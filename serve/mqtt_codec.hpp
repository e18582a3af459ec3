// MQTT 3.1.1 packets (OASIS standard, 2014) as bytes, without a network: what serve's own client
// sends (CONNECT, SUBSCRIBE, PUBLISH, PUBACK, PINGREQ, DISCONNECT) and a strict incremental
// decoder for what a broker sends. Our own codec because the PUBACK of a received QoS 1 message
// must be sent only after its effect is durable (docs/serve.md, "Durability"); the libraries in
// Debian acknowledge before the application sees the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pb::serve::mqtt {

enum class PacketType : std::uint8_t {
  kConnect = 1, kConnack = 2, kPublish = 3, kPuback = 4, kPubrec = 5, kPubrel = 6, kPubcomp = 7,
  kSubscribe = 8, kSuback = 9, kUnsubscribe = 10, kUnsuback = 11, kPingreq = 12, kPingresp = 13,
  kDisconnect = 14
};

struct ConnectOptions {
  std::string client_id;
  bool clean_session = false;  // false: the broker keeps our subscriptions and queues QoS 1 while we are away
  std::uint16_t keep_alive_s = 30;
  std::optional<std::string> username;
  std::optional<std::string> password;
};

struct Subscription {
  std::string filter;  // may be "$share/<group>/<filter>"
  std::uint8_t qos = 1;
};

std::string EncodeConnect(const ConnectOptions& options);
std::string EncodeSubscribe(std::uint16_t packet_id, const std::vector<Subscription>& subscriptions);
std::string EncodePublish(std::string_view topic, std::string_view payload, std::uint8_t qos, bool retain, bool dup,
                          std::uint16_t packet_id);
std::string EncodePuback(std::uint16_t packet_id);
std::string EncodePingreq();
std::string EncodeDisconnect();
// Why `topic` cannot be the topic of a PUBLISH we send; empty when it can. MQTT 3.1.1 §4.7.3 and
// §1.5.3: 1..65535 bytes, no wildcard, well-formed UTF-8 without U+0000; Mosquitto also refuses
// control characters (U+0001..U+001F, U+007F..U+009F) and non-characters. A broker disconnects a
// client that publishes to such a topic, and the resend after the reconnect would repeat it.
std::string TopicNameError(std::string_view topic);
// Why `filter` cannot be subscribed to; empty when it can (MQTT 3.1.1 §4.7.1: '#' only as the
// whole last level, '+' only as a whole level; "$share/<group>/<filter>" with a group without
// wildcards). A broker disconnects a client that subscribes to an invalid filter.
std::string TopicFilterError(std::string_view filter);
// The variable-length "remaining length" (1 to 4 bytes); throws std::length_error beyond 268,435,455.
void AppendRemainingLength(std::string& out, std::size_t length);

struct Publish {
  std::string topic;
  std::string payload;
  std::uint8_t qos = 0;
  bool retain = false;
  bool dup = false;
  std::uint16_t packet_id = 0;  // QoS > 0 only
};

// One decoded packet from the broker.
struct Packet {
  PacketType type = PacketType::kPingresp;
  std::uint8_t flags = 0;
  Publish publish;                       // kPublish
  std::uint16_t packet_id = 0;           // kPuback, kSuback
  std::uint8_t connack_code = 0;         // kConnack
  bool session_present = false;          // kConnack
  std::vector<std::uint8_t> suback_codes;  // kSuback: granted QoS per filter, 0x80 failure
};

// A PUBLISH larger than the limit: its body is skipped, but its QoS and packet id are read so the
// caller can acknowledge it (otherwise the broker would redeliver it for ever).
struct Oversized {
  std::uint8_t qos = 0;
  std::uint16_t packet_id = 0;
  std::size_t size = 0;  // remaining length
};

enum class DecodeStatus { kNeedMore, kPacket, kOversized, kError };

// Feed bytes as they arrive; call Next until kNeedMore. After kError the stream is unusable (the
// caller closes the connection and logs error()).
class Decoder {
 public:
  explicit Decoder(std::size_t max_remaining_length) : max_(max_remaining_length) {}
  void Feed(std::string_view bytes);
  DecodeStatus Next(Packet& packet, Oversized& oversized);
  const std::string& error() const { return error_; }
  void Reset();
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  DecodeStatus Fail(std::string message);
  std::string buffer_;
  std::size_t start_ = 0;  // consumed bytes at the front of buffer_
  std::size_t skip_ = 0;   // bytes of an oversized packet still to drop
  std::size_t max_;
  std::string error_;
};

// Parses a packet body (fixed header already read); returns an error text or empty.
std::string ParseBody(PacketType type, std::uint8_t flags, std::string_view body, Packet& packet);

}  // namespace pb::serve::mqtt
