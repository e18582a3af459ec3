// serve's configuration: a JSON file (docs/serve.md, "Configuration"; example in
// docs/examples/serve-config.json) with command-line flags overriding it. Every error names the
// field and what is allowed; unknown keys are errors (a typo must not silently fall back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/influx_writer.hpp"
#include "serve/topic_routing.hpp"

namespace pb::serve {

struct ServeConfig {
  // overrides of the device profile (PROFILE is given on the command line; its --set come after)
  std::vector<std::string> set;
  double nrs_power_dBm = 32.0;
  std::optional<double> brown_out_V;

  // mqtt
  std::string host = "127.0.0.1";
  int port = 8883;
  std::string client_id = "powerbudget-serve";
  int keep_alive_s = 30;
  std::string ca_file, cert_file, key_file;  // also POWERBUDGET_MQTT_CA / _CERT / _KEY
  std::vector<TopicRoute> subscriptions;     // filter + payload format
  std::string out_prefix = "powerbudget/estimate";
  std::size_t max_message_bytes = 256 * 1024;
  std::size_t max_inflight_out = 1000;

  // partitions (scale-out): when partitions > 0, subscribe $share/<group>/<prefix>/<p>/# for owned p
  std::uint32_t partitions = 0;
  std::vector<std::uint32_t> owned_partitions;
  std::string partition_prefix = "telemetry";
  std::string share_group = "powerbudget";
  PayloadFormat partition_format = PayloadFormat::kAuto;

  InfluxOptions influx;

  std::string state_dir;
  double snapshot_interval_s = 60.0;
  // Messages remembered (by hash) to recognise a broker's redelivery after a crash; must exceed
  // what can be unacknowledged at once (the broker's in-flight limit).
  std::size_t dedup_window_messages = 100'000;

  std::string metrics_bind = "127.0.0.1";
  int metrics_port = 9464;
};

// Reads the JSON file into `config` (fields absent keep their defaults). Throws
// std::invalid_argument naming the file and the field.
void LoadConfigFile(const std::string& path, ServeConfig& config);
// "FILTER=FORMAT" or "FILTER" (format auto); throws naming --subscribe.
TopicRoute ParseSubscribeArgument(const std::string& text);
// "0,2,5" or "1-3"; each must be < partitions; throws naming --partition.
std::vector<std::uint32_t> ParsePartitionList(const std::string& text, std::uint32_t partitions);
// A numeric command-line flag (--port, --metrics-port, --max-message-bytes,
// --snapshot-interval-s, --partitions) as the user typed it, parsed and range-checked against
// the same table as the file's keys, then stored in `config`. Throws std::invalid_argument
// "--port: must be 1..65535, not '0' (config mqtt.port)". The ranges of every numeric option
// live in serve_config.cpp's table and nowhere else.
void SetNumericFlag(ServeConfig& config, std::string_view flag, const std::string& text);
// Environment defaults (certificate paths) and the checks across fields, including every numeric
// option's range once more (values set by code); throws naming the field.
void FinishConfig(ServeConfig& config);
// The filters this instance subscribes to: the explicit ones plus its partitions'.
std::vector<TopicRoute> EffectiveRoutes(const ServeConfig& config);

}  // namespace pb::serve
