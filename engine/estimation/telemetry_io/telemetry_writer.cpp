#include "engine/estimation/telemetry_io/telemetry_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string_view>

#include "engine/estimation/telemetry_io/time_text.hpp"

namespace pb::engine::estimation::telemetry_io {
namespace {

struct Out {
  std::uint32_t bit;
  const char* name;     // CSV / JSON / influx field name
  const char* senml;    // SenML name after the device
  const char* unit;     // SenML unit
  double scale;         // SI -> field unit
  bool integer;
};

constexpr Out kOut[] = {
    {field::kVoltage, "voltage_mV", "3/0/7", "mV", 1e3, true},
    {field::kCurrent, "current_mA", "3/0/8", "mA", 1e3, false},
    {field::kLevel, "level_pct", "3/0/9", "%EL", 1e2, true},
    {field::kBatteryStatus, "battery_status", "3/0/20", "", 1.0, true},
    {field::kSignal, "signal_dBm", "4/0/2", "dBm", 1.0, true},
    {field::kCeLevel, "ce_level", "pb/ce_level", "", 1.0, true},
    {field::kTemperature, "temperature_degC", "3303/0/5700", "Cel", 1.0, false},
    {field::kPulseDrop, "pulse_drop_mV", "pb/pulse_drop", "mV", 1e3, true},
    {field::kReports, "reports", "pb/reports", "count", 1.0, true},
    {field::kFota, "fota", "pb/fota", "count", 1.0, true},
};

double Value(const TelemetryRecord& r, std::uint32_t bit) {
  switch (bit) {
    case field::kVoltage: return r.voltage_V;
    case field::kCurrent: return r.current_A;
    case field::kLevel: return r.level_frac;
    case field::kBatteryStatus: return r.battery_status;
    case field::kSignal: return r.signal_dBm;
    case field::kCeLevel: return r.ce_level;
    case field::kTemperature: return r.temperature_degC;
    case field::kPulseDrop: return r.pulse_drop_V;
    case field::kReports: return r.reports_count;
    case field::kFota: return r.fota_count;
    default: return 0.0;
  }
}

// Integer fields are written as integers when they are whole (a NaN stays "nan").
std::string Number(const Out& o, double si) {
  const double v = si * o.scale;
  if (o.integer && std::isfinite(v) && std::abs(v) < 1e15 && std::abs(v - std::round(v)) < 1e-6)
    return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.7g}", v);
}

// A device id as a CSV cell: quoted when it holds a comma or a quote, or starts with '#' (which
// the reader would take for a comment line).
std::string CsvCell(std::string_view id) {
  if (id.find_first_of(",\"") == std::string_view::npos && (id.empty() || id.front() != '#')) return std::string(id);
  std::string cell = "\"";
  for (const char c : id) {
    if (c == '"') cell += '"';
    cell += c;
  }
  return cell + '"';
}

// The fast path of AppendTelemetry: the bytes of Number() and FormatTelemetry without their
// temporary strings, for the records fleet-sim writes by the million.
void AppendInteger(long long v, std::string& out) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

// The writer's Number(): whole values of integer fields as integers, else {:.7g}. Returns false
// for a value the fast path leaves to FormatTelemetry (not finite).
bool AppendNumber(const Out& o, double si, std::string& out, bool& integer) {
  const double v = si * o.scale;
  if (!std::isfinite(v)) return false;
  if (o.integer && std::abs(v) < 1e15 && std::abs(v - std::round(v)) < 1e-6) {
    AppendInteger(std::llround(v), out);
    integer = true;
    return true;
  }
  char buf[40];
  const auto res = fmt::format_to_n(buf, sizeof buf, "{:.7g}", v);
  if (res.size > sizeof buf) return false;
  const std::string_view text(buf, res.size);
  integer = o.integer && text.find_first_of(".en") == std::string_view::npos;
  out.append(text);
  return true;
}

bool AppendFast(InputFormat format, const TelemetryRecord& r, std::string& out) {
  switch (format) {
    case InputFormat::kInflux: {
      out += "telemetry,device=";
      out += r.device_id;
      out += ' ';
      bool first = true;
      for (const Out& o : kOut) {
        if (!r.has(o.bit)) continue;
        if (!first) out += ',';
        out += o.name;
        out += '=';
        bool integer = false;
        if (!AppendNumber(o, Value(r, o.bit), out, integer)) return false;
        if (integer) out += 'i';
        first = false;
      }
      if (first) out += "reports=0i";
      out += ' ';
      AppendInteger(static_cast<long long>(std::llround(r.time_s)) * 1000000000LL, out);
      out += '\n';
      return true;
    }
    case InputFormat::kCsv: {
      if (r.device_id.find_first_of(",\"") != std::string::npos || (!r.device_id.empty() && r.device_id.front() == '#')) return false;
      out += r.device_id;
      out += ',';
      out += FormatIsoTime(r.time_s);
      for (const Out& o : kOut) {
        out += ',';
        if (!r.has(o.bit)) continue;
        bool integer = false;
        if (!AppendNumber(o, Value(r, o.bit), out, integer)) return false;
      }
      out += '\n';
      return true;
    }
    default: return false;
  }
}

}  // namespace

