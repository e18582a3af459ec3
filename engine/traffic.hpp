// The messages a device exchanges, per kind of exchange, built once from its protocol stack.
// They depend only on the protocol configuration, not on coverage, timers or intervals, so a
// sweep or Monte Carlo over those reuses one DeviceTraffic (bench/bench_budget.cpp).
#pragma once

#include "engine/device_profile.hpp"
#include "models/protocols/message.hpp"

namespace pb::engine {

struct DeviceTraffic {
  models::protocols::MessageSequence report;              // one report's application messages
  models::protocols::MessageSequence full_handshake;      // security set-up from scratch
  models::protocols::MessageSequence resumed_handshake;   // abbreviated set-up of a cached session
  models::protocols::MessageSequence registration_update; // LwM2M Update (LwM2M only)
  models::protocols::MessageSequence registration;        // LwM2M Register (LwM2M only)
  models::protocols::MessageSequence keepalive;           // MQTT PINGREQ/PINGRESP (persistent MQTT only)
  models::protocols::MessageSequence fota_block;          // one CoAP Block2 request/response
  int fota_blocks = 0;                         // blocks in one download
};

DeviceTraffic BuildTraffic(const ModelledDevice& device);

// The LwM2M configuration with the device's DTLS session settings applied.
models::protocols::Lwm2mConfig EffectiveLwm2mConfig(const ModelledDevice& device);

}  // namespace pb::engine
