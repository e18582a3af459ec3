#include "serve/serve_config.hpp"

#include "serve/loopback_host.hpp"
#include "serve/mqtt_codec.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace pb::serve {

namespace {

using nlohmann::json;

[[noreturn]] void Bad(const std::string& field, const std::string& what) {
  throw std::invalid_argument("config " + field + ": " + what);
}

void CheckKeys(const json& object, const std::string& where, const std::set<std::string>& allowed) {
  if (!object.is_object()) Bad(where.empty() ? "(top level)" : where, "must be an object");
  for (const auto& [key, value] : object.items())
    if (allowed.count(key) == 0) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Bad(where.empty() ? key : where + "." + key, "unknown key (allowed: " + list + ")");
    }
}

std::string String(const json& j, const std::string& field) {
  if (!j.is_string()) Bad(field, "must be a string");
  return j.get<std::string>();
}

long long Integer(const json& j, const std::string& field, long long min, long long max) {
  if (!j.is_number_integer()) Bad(field, "must be an integer");
  const long long v = j.get<long long>();
  if (v < min || v > max) Bad(field, std::to_string(v) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
  return v;
}

// Every numeric option, with its range: the one place a range is written down. The file's keys,
// the command line's flags (SetNumericFlag) and FinishConfig all check against this table.
struct NumericOption {
  std::string_view key;   // in the file
  std::string_view flag;  // on the command line; empty: none
  double min, max;
  bool integer;
  std::string_view note;  // said with the range
  void (*set)(ServeConfig&, double);
  std::optional<double> (*get)(const ServeConfig&);
};

// clang-format off
const NumericOption kNumericOptions[] = {
  {"estimator.nrs_power_dBm", "", -20, 60, false, "",
   [](ServeConfig& c, double v) { c.nrs_power_dBm = v; }, [](const ServeConfig& c) -> std::optional<double> { return c.nrs_power_dBm; }},
  {"estimator.brown_out_V", "", 0.5, 10, false, "",
   [](ServeConfig& c, double v) { c.brown_out_V = v; }, [](const ServeConfig& c) { return c.brown_out_V; }},
  {"mqtt.port", "--port", 1, 65535, true, "",
   [](ServeConfig& c, double v) { c.port = static_cast<int>(v); }, [](const ServeConfig& c) -> std::optional<double> { return c.port; }},
  {"mqtt.keep_alive_s", "", 0, 65535, true, "",
   [](ServeConfig& c, double v) { c.keep_alive_s = static_cast<int>(v); }, [](const ServeConfig& c) -> std::optional<double> { return c.keep_alive_s; }},
  {"mqtt.max_message_bytes", "--max-message-bytes", 64, 268'435'455, true, "",
   [](ServeConfig& c, double v) { c.max_message_bytes = static_cast<std::size_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return static_cast<double>(c.max_message_bytes); }},
  {"mqtt.max_inflight_out", "", 1, 65000, true, "",
   [](ServeConfig& c, double v) { c.max_inflight_out = static_cast<std::size_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return static_cast<double>(c.max_inflight_out); }},
  {"partitions.count", "--partitions", 1, 65536, true, "",
   [](ServeConfig& c, double v) { c.partitions = static_cast<std::uint32_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return c.partitions == 0 ? std::nullopt : std::optional<double>(c.partitions); }},
  {"influx.max_queue_points", "", 1, 100'000'000, true, "",
   [](ServeConfig& c, double v) { c.influx.max_queue_points = static_cast<std::size_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return static_cast<double>(c.influx.max_queue_points); }},
  {"influx.batch_points", "", 1, 1'000'000, true, "",
   [](ServeConfig& c, double v) { c.influx.batch_points = static_cast<std::size_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return static_cast<double>(c.influx.batch_points); }},
  {"snapshot_interval_s", "--snapshot-interval-s", 1, 86400, false, "",
   [](ServeConfig& c, double v) { c.snapshot_interval_s = v; }, [](const ServeConfig& c) -> std::optional<double> { return c.snapshot_interval_s; }},
  {"dedup_window_messages", "", 1, 100'000'000, true, "",
   [](ServeConfig& c, double v) { c.dedup_window_messages = static_cast<std::size_t>(v); },
   [](const ServeConfig& c) -> std::optional<double> { return static_cast<double>(c.dedup_window_messages); }},
  {"metrics.port", "--metrics-port", 0, 65535, true, "0: any free port",
   [](ServeConfig& c, double v) { c.metrics_port = static_cast<int>(v); }, [](const ServeConfig& c) -> std::optional<double> { return c.metrics_port; }},
};
// clang-format on

const NumericOption& OptionByKey(std::string_view key) {
  for (const NumericOption& o : kNumericOptions)
    if (o.key == key) return o;
  throw std::logic_error("serve_config: no numeric option " + std::string(key));
}

std::string FormatNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

std::string Range(const NumericOption& o) {
  return FormatNumber(o.min) + ".." + FormatNumber(o.max) + (o.note.empty() ? "" : " (" + std::string(o.note) + ")");
}

bool InRange(const NumericOption& o, double v) { return v >= o.min && v <= o.max; }  // false for NaN

// The file's value of a numeric key (the object `j` holds it under the key's last part).
void ReadNumeric(const json& j, std::string_view key, ServeConfig& c) {
  const NumericOption& o = OptionByKey(key);
  const std::string field(key);
  double v = 0;
  if (o.integer) {
    if (!j.is_number_integer()) Bad(field, "must be an integer");
    const long long n = j.get<long long>();
    if (!(static_cast<double>(n) >= o.min && static_cast<double>(n) <= o.max)) Bad(field, std::to_string(n) + " is outside " + Range(o));
    v = static_cast<double>(n);
  } else {
    if (!j.is_number()) Bad(field, "must be a number");
    v = j.get<double>();
    if (!InRange(o, v)) Bad(field, FormatNumber(v) + " is outside " + Range(o));
  }
  o.set(c, v);
}

void Subscriptions(const json& j, ServeConfig& c) {
  if (!j.is_array()) Bad("mqtt.subscribe", "must be an array of {\"filter\": ..., \"format\": senml|influx|auto}");
  c.subscriptions.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string where = "mqtt.subscribe[" + std::to_string(i) + "]";
    CheckKeys(j[i], where, {"filter", "format"});
    if (!j[i].contains("filter")) Bad(where + ".filter", "missing");
    TopicRoute r;
    r.filter = String(j[i]["filter"], where + ".filter");
    if (r.filter.empty()) Bad(where + ".filter", "must not be empty");
    try {
      if (j[i].contains("format")) r.format = ParsePayloadFormat(String(j[i]["format"], where + ".format"));
    } catch (const std::invalid_argument& e) {
      Bad(where + ".format", e.what());
    }
    c.subscriptions.push_back(r);
  }
}

}  // namespace

