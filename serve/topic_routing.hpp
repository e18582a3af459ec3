// Which payload format a topic carries (by the subscription filter it matched), and how a fleet
// is split over several serve instances by device partition (docs/serve.md, "Scale-out").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::serve {

enum class PayloadFormat { kSenml, kInflux, kAuto };  // auto: '[' starts SenML, else line protocol
// "senml", "influx", "auto"; throws std::invalid_argument naming the allowed values.
PayloadFormat ParsePayloadFormat(std::string_view name);

// MQTT topic filter matching (+ one level, # the rest), after removing a "$share/<group>/" prefix.
bool TopicMatches(std::string_view filter, std::string_view topic);
std::string_view WithoutSharePrefix(std::string_view filter);

struct TopicRoute {
  std::string filter;  // as subscribed (may be $share/...)
  PayloadFormat format = PayloadFormat::kAuto;
  // The topic's last level is the device that sent it (a partition's <prefix>/<p>/<device>): a
  // record naming another device is refused (device_mismatch). The broker's ACL lets a device's
  // certificate write its own topic only (docs/serve.md); this keeps it from writing another
  // device's records into its own topic. Off for other routes, where a gateway forwards many.
  bool topic_names_device = false;
};

// The first route whose filter matches; a route of format kAuto that names no device when none does.
const TopicRoute& RouteForTopic(const std::vector<TopicRoute>& routes, std::string_view topic);
// The device of a topic: on a route that names it, everything after the filter's fixed levels
// ("telemetry/3/#": "telemetry/3/site/7" -> "site/7", as --partition-of writes it; a certificate
// allowed telemetry/+/x/dev-b by a pattern ACL does not pass for dev-b); elsewhere the last level,
// the device of a payload that names none ("gateways/gw-7" -> "gw-7").
std::string_view TopicDevice(const TopicRoute& route, std::string_view topic);
// Its format.
PayloadFormat FormatForTopic(const std::vector<TopicRoute>& routes, std::string_view topic);

// The partition of a device: FNV-1a 32-bit hash of the device id's bytes, modulo `partitions`.
// Devices (or the gateway forwarding for them) publish to <prefix>/<partition>/<device>.
std::uint32_t DevicePartition(std::string_view device_id, std::uint32_t partitions);

// "$share/<group>/<prefix>/<p>/#" for each partition p this instance owns.
std::vector<std::string> PartitionFilters(std::string_view prefix, std::string_view group,
                                          const std::vector<std::uint32_t>& owned);

}  // namespace pb::serve
