// One MQTT message into the fleet estimator: its payload parsed with the telemetry readers
// (SenML pack or InfluxDB line protocol, engine/estimation/telemetry_io) and its records
// ingested. A record without a device id takes the topic's device (TopicDevice: the last level,
// "gateways/gw-7"; on a partition route all after the partition, "telemetry/3/dev-7"), and on a
// route whose topic names the device a record naming another device is refused and counted
// (device_mismatch). Bad payloads are counted (the estimator's "malformed" reason) and skipped,
// never thrown.
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
  std::size_t device_mismatches = 0;  // of `rejected`: records naming another device than their topic
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
  // `route`: the subscription the topic matched (its payload format, whether it names the device).
  bool Ingest(std::string_view topic, std::string_view payload, const TopicRoute& route, IngestTally& tally);

 private:
  bool IngestLine(engine::estimation::telemetry_io::TelemetryReader& reader, std::string_view line, std::string_view topic_device,
                  bool topic_names_device, IngestTally& tally);
  engine::estimation::FleetEstimator& fleet_;
  engine::estimation::telemetry_io::TelemetryReader senml_;
  engine::estimation::telemetry_io::TelemetryReader influx_;
  std::vector<engine::estimation::TelemetryRecord> records_;
  std::string scratch_;
  std::string error_;
  engine::estimation::ReasonCounts reader_counts_{};
};

}  // namespace pb::serve