void LoadConfigFile(const std::string& path, ServeConfig& c) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("--config: cannot read " + path);
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {  // a syntax error, or a number a double cannot hold (1e999)
    throw std::invalid_argument("--config " + path + ": not valid JSON: " + e.what());
  }
  try {
    CheckKeys(j, "", {"set", "estimator", "mqtt", "partitions", "influx", "state_dir", "snapshot_interval_s",
                      "dedup_window_messages", "metrics"});
    if (j.contains("set")) {
      if (!j["set"].is_array()) Bad("set", "must be an array of \"PATH=VALUE\" strings");
      for (std::size_t i = 0; i < j["set"].size(); ++i) c.set.push_back(String(j["set"][i], "set[" + std::to_string(i) + "]"));
    }
    if (j.contains("estimator")) {
      const json& e = j["estimator"];
      CheckKeys(e, "estimator", {"nrs_power_dBm", "brown_out_V"});
      if (e.contains("nrs_power_dBm")) ReadNumeric(e["nrs_power_dBm"], "estimator.nrs_power_dBm", c);
      if (e.contains("brown_out_V")) ReadNumeric(e["brown_out_V"], "estimator.brown_out_V", c);
    }
    if (j.contains("mqtt")) {
      const json& m = j["mqtt"];
      CheckKeys(m, "mqtt", {"host", "port", "client_id", "keep_alive_s", "ca", "cert", "key", "subscribe", "out_prefix",
                            "max_message_bytes", "max_inflight_out"});
      if (m.contains("host")) c.host = String(m["host"], "mqtt.host");
      if (m.contains("port")) ReadNumeric(m["port"], "mqtt.port", c);
      if (m.contains("client_id")) c.client_id = String(m["client_id"], "mqtt.client_id");
      if (m.contains("keep_alive_s")) ReadNumeric(m["keep_alive_s"], "mqtt.keep_alive_s", c);
      if (m.contains("ca")) c.ca_file = String(m["ca"], "mqtt.ca");
      if (m.contains("cert")) c.cert_file = String(m["cert"], "mqtt.cert");
      if (m.contains("key")) c.key_file = String(m["key"], "mqtt.key");
      if (m.contains("subscribe")) Subscriptions(m["subscribe"], c);
      if (m.contains("out_prefix")) c.out_prefix = String(m["out_prefix"], "mqtt.out_prefix");
      if (m.contains("max_message_bytes")) ReadNumeric(m["max_message_bytes"], "mqtt.max_message_bytes", c);
      if (m.contains("max_inflight_out")) ReadNumeric(m["max_inflight_out"], "mqtt.max_inflight_out", c);
    }
    if (j.contains("partitions")) {
      const json& p = j["partitions"];
      CheckKeys(p, "partitions", {"count", "owned", "prefix", "share_group", "format"});
      if (p.contains("count")) ReadNumeric(p["count"], "partitions.count", c);
      if (p.contains("owned")) {
        if (!p["owned"].is_array()) Bad("partitions.owned", "must be an array of partition numbers");
        c.owned_partitions.clear();
        for (std::size_t i = 0; i < p["owned"].size(); ++i)
          c.owned_partitions.push_back(static_cast<std::uint32_t>(
              Integer(p["owned"][i], "partitions.owned[" + std::to_string(i) + "]", 0,
                      static_cast<long long>(OptionByKey("partitions.count").max) - 1)));
      }
      if (p.contains("prefix")) c.partition_prefix = String(p["prefix"], "partitions.prefix");
      if (p.contains("share_group")) c.share_group = String(p["share_group"], "partitions.share_group");
      if (p.contains("format")) {
        try {
          c.partition_format = ParsePayloadFormat(String(p["format"], "partitions.format"));
        } catch (const std::invalid_argument& e) {
          Bad("partitions.format", e.what());
        }
      }
    }
    if (j.contains("influx")) {
      const json& i = j["influx"];
      CheckKeys(i, "influx", {"url", "db", "max_queue_points", "batch_points"});
      if (i.contains("url")) c.influx.url = String(i["url"], "influx.url");
      if (i.contains("db")) c.influx.db = String(i["db"], "influx.db");
      if (i.contains("max_queue_points")) ReadNumeric(i["max_queue_points"], "influx.max_queue_points", c);
      if (i.contains("batch_points")) ReadNumeric(i["batch_points"], "influx.batch_points", c);
    }
    if (j.contains("state_dir")) c.state_dir = String(j["state_dir"], "state_dir");
    if (j.contains("snapshot_interval_s")) ReadNumeric(j["snapshot_interval_s"], "snapshot_interval_s", c);
    if (j.contains("dedup_window_messages")) ReadNumeric(j["dedup_window_messages"], "dedup_window_messages", c);
    if (j.contains("metrics")) {
      const json& m = j["metrics"];
      CheckKeys(m, "metrics", {"bind", "port"});
      if (m.contains("bind")) c.metrics_bind = String(m["bind"], "metrics.bind");
      if (m.contains("port")) ReadNumeric(m["port"], "metrics.port", c);
    }
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

TopicRoute ParseSubscribeArgument(const std::string& text) {
  TopicRoute r;
  const std::size_t eq = text.rfind('=');
  r.filter = eq == std::string::npos ? text : text.substr(0, eq);
  if (r.filter.empty()) throw std::invalid_argument("--subscribe '" + text + "': FILTER[=senml|influx|auto]");
  if (eq != std::string::npos) {
    try {
      r.format = ParsePayloadFormat(text.substr(eq + 1));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--subscribe '" + text + "': " + e.what());
    }
  }
  return r;
}

std::vector<std::uint32_t> ParsePartitionList(const std::string& text, std::uint32_t partitions) {
  std::vector<std::uint32_t> out;
  std::size_t at = 0;
  const auto number = [&](const std::string& s) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v >= partitions)
      throw std::invalid_argument("--partition '" + text + "': each must be 0.." + std::to_string(partitions - 1) +
                                  " (--partitions " + std::to_string(partitions) + ")");
    return static_cast<std::uint32_t>(v);
  };
  if (partitions == 0) throw std::invalid_argument("--partition: give --partitions N as well");
  while (at <= text.size()) {
    const std::size_t comma = text.find(',', at);
    const std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    const std::size_t dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(item));
    } else {
      const std::uint32_t a = number(item.substr(0, dash)), b = number(item.substr(dash + 1));
      if (a > b) throw std::invalid_argument("--partition '" + text + "': a range goes low-high");
      for (std::uint32_t p = a; p <= b; ++p) out.push_back(p);
    }
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

