#include "serve/message_ingest.hpp"

namespace pb::serve {

namespace est = pb::engine::estimation;

bool MessageIngest::IngestLine(est::telemetry_io::TelemetryReader& reader, std::string_view line, std::string_view topic_device,
                               bool topic_names_device, IngestTally& tally) {
  reader_counts_.fill(0);
  const bool ok = reader.ReadLine(line, records_, error_, reader_counts_);
  for (std::size_t i = 0; i < reader_counts_.size(); ++i)
    if (reader_counts_[i] > 0) fleet_.Count(static_cast<est::Reason>(i), reader_counts_[i]);
  if (!ok) {
    ++tally.malformed_lines;
    tally.last_error = error_;
    fleet_.Count(est::Reason::kMalformed);
    return false;
  }
  for (est::TelemetryRecord& r : records_) {
    if (r.device_id.empty()) r.device_id = topic_device;
    if (topic_names_device && r.device_id != topic_device) {
      // A device writing another's records into its own topic: the ACL cannot see the payload.
      fleet_.Count(est::Reason::kDeviceMismatch);
      ++tally.rejected;
      ++tally.device_mismatches;
      continue;
    }
    if (fleet_.Ingest(r)) {
      ++tally.rejected;
      continue;
    }
    ++tally.accepted;
    if (r.time_s > tally.newest_record_s) tally.newest_record_s = r.time_s;
    tally.touched.emplace(r.device_id);
  }
  return true;
}

bool MessageIngest::Ingest(std::string_view topic, std::string_view payload, const TopicRoute& route, IngestTally& tally) {
  PayloadFormat format = route.format;
  const std::string_view topic_device = TopicDevice(route, topic);
  const std::size_t first = payload.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    ++tally.malformed_lines;
    tally.last_error = "empty payload";
    fleet_.Count(est::Reason::kMalformed);
    return false;
  }
  if (format == PayloadFormat::kAuto) format = payload[first] == '[' ? PayloadFormat::kSenml : PayloadFormat::kInflux;
  if (format == PayloadFormat::kSenml) {
    // One pack per message; a forwarder may pretty-print it over several lines.
    scratch_.assign(payload);
    for (char& c : scratch_)
      if (c == '\n' || c == '\r') c = ' ';
    return IngestLine(senml_, scratch_, topic_device, route.topic_names_device, tally);
  }
  bool all_ok = true;
  while (!payload.empty()) {
    const std::size_t end = payload.find('\n');
    std::string_view line = payload.substr(0, end);
    payload.remove_prefix(end == std::string_view::npos ? payload.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // a comment goes on: the reader counts it
    all_ok = IngestLine(influx_, line, topic_device, route.topic_names_device, tally) && all_ok;
  }
  return all_ok;
}

}  // namespace pb::serve