std::string TelemetryCsvHeader() {
  std::string h = "device,time";
  for (const Out& o : kOut) {
    h += ',';
    h += o.name;
  }
  return h + "\n";
}

std::string FormatTelemetry(InputFormat format, const TelemetryRecord& r) {
  std::string line;
  switch (format) {
    case InputFormat::kCsv:
      line = fmt::format("{},{}", CsvCell(r.device_id), FormatIsoTime(r.time_s));
      for (const Out& o : kOut) {
        line += ',';
        if (r.has(o.bit)) line += Number(o, Value(r, o.bit));
      }
      return line + "\n";
    case InputFormat::kJsonl:
      line = fmt::format("{{\"device\":\"{}\",\"time\":\"{}\"", r.device_id, FormatIsoTime(r.time_s));
      for (const Out& o : kOut) {
        if (!r.has(o.bit)) continue;
        const std::string v = Number(o, Value(r, o.bit));
        // JSON has no NaN: a non-finite value is written as null (absent).
        line += fmt::format(",\"{}\":{}", o.name, std::isfinite(Value(r, o.bit)) ? v : "null");
      }
      return line + "}\n";
    case InputFormat::kInflux: {
      line = fmt::format("telemetry,device={} ", r.device_id);
      bool first = true;
      for (const Out& o : kOut) {
        if (!r.has(o.bit) || !std::isfinite(Value(r, o.bit))) continue;
        // Whole-number fields are line-protocol integers (the 'i' suffix), as InfluxDB types them.
        const std::string v = Number(o, Value(r, o.bit));
        const bool integer = o.integer && v.find_first_of(".en") == std::string::npos;
        line += fmt::format("{}{}={}{}", first ? "" : ",", o.name, v, integer ? "i" : "");
        first = false;
      }
      if (first) line += "reports=0i";  // line protocol needs a field
      const auto ns = static_cast<long long>(std::llround(r.time_s)) * 1000000000LL;
      return line + fmt::format(" {}\n", ns);
    }
    case InputFormat::kSenml: {
      line = fmt::format("[{{\"bn\":\"{}/\",\"bt\":{:.10g}", r.device_id, std::round(r.time_s));
      bool first = true;
      for (const Out& o : kOut) {
        if (!r.has(o.bit) || !std::isfinite(Value(r, o.bit))) continue;
        const std::string unit = *o.unit ? fmt::format(",\"u\":\"{}\"", o.unit) : std::string();
        line += fmt::format("{}\"n\":\"{}\"{},\"v\":{}}}", first ? "," : ",{", o.senml, unit, Number(o, Value(r, o.bit)));
        first = false;
      }
      if (first) line += "}";
      return line + "]\n";
    }
  }
  return line;
}

void AppendTelemetry(InputFormat format, const TelemetryRecord& record, std::string& out) {
  const std::size_t size = out.size();
  if (AppendFast(format, record, out)) return;
  out.resize(size);
  out += FormatTelemetry(format, record);
}

}  // namespace pb::engine::estimation::telemetry_io
