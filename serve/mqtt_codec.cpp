#include "serve/mqtt_codec.hpp"

#include <stdexcept>

namespace pb::serve::mqtt {

namespace {

constexpr std::size_t kMaxRemainingLength = 268'435'455;  // 4 bytes of 7 bits (MQTT 3.1.1 §2.2.3)

void AppendU16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xFF));
}

void AppendString(std::string& out, std::string_view s) {
  if (s.size() > 0xFFFF) throw std::length_error("MQTT string longer than 65535 bytes");
  AppendU16(out, static_cast<std::uint16_t>(s.size()));
  out.append(s);
}

std::string Frame(std::uint8_t first_byte, const std::string& body) {
  std::string out;
  out.reserve(body.size() + 5);
  out.push_back(static_cast<char>(first_byte));
  AppendRemainingLength(out, body.size());
  out += body;
  return out;
}

std::uint16_t ReadU16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(s[at]) << 8) | static_cast<std::uint8_t>(s[at + 1]));
}

// Remaining length at buffer[at...]: the number of bytes it took (0: need more), -1: malformed.
int ReadRemainingLength(std::string_view s, std::size_t at, std::size_t& length) {
  length = 0;
  std::size_t multiplier = 1;
  for (int i = 0; i < 4; ++i) {
    if (at + static_cast<std::size_t>(i) >= s.size()) return 0;
    const auto byte = static_cast<std::uint8_t>(s[at + static_cast<std::size_t>(i)]);
    length += (byte & 0x7Fu) * multiplier;
    if ((byte & 0x80u) == 0) return i + 1;
    multiplier *= 128;
  }
  return -1;
}

}  // namespace

void AppendRemainingLength(std::string& out, std::size_t length) {
  if (length > kMaxRemainingLength) throw std::length_error("MQTT packet larger than 268435455 bytes");
  do {
    auto byte = static_cast<std::uint8_t>(length % 128);
    length /= 128;
    if (length > 0) byte |= 0x80u;
    out.push_back(static_cast<char>(byte));
  } while (length > 0);
}

std::string TopicNameError(std::string_view topic) {
  if (topic.empty()) return "empty topic";
  if (topic.size() > 0xFFFF) return "topic longer than 65535 bytes";
  if (topic.find_first_of("+#") != std::string_view::npos) return "topic with a wildcard (+ or #)";
  for (std::size_t i = 0; i < topic.size();) {
    const auto lead = static_cast<std::uint8_t>(topic[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (lead < 0x80) { n = 1; cp = lead; }
    else if (lead >= 0xC2 && lead <= 0xDF) { n = 2; cp = lead & 0x1Fu; }
    else if (lead >= 0xE0 && lead <= 0xEF) { n = 3; cp = lead & 0x0Fu; }
    else if (lead >= 0xF0 && lead <= 0xF4) { n = 4; cp = lead & 0x07u; }
    else return "topic is not UTF-8";
    if (i + n > topic.size()) return "topic is not UTF-8";
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<std::uint8_t>(topic[i + k]);
      if ((b & 0xC0u) != 0x80u) return "topic is not UTF-8";
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return "topic is not UTF-8 (overlong)";
    if (cp >= 0xD800 && cp <= 0xDFFF) return "topic is not UTF-8 (surrogate)";
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) return "topic with a control character";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFEu) == 0xFFFEu) return "topic with a Unicode non-character";
    i += n;
  }
  return {};
}

std::string TopicFilterError(std::string_view filter) {
  if (filter.substr(0, 7) == "$share/") {
    const std::size_t slash = filter.find('/', 7);
    const std::string_view group = filter.substr(7, slash == std::string_view::npos ? std::string_view::npos : slash - 7);
    if (group.empty() || group.find_first_of("+#") != std::string_view::npos)
      return "a shared subscription is $share/<group>/<filter>, the group without + or #";
    if (slash == std::string_view::npos) return "a shared subscription needs a filter after $share/<group>/";
    if (filter.size() > 0xFFFF) return "filter longer than 65535 bytes";
    filter.remove_prefix(slash + 1);
  }
  // The wildcards are checked here; everything else as for a topic name, with them replaced.
  std::string plain(filter);
  std::size_t level_start = 0;
  for (std::size_t i = 0; i <= filter.size(); ++i) {
    if (i < filter.size() && filter[i] != '/') continue;
    const std::string_view level = filter.substr(level_start, i - level_start);
    if (level.find('#') != std::string_view::npos && (level != "#" || i != filter.size()))
      return "'#' must be the whole last level";
    if (level.find('+') != std::string_view::npos && level != "+") return "'+' must be a whole level";
    level_start = i + 1;
  }
  for (char& c : plain)
    if (c == '+' || c == '#') c = 'w';
  std::string error = TopicNameError(plain);
  if (error.rfind("topic", 0) == 0) error.replace(0, 5, "filter");
  return error;
}

