#include "serve/message_ingest.hpp"

namespace pb::serve {

namespace est = pb::engine::estimation;

bool MessageIngest::IngestLine(est::telemetry_io::TelemetryReader& reader, std::string_view line, std::string_view topic_device,
                               IngestTally& tally) {
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

bool MessageIngest::Ingest(std::string_view topic, std::string_view payload, PayloadFormat format, IngestTally& tally) {
  const std::size_t slash = topic.rfind('/');
  const std::string_view topic_device = slash == std::string_view::npos ? topic : topic.substr(slash + 1);
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
    return IngestLine(senml_, scratch_, topic_device, tally);
  }
  bool all_ok = true;
  while (!payload.empty()) {
    const std::size_t end = payload.find('\n');
    std::string_view line = payload.substr(0, end);
    payload.remove_prefix(end == std::string_view::npos ? payload.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    all_ok = IngestLine(influx_, line, topic_device, tally) && all_ok;
  }
  return all_ok;
}

}  // namespace pb::serve