void SetNumericFlag(ServeConfig& c, std::string_view flag, const std::string& text) {
  const NumericOption* option = nullptr;
  for (const NumericOption& o : kNumericOptions)
    if (!o.flag.empty() && o.flag == flag) option = &o;
  if (option == nullptr) throw std::logic_error("serve_config: no numeric flag " + std::string(flag));
  const NumericOption& o = *option;
  const char* const first = text.data();
  const char* const last = text.data() + text.size();
  double v = 0;
  bool parsed = false;
  if (o.integer) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(first, last, n);
    parsed = ec == std::errc() && end == last && !text.empty();
    v = static_cast<double>(n);
  } else {
    const auto [end, ec] = std::from_chars(first, last, v);
    parsed = ec == std::errc() && end == last && !text.empty();
  }
  if (!parsed || !InRange(o, v))
    throw std::invalid_argument(std::string(flag) + ": must be " + (parsed || !o.integer ? "" : "an integer in ") + Range(o) +
                                ", not '" + text + "' (config " + std::string(o.key) + ")");
  o.set(c, v);
}

void FinishConfig(ServeConfig& c) {
  const auto env = [](const char* name, std::string& field) {
    if (!field.empty()) return;
    if (const char* v = std::getenv(name); v != nullptr) field = v;
  };
  env("POWERBUDGET_MQTT_CA", c.ca_file);
  env("POWERBUDGET_MQTT_CERT", c.cert_file);
  env("POWERBUDGET_MQTT_KEY", c.key_file);
  if (c.ca_file.empty()) Bad("mqtt.ca", "required (--ca, or POWERBUDGET_MQTT_CA): the broker's certificate is always verified");
  if (c.cert_file.empty() != c.key_file.empty()) Bad("mqtt.cert/mqtt.key", "give both (mutual TLS) or neither");
  if (c.client_id.empty() || c.client_id.size() > 65535) Bad("mqtt.client_id", "must be 1..65535 bytes (a persistent session needs a stable id)");
  // The ranges once more, on the merged configuration (a value set by code has not been checked).
  for (const NumericOption& o : kNumericOptions)
    if (const std::optional<double> v = o.get(c); v && !InRange(o, *v)) Bad(std::string(o.key), FormatNumber(*v) + " is outside " + Range(o));
  if (c.state_dir.empty()) Bad("state_dir", "required (--state-dir): where the snapshot and the write-ahead log live");
  if (c.partitions > 0) {
    for (std::uint32_t p : c.owned_partitions)
      if (p >= c.partitions) Bad("partitions.owned", std::to_string(p) + " is not below partitions.count " + std::to_string(c.partitions));
    if (c.owned_partitions.empty()) Bad("partitions.owned", "this instance owns no partition (--partition LIST)");
  } else if (!c.owned_partitions.empty()) {
    Bad("partitions.count", "required when partitions are owned (--partitions N)");
  }
  if (EffectiveRoutes(c).empty()) Bad("mqtt.subscribe", "nothing to subscribe to (--subscribe FILTER=FORMAT or --partitions/--partition)");
  if (!c.influx.url.empty()) {
    const HttpTarget influx = ParseHttpUrl(c.influx.url);  // throws naming influx.url
    // Basic auth over plain HTTP is the password in clear text on every write: only where the
    // connection never leaves the machine (InfluxDB itself, or a TLS proxy, on loopback).
    if (InfluxCredentialsFromEnvironment().configured() && !IsLoopbackHost(influx.host))
      Bad("influx.url", "'" + c.influx.url + "' is plain HTTP to a host that is not loopback, and InfluxDB credentials "
          "are set (POWERBUDGET_INFLUX_USER/_PASSWORD): they would cross the network in clear text. Point it at "
          "InfluxDB on loopback, or at a TLS proxy on loopback (e.g. http://127.0.0.1:8087) that forwards over HTTPS");
  }
  if (const std::string e = mqtt::TopicNameError(c.out_prefix + "/device"); !e.empty() || c.out_prefix.empty())
    Bad("mqtt.out_prefix", "must be a topic without wildcards" + (e.empty() ? std::string() : " (" + e + ")"));
  // A broker disconnects a client for an invalid filter, which would look like a refused connection.
  for (const TopicRoute& r : EffectiveRoutes(c))
    if (const std::string e = mqtt::TopicFilterError(r.filter); !e.empty())
      Bad("mqtt.subscribe", "'" + r.filter + "': " + e);
}

std::vector<TopicRoute> EffectiveRoutes(const ServeConfig& c) {
  std::vector<TopicRoute> routes = c.subscriptions;
  if (c.partitions > 0)
    for (const std::string& f : PartitionFilters(c.partition_prefix, c.share_group, c.owned_partitions))
      routes.push_back({f, c.partition_format, true});  // <prefix>/<p>/<device>
  return routes;
}

}  // namespace pb::serve