std::string EncodeConnect(const ConnectOptions& o) {
  std::string body;
  AppendString(body, "MQTT");
  body.push_back(4);  // protocol level 3.1.1
  std::uint8_t flags = 0;
  if (o.clean_session) flags |= 0x02;
  if (o.username) flags |= 0x80;
  if (o.username && o.password) flags |= 0x40;
  body.push_back(static_cast<char>(flags));
  AppendU16(body, o.keep_alive_s);
  AppendString(body, o.client_id);
  if (o.username) AppendString(body, *o.username);
  if (o.username && o.password) AppendString(body, *o.password);
  return Frame(0x10, body);
}

std::string EncodeSubscribe(std::uint16_t packet_id, const std::vector<Subscription>& subscriptions) {
  if (subscriptions.empty()) throw std::invalid_argument("SUBSCRIBE needs at least one topic filter");
  std::string body;
  AppendU16(body, packet_id);
  for (const Subscription& s : subscriptions) {
    AppendString(body, s.filter);
    body.push_back(static_cast<char>(s.qos));
  }
  return Frame(0x82, body);  // flags 0010 are required (§3.8.1)
}

std::string EncodePublish(std::string_view topic, std::string_view payload, std::uint8_t qos, bool retain, bool dup,
                          std::uint16_t packet_id) {
  std::string body;
  body.reserve(topic.size() + payload.size() + 4);
  AppendString(body, topic);
  if (qos > 0) AppendU16(body, packet_id);
  body.append(payload);
  const auto first = static_cast<std::uint8_t>(0x30 | (dup && qos > 0 ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0));
  return Frame(first, body);
}

std::string EncodePuback(std::uint16_t packet_id) {
  std::string body;
  AppendU16(body, packet_id);
  return Frame(0x40, body);
}

std::string EncodePingreq() { return std::string("\xC0\x00", 2); }
std::string EncodeDisconnect() { return std::string("\xE0\x00", 2); }

std::string ParseBody(PacketType type, std::uint8_t flags, std::string_view body, Packet& p) {
  p.type = type;
  p.flags = flags;
  switch (type) {
    case PacketType::kConnack:
      if (flags != 0 || body.size() != 2) return "CONNACK must have flags 0 and 2 bytes";
      if ((static_cast<std::uint8_t>(body[0]) & 0xFEu) != 0) return "CONNACK reserved bits set";
      p.session_present = (body[0] & 1) != 0;
      p.connack_code = static_cast<std::uint8_t>(body[1]);
      return {};
    case PacketType::kPublish: {
      const auto qos = static_cast<std::uint8_t>((flags >> 1) & 3);
      if (qos == 3) return "PUBLISH with QoS 3";
      if (qos == 2) return "PUBLISH with QoS 2 (we subscribe with QoS 1 at most)";
      if (body.size() < 2) return "PUBLISH shorter than its topic length";
      const std::size_t topic_len = ReadU16(body, 0);
      const std::size_t header = 2 + topic_len + (qos > 0 ? 2 : 0);
      if (body.size() < header) return "PUBLISH shorter than its topic and packet id";
      p.publish.topic.assign(body.substr(2, topic_len));
      if (p.publish.topic.empty()) return "PUBLISH with an empty topic";
      if (p.publish.topic.find_first_of("+#") != std::string::npos) return "PUBLISH topic with a wildcard";
      if (p.publish.topic.find('\0') != std::string::npos) return "PUBLISH topic with a NUL character";
      p.publish.qos = qos;
      p.publish.retain = (flags & 1) != 0;
      p.publish.dup = (flags & 8) != 0;
      p.publish.packet_id = qos > 0 ? ReadU16(body, 2 + topic_len) : 0;
      if (qos > 0 && p.publish.packet_id == 0) return "PUBLISH with packet id 0";
      p.publish.payload.assign(body.substr(header));
      return {};
    }
    case PacketType::kPuback:
      if (flags != 0 || body.size() != 2) return "PUBACK must have flags 0 and 2 bytes";
      p.packet_id = ReadU16(body, 0);
      return {};
    case PacketType::kSuback:
      if (flags != 0 || body.size() < 3) return "SUBACK must have flags 0 and at least 3 bytes";
      p.packet_id = ReadU16(body, 0);
      p.suback_codes.assign(body.begin() + 2, body.end());
      for (std::uint8_t code : p.suback_codes)
        if (code > 2 && code != 0x80) return "SUBACK with an invalid return code";
      return {};
    case PacketType::kPingresp:
      if (flags != 0 || !body.empty()) return "PINGRESP must be empty";
      return {};
    default:
      return "unexpected packet type " + std::to_string(static_cast<int>(type)) + " from the broker";
  }
}

