// powerbudget serve PROFILE --config FILE [flags]
//   The fleet estimator as a service on an MQTT broker (mutual TLS), with InfluxDB output and a
//   metrics endpoint. The work is in serve/; this file is the command line.
#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_format.hpp"
#include "cli/profile_arguments.hpp"
#include "cli/terminal_text.hpp"
#include "serve/server.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"

namespace pb::cli {
namespace po = boost::program_options;
namespace est = pb::engine::estimation;

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler stores into it");

extern "C" void OnStopSignal(int) { g_stop.store(true); }

// powerbudget serve --partition-of DEVICE --partitions N: the helper for whoever chooses topics.
std::optional<int> PartitionHelper(const std::vector<std::string>& args) {
  bool wanted = false;
  for (const std::string& a : args) wanted = wanted || a == "--partition-of" || a.rfind("--partition-of=", 0) == 0;
  if (!wanted) return std::nullopt;
  po::options_description d;
  std::vector<std::string> devices;
  std::string partitions;  // checked by the serve configuration's rule for --partitions
  std::string prefix = "telemetry";
  d.add_options()("partition-of", po::value(&devices)->composing())("partitions", po::value(&partitions))(
      "partition-prefix", po::value(&prefix));
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(d).run(), vm);
    po::notify(vm);
    if (partitions.empty()) throw std::invalid_argument("--partitions: give the number of partitions (at least 1)");
    serve::ServeConfig config;
    serve::SetNumericFlag(config, "--partitions", partitions);
    for (const std::string& device : devices)
      std::cout << prefix << "/" << serve::DevicePartition(device, config.partitions) << "/" << device << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "powerbudget serve: " << TerminalSafe(e.what()) << "\n";
    return kExitBadInput;
  }
}

void PrintSummary(OutputFormat format, const serve::ServeSummary& s) {
  const std::vector<std::pair<std::string, double>> rows = {
      {"devices", static_cast<double>(s.devices)},
      {"restored_devices", static_cast<double>(s.restored_devices)},
      {"replayed_messages", static_cast<double>(s.replayed_messages)},
      {"messages_in", static_cast<double>(s.messages_in)},
      {"records_accepted", static_cast<double>(s.records_accepted)},
      {"estimates_published", static_cast<double>(s.estimates_published)},
      {"influx_points_written", static_cast<double>(s.influx_points_written)},
      {"mqtt_reconnects", static_cast<double>(s.mqtt_reconnects)},
  };
  if (format == OutputFormat::kJson) {
    nlohmann::json j;
    j["schema"] = "powerbudget/serve-summary/1";  // docs/json-output.md
    for (const auto& [k, v] : rows) j[k] = static_cast<std::uint64_t>(v);
    std::cout << j.dump(2) << "\n";
  } else if (format == OutputFormat::kCsv) {
    std::cout << "quantity,value\n";
    for (const auto& [k, v] : rows) std::cout << k << "," << static_cast<std::uint64_t>(v) << "\n";
  } else {
    std::vector<std::vector<std::string>> table;
    for (const auto& [k, v] : rows) table.push_back({k, std::to_string(static_cast<std::uint64_t>(v))});
    std::cout << RenderTableAs(format, {"serve", "value"}, table);
  }
}

}  // namespace

