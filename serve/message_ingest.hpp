// One MQTT message into the fleet estimator: its payload parsed with the telemetry readers
// (SenML pack or InfluxDB line protocol, engine/estimation/telemetry_io) and its records
// ingested. A record without a device id takes the topic's last level ("telemetry/3/dev-7").
// Bad payloads are counted (the estimator's "malformed" reason) and skipped, never thrown.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "serve/topic_routing.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/estimation/telemetry_io/telemetry_reader.hpp"

namespace pb::serve {

struct IngestTally {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t malformed_lines = 0;
  double newest_record_s = 0.0;            // the latest record time accepted
  std::unordered_set<std::string> touched;  // devices with a new accepted record
  std::string last_error;                  // of the last malformed line
};

class MessageIngest {
 public:
  explicit MessageIngest(engine::estimation::FleetEstimator& fleet)
      : fleet_(fleet), senml_(engine::estimation::telemetry_io::InputFormat::kSenml), influx_(engine::estimation::telemetry_io::InputFormat::kInflux) {}

  // Returns false when the message was malformed as a whole or in part (counted in tally).
  bool Ingest(std::string_view topic, std::string_view payload, PayloadFormat format, IngestTally& tally);

 private:
  bool IngestLine(engine::estimation::telemetry_io::TelemetryReader& reader, std::string_view line, std::string_view topic_device,
                  IngestTally& tally);
  engine::estimation::FleetEstimator& fleet_;
  engine::estimation::telemetry_io::TelemetryReader senml_;
  engine::estimation::telemetry_io::TelemetryReader influx_;
  std::vector<engine::estimation::TelemetryRecord> records_;
  std::string scratch_;
  std::string error_;
  engine::estimation::ReasonCounts reader_counts_{};
};

}  // namespace pb::serve
