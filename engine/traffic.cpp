#include "engine/traffic.hpp"

#include <cmath>

namespace pb::engine {
namespace proto = models::protocols;
using models::protocols::MessageSequence;

namespace {

void Append(MessageSequence& to, const MessageSequence& from) { to.insert(to.end(), from.begin(), from.end()); }

void BuildLwm2m(const ModelledDevice& d, DeviceTraffic& t) {
  const proto::Lwm2mConfig c = EffectiveLwm2mConfig(d);
  const ReportingParams& r = d.reporting;
  t.report = r.confirmable ? proto::Lwm2mNotifyConfirmable(c, r.uplink_payload_B)
                           : proto::Lwm2mNotifyNonConfirmable(c, r.uplink_payload_B);
  t.full_handshake = proto::DtlsFullHandshake(c.dtls, c.ip);
  t.resumed_handshake = proto::DtlsResumedHandshake(c.dtls, c.ip);
  t.registration_update = proto::Lwm2mUpdate(c);
  t.registration = proto::Lwm2mRegister(c);
  if (d.fota.enabled) {
    const int download_B = static_cast<int>(std::ceil(d.fota.image_size_B * d.fota.download_ratio_frac));
    t.fota_blocks = proto::CoapBlockCount(download_B, d.fota.block_size_B);
    t.fota_block = proto::CoapBlockGet(c, d.fota.block_size_B);
  }
}

void BuildMqtt(const ModelledDevice& d, DeviceTraffic& t) {
  const proto::MqttConfig& c = d.mqtt.protocol;
  const MessageSequence publish = proto::MqttPublishQos1(c, d.reporting.uplink_payload_B);
  if (d.mqtt.persistent_connection) {
    t.report = publish;
    t.keepalive = proto::MqttPing(c);
  } else {
    // Connect, publish and disconnect each report: the MQTT session messages belong to the
    // report, the TCP and TLS set-up to the handshake.
    t.report = proto::MqttConnect(c);
    Append(t.report, publish);
    Append(t.report, proto::MqttDisconnect(c));
  }
  t.full_handshake = proto::TcpConnect(c.ip);
  Append(t.full_handshake, proto::TlsFullHandshake(c));
  const MessageSequence close = proto::TcpClose(c.ip);
  Append(t.full_handshake, close);
  // A resumed TLS 1.2 session (RFC 5077 ticket) skips the certificate flights; its three
  // flights have the shape of the DTLS abbreviated handshake, which stands in for it.
  t.resumed_handshake = proto::TcpConnect(c.ip);
  proto::DtlsConfig abbreviated = d.dtls.dtls;
  abbreviated.connection_id_B = 0;
  Append(t.resumed_handshake, proto::DtlsResumedHandshake(abbreviated, c.ip));
  Append(t.resumed_handshake, close);
}

void BuildUdp(const ModelledDevice& d, DeviceTraffic& t) {
  const int headers_B = proto::UdpIpOverhead_B(d.udp.ip);
  t.report.push_back({models::protocols::Direction::kUplink, d.reporting.uplink_payload_B + headers_B, "UDP report"});
  if (d.reporting.confirmable)
    t.report.push_back({models::protocols::Direction::kDownlink, d.udp.ack_B + headers_B, "application ACK"});
}

}  // namespace

proto::Lwm2mConfig EffectiveLwm2mConfig(const ModelledDevice& d) {
  proto::Lwm2mConfig c = d.lwm2m.protocol;
  c.dtls = d.dtls.dtls;
  // A resumable session costs a session ID (1.2) or ticket (1.3) in the full handshake.
  c.dtls.resumable = d.dtls.resumption;
  c.register_lifetime_s = static_cast<int>(d.lwm2m.registration_lifetime_s);
  return c;
}

DeviceTraffic BuildTraffic(const ModelledDevice& device) {
  DeviceTraffic t;
  switch (device.stack) {
    case Stack::kLwm2mDtls: BuildLwm2m(device, t); break;
    case Stack::kMqttTls: BuildMqtt(device, t); break;
    case Stack::kUdp: BuildUdp(device, t); break;
  }
  return t;
}

}  // namespace pb::engine