void Decoder::Feed(std::string_view bytes) {
  if (skip_ > 0) {
    const std::size_t n = std::min(skip_, bytes.size());
    skip_ -= n;
    bytes.remove_prefix(n);
  }
  // Compact now and then so the buffer does not grow with everything ever received.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

void Decoder::Reset() {
  buffer_.clear();
  start_ = 0;
  skip_ = 0;
  error_.clear();
}

DecodeStatus Decoder::Fail(std::string message) {
  error_ = std::move(message);
  return DecodeStatus::kError;
}

DecodeStatus Decoder::Next(Packet& packet, Oversized& oversized) {
  if (!error_.empty()) return DecodeStatus::kError;
  const std::string_view data = std::string_view(buffer_).substr(start_);
  if (data.size() < 2) return DecodeStatus::kNeedMore;
  const auto first = static_cast<std::uint8_t>(data[0]);
  const auto type = static_cast<PacketType>(first >> 4);
  const auto flags = static_cast<std::uint8_t>(first & 0x0F);
  std::size_t length = 0;
  const int n = ReadRemainingLength(data, 1, length);
  if (n < 0) return Fail("remaining length longer than 4 bytes");
  if (n == 0) return DecodeStatus::kNeedMore;
  const std::size_t header = 1 + static_cast<std::size_t>(n);
  if (length > max_) {
    if (type != PacketType::kPublish) return Fail("packet of type " + std::to_string(first >> 4) + " larger than the limit");
    // Read just enough to acknowledge it: topic length, topic, packet id.
    if (data.size() < header + 2) return DecodeStatus::kNeedMore;
    const std::size_t topic_len = ReadU16(data, header);
    const auto qos = static_cast<std::uint8_t>((flags >> 1) & 3);
    if (qos > 1) return Fail("oversized PUBLISH with QoS " + std::to_string(qos));
    const std::size_t need = 2 + topic_len + (qos > 0 ? 2 : 0);
    if (need > length) return Fail("PUBLISH shorter than its topic");
    if (data.size() < header + need) return DecodeStatus::kNeedMore;
    oversized.qos = qos;
    oversized.packet_id = qos > 0 ? ReadU16(data, header + 2 + topic_len) : 0;
    if (qos > 0 && oversized.packet_id == 0) return Fail("oversized PUBLISH with packet id 0");
    oversized.size = length;
    const std::size_t available = data.size() - header;
    if (available >= length) {
      start_ += header + length;
    } else {
      skip_ = length - available;
      start_ = buffer_.size();
    }
    return DecodeStatus::kOversized;
  }
  if (data.size() < header + length) return DecodeStatus::kNeedMore;
  packet = Packet{};
  const std::string message = ParseBody(type, flags, data.substr(header, length), packet);
  if (!message.empty()) return Fail(message);
  start_ += header + length;
  return DecodeStatus::kPacket;
}

}  // namespace pb::serve::mqtt
