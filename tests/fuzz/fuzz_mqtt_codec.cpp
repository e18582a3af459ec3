// Fuzz target: serve's MQTT 3.1.1 codec (serve/mqtt_codec.*). The decoder reads what a broker
// sends, byte stream in, packets out, and must never read past its buffer or throw: a bad
// stream is DecodeStatus::kError with a message.
//
// Input: byte 0 picks the decoder's size limit (small limits exercise the oversized-PUBLISH
// path, which skips a body still arriving), byte 1 the sizes of the pieces the stream arrives
// in; the rest is the stream. Checked beyond "no crash":
//   - the stream decoded at once and decoded as it arrives in pieces give the same packets,
//     oversized notices and error, in the same order;
//   - every PUBLISH decoded, encoded again with EncodePublish and decoded, is the same PUBLISH;
//   - topic and filter checks, and the encoders that take our own strings, do not throw on any
//     text that fits their limits.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "serve/mqtt_codec.hpp"

namespace {

namespace mqtt = pb::serve::mqtt;

// What a decoder gave, comparable across two runs.
struct Step {
  mqtt::DecodeStatus status = mqtt::DecodeStatus::kNeedMore;
  mqtt::PacketType type = mqtt::PacketType::kPingresp;
  std::uint8_t flags = 0;
  std::string topic, payload;
  std::uint8_t qos = 0;
  bool retain = false, dup = false;
  std::uint16_t packet_id = 0;
  std::uint8_t connack_code = 0;
  bool session_present = false;
  std::vector<std::uint8_t> suback_codes;
  std::size_t oversized_size = 0;
  std::string error;
  bool operator==(const Step&) const = default;
};

Step StepOf(mqtt::DecodeStatus status, const mqtt::Packet& p, const mqtt::Oversized& o, const mqtt::Decoder& d) {
  Step s;
  s.status = status;
  if (status == mqtt::DecodeStatus::kPacket) {
    s.type = p.type;
    s.flags = p.flags;
    s.topic = p.publish.topic;
    s.payload = p.publish.payload;
    s.qos = p.publish.qos;
    s.retain = p.publish.retain;
    s.dup = p.publish.dup;
    s.packet_id = p.type == mqtt::PacketType::kPublish ? p.publish.packet_id : p.packet_id;
    s.connack_code = p.connack_code;
    s.session_present = p.session_present;
    s.suback_codes = p.suback_codes;
  } else if (status == mqtt::DecodeStatus::kOversized) {
    s.qos = o.qos;
    s.packet_id = o.packet_id;
    s.oversized_size = o.size;
  } else if (status == mqtt::DecodeStatus::kError) {
    s.error = d.error();
  }
  return s;
}

// Drains the decoder into steps; false after an error (the caller would close the connection).
bool Drain(mqtt::Decoder& decoder, std::vector<Step>& steps) {
  for (;;) {
    mqtt::Packet packet;
    mqtt::Oversized oversized;
    const mqtt::DecodeStatus status = decoder.Next(packet, oversized);
    if (status == mqtt::DecodeStatus::kNeedMore) return true;
    steps.push_back(StepOf(status, packet, oversized, decoder));
    if (status == mqtt::DecodeStatus::kError) return false;
  }
}

[[noreturn]] void Finding(const char* what) {
  std::fprintf(stderr, "fuzz_mqtt_codec: %s\n", what);
  std::abort();
}

void CheckPublishRoundTrip(const Step& step) {
  const std::string encoded = mqtt::EncodePublish(step.topic, step.payload, step.qos, step.retain, step.dup, step.packet_id);
  mqtt::Decoder decoder(encoded.size());
  decoder.Feed(encoded);
  std::vector<Step> again;
  Drain(decoder, again);
  // The encoder never sets DUP on QoS 0 (MQTT 3.1.1 section 3.3.1.1); the decoder tolerates it.
  Step expected = step;
  if (expected.qos == 0) {
    expected.dup = false;
    expected.flags = static_cast<std::uint8_t>(expected.flags & ~0x08u);
  }
  if (again.size() != 1 || !(again[0] == expected)) Finding("a PUBLISH encoded again does not decode to itself");
}

void CheckOwnEncoders(const std::string& text) {
  static_cast<void>(mqtt::TopicNameError(text));
  static_cast<void>(mqtt::TopicFilterError(text));
  if (text.size() > 0xFFFF) return;  // beyond an MQTT string: the encoders refuse it (std::length_error)
  mqtt::ConnectOptions connect;
  connect.client_id = text;
  connect.username = text;
  connect.password = text;
  static_cast<void>(mqtt::EncodeConnect(connect));
  static_cast<void>(mqtt::EncodeSubscribe(1, {{text, 1}}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  constexpr std::size_t kLimits[] = {0, 3, 16, 200, 1u << 20};
  const std::size_t limit = kLimits[data[0] % std::size(kLimits)];
  const std::size_t piece = 1 + data[1] % 13;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  mqtt::Decoder at_once(limit);
  at_once.Feed(stream);
  std::vector<Step> steps;
  Drain(at_once, steps);

  mqtt::Decoder in_pieces(limit);
  std::vector<Step> piece_steps;
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    in_pieces.Feed(stream.substr(at, piece));
    if (!Drain(in_pieces, piece_steps)) break;
  }
  if (steps != piece_steps) Finding("the stream decodes differently at once and in pieces");

  for (const Step& step : steps) {
    if (step.status == mqtt::DecodeStatus::kPacket && step.type == mqtt::PacketType::kPublish) {
      CheckPublishRoundTrip(step);
      CheckOwnEncoders(step.topic);
    }
  }
  CheckOwnEncoders(std::string(stream));
  return 0;
}
