#include "serve/topic_routing.hpp"

#include <stdexcept>

namespace pb::serve {

PayloadFormat ParsePayloadFormat(std::string_view name) {
  if (name == "senml") return PayloadFormat::kSenml;
  if (name == "influx") return PayloadFormat::kInflux;
  if (name == "auto") return PayloadFormat::kAuto;
  throw std::invalid_argument("payload format '" + std::string(name) + "': use senml, influx or auto");
}

std::string_view WithoutSharePrefix(std::string_view filter) {
  if (filter.substr(0, 7) != "$share/") return filter;
  const std::size_t slash = filter.find('/', 7);
  return slash == std::string_view::npos ? std::string_view() : filter.substr(slash + 1);
}

bool TopicMatches(std::string_view filter, std::string_view topic) {
  filter = WithoutSharePrefix(filter);
  // Topics starting with $ are not matched by wildcards at the first level (MQTT 3.1.1 §4.7.2).
  if (!topic.empty() && topic[0] == '$' && !filter.empty() && (filter[0] == '+' || filter[0] == '#')) return false;
  while (true) {
    const std::size_t fs = filter.find('/'), ts = topic.find('/');
    const std::string_view f = filter.substr(0, fs), t = topic.substr(0, ts);
    if (f == "#") return true;
    if (f != "+" && f != t) return false;
    if (fs == std::string_view::npos && ts == std::string_view::npos) return true;
    if (fs == std::string_view::npos) return false;
    if (ts == std::string_view::npos) return filter.substr(fs + 1) == "#";  // "a/#" matches "a"
    filter.remove_prefix(fs + 1);
    topic.remove_prefix(ts + 1);
  }
}

const TopicRoute& RouteForTopic(const std::vector<TopicRoute>& routes, std::string_view topic) {
  static const TopicRoute kUnrouted;
  for (const TopicRoute& r : routes)
    if (TopicMatches(r.filter, topic)) return r;
  return kUnrouted;
}

std::string_view TopicDevice(const TopicRoute& route, std::string_view topic) {
  if (route.topic_names_device) {
    const std::string_view filter = WithoutSharePrefix(route.filter);
    if (filter.ends_with("/#") && topic.starts_with(filter.substr(0, filter.size() - 1)))
      return topic.substr(filter.size() - 1);
  }
  const std::size_t slash = topic.rfind('/');
  return slash == std::string_view::npos ? topic : topic.substr(slash + 1);
}

PayloadFormat FormatForTopic(const std::vector<TopicRoute>& routes, std::string_view topic) {
  return RouteForTopic(routes, topic).format;
}

std::uint32_t DevicePartition(std::string_view device_id, std::uint32_t partitions) {
  if (partitions == 0) throw std::invalid_argument("partitions: must be at least 1");
  std::uint32_t hash = 2166136261u;
  for (char c : device_id) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash % partitions;
}

std::vector<std::string> PartitionFilters(std::string_view prefix, std::string_view group,
                                          const std::vector<std::uint32_t>& owned) {
  std::vector<std::string> filters;
  for (std::uint32_t p : owned)
    filters.push_back("$share/" + std::string(group) + "/" + std::string(prefix) + "/" + std::to_string(p) + "/#");
  return filters;
}

}  // namespace pb::serve