int RunServe(const std::vector<std::string>& args) {
  if (auto code = PartitionHelper(args)) return *code;
  po::options_description visible(
      "Usage: powerbudget serve PROFILE --config FILE [options]\n"
      "       powerbudget serve --partition-of DEVICE --partitions N   (print the device's topic)\n\n"
      "The fleet estimator as a service: subscribes to telemetry (SenML or InfluxDB line protocol) on an MQTT\n"
      "broker over mutual TLS, acknowledges each message only once its effect is durable, publishes every\n"
      "device's estimate as SenML (retained) under the output prefix and writes it to InfluxDB. Metrics and\n"
      "health on a loopback HTTP port. Stops on SIGTERM/SIGINT after a final snapshot. docs/serve.md.\n\nOptions");
  ProfileArguments profile_args;
  AddProfileOptions(visible, profile_args, false);
  std::string config_file, format = "table", broker, ca, cert, key, client_id, state_dir, influx_url, influx_db,
                           partition_list, out_prefix, metrics_bind;
  std::vector<std::string> subscribe;
  std::string port, metrics_port, partitions, snapshot_interval_s, max_message_bytes;  // as typed; empty: not given
  visible.add_options()("config,c", po::value(&config_file), "JSON configuration (docs/examples/serve-config.json)")(
      "broker", po::value(&broker), "MQTT broker host name or IP (its certificate must name it)")(
      "port", po::value(&port), "MQTT broker TLS port (default 8883)")(
      "ca", po::value(&ca), "CA certificate file (PEM) [env POWERBUDGET_MQTT_CA]")(
      "cert", po::value(&cert), "client certificate (PEM) for mutual TLS [env POWERBUDGET_MQTT_CERT]")(
      "key", po::value(&key), "client private key (PEM) [env POWERBUDGET_MQTT_KEY]")(
      "client-id", po::value(&client_id), "MQTT client id (stable: the broker keeps its session)")(
      "subscribe", po::value(&subscribe)->composing(), "FILTER[=senml|influx|auto] (repeatable; replaces the file's)")(
      "out-prefix", po::value(&out_prefix), "estimates go to OUT_PREFIX/<device> (default powerbudget/estimate)")(
      "state-dir", po::value(&state_dir), "snapshot and write-ahead log directory")(
      "snapshot-interval-s", po::value(&snapshot_interval_s), "seconds between snapshots (default 60)")(
      "max-message-bytes", po::value(&max_message_bytes), "larger messages are counted and skipped (default 262144)")(
      "influx-url", po::value(&influx_url), "InfluxDB 1.x, http://host:port (none: no InfluxDB output)")(
      "influx-db", po::value(&influx_db), "InfluxDB database (default powerbudget)")(
      "metrics-bind", po::value(&metrics_bind), "metrics address (default 127.0.0.1)")(
      "metrics-port", po::value(&metrics_port), "metrics port, 0 for any free one (default 9464)")(
      "partitions", po::value(&partitions), "number of device partitions of the fleet")(
      "partition", po::value(&partition_list), "the partitions this instance owns: 0,2 or 0-3");
  // --format is the summary printed at shutdown, in the formats every command gives.
  const CommandFormats kFormats{"serve", {"table", "json", "csv", "md"}, "the summary at shutdown"};
  AddFormatOption(visible, format, kFormats);
  if (auto code = ParseCommandLine("serve", visible, args, profile_args)) return *code;

  return GuardBadInput("serve", [&] {
    const OutputFormat summary_format = ParseOutputFormat(format, kFormats);
    serve::ServeConfig config;
    if (!config_file.empty()) serve::LoadConfigFile(config_file, config);
    if (!broker.empty()) config.host = broker;
    if (!port.empty()) serve::SetNumericFlag(config, "--port", port);
    if (!ca.empty()) config.ca_file = ca;
    if (!cert.empty()) config.cert_file = cert;
    if (!key.empty()) config.key_file = key;
    if (!client_id.empty()) config.client_id = client_id;
    if (!subscribe.empty()) {
      config.subscriptions.clear();
      for (const std::string& s : subscribe) config.subscriptions.push_back(serve::ParseSubscribeArgument(s));
    }
    if (!out_prefix.empty()) config.out_prefix = out_prefix;
    if (!state_dir.empty()) config.state_dir = state_dir;
    if (!snapshot_interval_s.empty()) serve::SetNumericFlag(config, "--snapshot-interval-s", snapshot_interval_s);
    if (!max_message_bytes.empty()) serve::SetNumericFlag(config, "--max-message-bytes", max_message_bytes);
    if (!influx_url.empty()) config.influx.url = influx_url;
    if (!influx_db.empty()) config.influx.db = influx_db;
    if (!metrics_bind.empty()) config.metrics_bind = metrics_bind;
    if (!metrics_port.empty()) serve::SetNumericFlag(config, "--metrics-port", metrics_port);
    if (!partitions.empty()) serve::SetNumericFlag(config, "--partitions", partitions);
    if (!partition_list.empty()) config.owned_partitions = serve::ParsePartitionList(partition_list, config.partitions);
    serve::FinishConfig(config);

    ProfileArguments with_file_sets = profile_args;
    with_file_sets.overrides.insert(with_file_sets.overrides.begin(), config.set.begin(), config.set.end());
    const engine::DeviceProfile profile = LoadProfile(with_file_sets);
    est::EstimatorOptions options;
    options.nrs_power_dBm = config.nrs_power_dBm;
    if (config.brown_out_V) options.brown_out_V = *config.brown_out_V;

    std::signal(SIGPIPE, SIG_IGN);  // a broken connection is an error code, not a process exit
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    serve::Server server(config, est::MakeFleetModel(profile, options), std::cerr);
    try {
      server.Start();
    } catch (const serve::StateWriteError& e) {
      // The fresh snapshot after the replay could not be written (a full disk, say): not a bad
      // configuration but the condition of exit code 3, which a supervisor retries.
      std::cerr << "powerbudget serve: fatal: " << e.what() << "\n";
      return kExitInternalError;
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(e.what());
    }
    try {
      server.Run(g_stop);
    } catch (const std::exception& e) {
      // The write-ahead log or the snapshot could not be written: nothing unwritten was
      // acknowledged, so stopping here loses nothing; a supervisor restarts us.
      std::cerr << "powerbudget serve: fatal: " << e.what() << "\n";
      return kExitInternalError;
    }
    PrintSummary(summary_format, server.summary());
    return kExitOk;
  });
}

}  // namespace pb::cli
