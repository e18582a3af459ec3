#include "serve/mqtt_client.hpp"

#include <algorithm>

namespace pb::serve {

namespace {
using Clock = std::chrono::steady_clock;
}

bool MqttClient::Fail(std::string reason) {
  last_error_ = std::move(reason);
  Disconnect(false);
  return false;
}

void MqttClient::Disconnect(bool graceful) {
  if (graceful && connected()) {
    std::string error;
    if (out_.empty() || socket_.WriteAll(out_, std::chrono::milliseconds(2000), error))
      socket_.WriteAll(mqtt::EncodeDisconnect(), std::chrono::milliseconds(500), error);
  }
  socket_.Close();
  connected_ = false;
  out_.clear();
  in_.clear();
  decoder_.Reset();
  ping_outstanding_ = false;
}

void MqttClient::Queue(std::string bytes) {
  if (!connected()) return;
  out_ += bytes;
  last_sent_ = Clock::now();
}

std::uint16_t MqttClient::NextPacketId() {
  do {
    last_packet_id_ = static_cast<std::uint16_t>(last_packet_id_ + 1);
  } while (last_packet_id_ == 0 || inflight_.count(last_packet_id_) > 0);
  return last_packet_id_;
}

std::string MqttClient::Connect() {
  Disconnect(false);
  ++connection_;
  early_ = Received{};
  const auto deadline = Clock::now() + options_.connect_timeout;
  const auto left = [&] {
    return std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
  };
  if (std::string e = socket_.Connect(tls_, options_.host, options_.port, options_.connect_timeout); !e.empty()) {
    last_error_ = e;
    return e;
  }
  std::string error;
  if (!socket_.WriteAll(mqtt::EncodeConnect(options_.connect), left(), error)) {
    Fail("CONNECT: " + error);
    return last_error_;
  }
  // Wait for one packet of the given type; PUBLISHes of the persistent session may come first.
  const auto await = [&](mqtt::PacketType type, mqtt::Packet& got) -> bool {
    while (true) {
      mqtt::Oversized big;
      switch (decoder_.Next(got, big)) {
        case mqtt::DecodeStatus::kPacket:
          if (got.type == type) return true;
          if (got.type == mqtt::PacketType::kPublish) {
            early_.messages.push_back(std::move(got.publish));
            continue;
          }
          if (got.type == mqtt::PacketType::kPuback) {
            continue;  // for a publish of an earlier connection; it is resent below anyway
          }
          return Fail("unexpected packet while connecting");
        case mqtt::DecodeStatus::kOversized:
          early_.oversized.push_back(big);
          continue;
        case mqtt::DecodeStatus::kError:
          return Fail("malformed packet from the broker: " + decoder_.error());
        case mqtt::DecodeStatus::kNeedMore:
          break;
      }
      if (!socket_.WaitReadable(left())) return Fail("broker did not answer in time");
      std::string chunk;
      const IoResult r = socket_.Read(chunk, error);
      if (r == IoResult::kClosed) return Fail("broker closed the connection (refused?)");
      if (r == IoResult::kError) return Fail(error);
      decoder_.Feed(chunk);
    }
  };
  connected_ = true;  // for Queue and Fail; only reported as connected once subscribed
  mqtt::Packet packet;
  if (!await(mqtt::PacketType::kConnack, packet)) return last_error_;
  if (packet.connack_code != 0) {
    static const char* kCodes[] = {"accepted", "unacceptable protocol version", "client id rejected",
                                   "server unavailable", "bad user name or password", "not authorised"};
    const std::string why = packet.connack_code < 6 ? kCodes[packet.connack_code] : "unknown code";
    Fail("broker refused the connection: " + why);
    return last_error_;
  }
  if (!options_.subscriptions.empty()) {
    const std::uint16_t id = NextPacketId();
    if (!socket_.WriteAll(mqtt::EncodeSubscribe(id, options_.subscriptions), left(), error)) {
      Fail("SUBSCRIBE: " + error);
      return last_error_;
    }
    if (!await(mqtt::PacketType::kSuback, packet)) return last_error_;
    if (packet.packet_id != id || packet.suback_codes.size() != options_.subscriptions.size()) {
      Fail("SUBACK does not answer our SUBSCRIBE (packet id or number of return codes)");
      return last_error_;
    }
    for (std::size_t i = 0; i < packet.suback_codes.size(); ++i) {
      if (packet.suback_codes[i] == 0x80) {
        Fail("broker refused the subscription to " + options_.subscriptions[i].filter);
        return last_error_;
      }
      // Granted QoS 0 (a broker's max_qos): messages would come unacknowledged and a crash would
      // lose them, which serve promises never happens; refuse rather than run without the promise.
      if (packet.suback_codes[i] < options_.subscriptions[i].qos) {
        Fail("broker granted QoS " + std::to_string(packet.suback_codes[i]) + " for " + options_.subscriptions[i].filter +
             " (serve needs QoS 1 to acknowledge only what is durable)");
        return last_error_;
      }
    }
  }
  // Unacknowledged publishes of the previous connection go again, marked as duplicates, in the
  // order they were first sent (not by packet id, which wraps): two estimates of one device in
  // flight must reach the retained topic oldest first.
  std::vector<std::map<std::uint16_t, Outgoing>::const_iterator> resend;
  for (auto it = inflight_.cbegin(); it != inflight_.cend(); ++it) resend.push_back(it);
  std::sort(resend.begin(), resend.end(), [](const auto& a, const auto& b) { return a->second.sequence < b->second.sequence; });
  for (const auto& it : resend) out_ += mqtt::EncodePublish(it->second.topic, it->second.payload, 1, true, true, it->first);
  last_sent_ = Clock::now();
  StartPending();
  last_error_.clear();
  return {};
}

bool MqttClient::HandlePacket(mqtt::Packet& packet, Received& received) {
  switch (packet.type) {
    case mqtt::PacketType::kPublish:
      received.messages.push_back(std::move(packet.publish));
      return true;
    case mqtt::PacketType::kPuback:
      if (inflight_.erase(packet.packet_id) > 0) ++publishes_acked_;
      return true;
    case mqtt::PacketType::kPingresp:
      ping_outstanding_ = false;
      return true;
    case mqtt::PacketType::kSuback:
      return true;
    default:
      return Fail("unexpected packet type from the broker");
  }
}

bool MqttClient::OnReadable(Received& received) {
  if (!early_.messages.empty() || !early_.oversized.empty()) {
    for (auto& m : early_.messages) received.messages.push_back(std::move(m));
    for (auto& o : early_.oversized) received.oversized.push_back(o);
    early_ = Received{};
  }
  if (!connected()) return false;
  std::string error;
  in_.clear();
  const IoResult r = socket_.Read(in_, error);
  decoder_.Feed(in_);
  while (true) {
    mqtt::Packet packet;
    mqtt::Oversized big;
    const mqtt::DecodeStatus s = decoder_.Next(packet, big);
    if (s == mqtt::DecodeStatus::kNeedMore) break;
    if (s == mqtt::DecodeStatus::kError) return Fail("malformed packet from the broker: " + decoder_.error());
    if (s == mqtt::DecodeStatus::kOversized) {
      received.oversized.push_back(big);
      continue;
    }
    if (!HandlePacket(packet, received)) return false;
  }
  StartPending();
  if (r == IoResult::kClosed) return Fail("broker closed the connection");
  if (r == IoResult::kError) return Fail(error);
  return true;
}

bool MqttClient::OnWritable() {
  if (!connected()) return false;
  if (out_.empty()) return true;
  std::size_t written = 0;
  std::string error;
  const IoResult r = socket_.Write(out_, written, error);
  out_.erase(0, written);
  if (r == IoResult::kError || r == IoResult::kClosed) return Fail(error);
  return true;
}

bool MqttClient::Tick(Clock::time_point now) {
  if (!connected()) return false;
  const auto keep_alive = std::chrono::seconds(options_.connect.keep_alive_s);
  if (keep_alive.count() == 0) return true;
  if (ping_outstanding_ && now - ping_sent_ > keep_alive) return Fail("broker did not answer PINGREQ");
  if (!ping_outstanding_ && now - last_sent_ >= keep_alive / 2) {
    Queue(mqtt::EncodePingreq());
    ping_outstanding_ = true;
    ping_sent_ = now;
  }
  return true;
}

void MqttClient::Ack(std::uint64_t connection, std::uint16_t packet_id) {
  if (connection != connection_ || !connected()) return;  // the broker redelivers it
  Queue(mqtt::EncodePuback(packet_id));
}

bool MqttClient::PublishRetained(const std::string& topic, std::string payload) {
  if (!mqtt::TopicNameError(topic).empty()) return false;
  auto [it, inserted] = pending_.insert_or_assign(topic, std::move(payload));
  if (inserted) pending_order_.push_back(topic);
  StartPending();
  return true;
}

void MqttClient::StartPending() {
  if (!connected()) return;
  while (!pending_order_.empty() && inflight_.size() < options_.max_inflight_out) {
    auto it = pending_.find(pending_order_.front());
    pending_order_.pop_front();
    if (it == pending_.end()) continue;
    const std::uint16_t id = NextPacketId();
    Queue(mqtt::EncodePublish(it->first, it->second, 1, true, false, id));
    inflight_.emplace(id, Outgoing{it->first, std::move(it->second), next_sequence_++});
    pending_.erase(it);
  }
}

}  // namespace pb::serve
