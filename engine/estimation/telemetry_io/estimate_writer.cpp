#include "engine/estimation/telemetry_io/estimate_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <stdexcept>

#include "engine/estimation/telemetry_io/time_text.hpp"
#include "models/units.hpp"

namespace pb::engine::estimation::telemetry_io {
namespace {

constexpr std::array<std::string_view, 5> kFlagNames = {"drain_fast", "brown_out_risk", "data_quality", "charging",
                                                         "battery_replaced"};

// JSON string content: device ids are printable in practice, but a quote or a backslash must
// not break the line.
std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

DisplayFields ToDisplayUnits(const DeviceEstimate& e) {
  const double day = units::kSecondsPerDay;
  const double mAh = units::kCoulombsPerMilliampereHour;
  return {e.soc_frac * 100.0,         e.soc_sd_frac * 100.0,        e.remaining_life.p10_s / day,
          e.remaining_life.p50_s / day, e.remaining_life.p90_s / day, e.capacity_C / mAh,
          e.capacity_sd_C / mAh,      e.charge_used_C / mAh,        e.drain_multiplier,
          e.drain_multiplier_sd,
          e.kind == CellKind::kLiIon ? e.series_resistance_Ohm : e.pulse_resistance_multiplier,
          e.expected_current_A * 1e6,
          e.planned_current_A * 1e6};
}

std::string_view EstimateChemistry(const DeviceEstimate& e) { return e.kind == CellKind::kLiIon ? "li_ion" : "primary"; }

EstimateFormat ParseEstimateFormat(std::string_view name) {
  if (name == "jsonl") return EstimateFormat::kJsonl;
  if (name == "csv") return EstimateFormat::kCsv;
  if (name == "influx") return EstimateFormat::kInflux;
  if (name == "senml") return EstimateFormat::kSenml;
  throw std::invalid_argument("output format '" + std::string(name) + "': use jsonl, csv, influx or senml");
}

std::vector<std::string_view> FlagNameList(std::uint32_t flags) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < kFlagNames.size(); ++i)
    if (flags & (1u << i)) names.push_back(kFlagNames[i]);
  return names;
}

std::string FlagNames(std::uint32_t flags, char separator) {
  std::string out;
  for (const std::string_view name : FlagNameList(flags)) {
    if (!out.empty()) out.push_back(separator);
    out += name;
  }
  return out;
}

std::string CsvHeader() {
  return "device,time,chemistry,soc_pct,soc_sd_pct,remaining_life_p10_days,remaining_life_p50_days,"
         "remaining_life_p90_days,capacity_mAh,capacity_sd_mAh,charge_used_mAh,drain_multiplier,drain_multiplier_sd,"
         "resistance,expected_current_uA,planned_current_uA,flags,drain_cause,records_accepted,records_rejected,"
         "battery_epoch\n";
}

std::string FormatEstimate(EstimateFormat format, const DeviceEstimate& e) {
  const DisplayFields f = ToDisplayUnits(e);
  const std::string cause(DrainCauseName(e.drain_cause));
  switch (format) {
    case EstimateFormat::kCsv: {
      std::string id;
      if (e.device_id.find_first_of(",\"\n") == std::string::npos) {
        id = e.device_id;
      } else {
        id.push_back('"');
        for (const char c : e.device_id) {
          if (c == '"') id.push_back('"');
          id.push_back(c);
        }
        id.push_back('"');
      }
      return fmt::format("{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{},{}\n",
                         id, FormatIsoTime(e.time_s), EstimateChemistry(e), f.soc_pct, f.soc_sd_pct, f.p10_days, f.p50_days,
                         f.p90_days, f.capacity_mAh, f.capacity_sd_mAh, f.used_mAh, f.multiplier, f.multiplier_sd,
                         f.resistance, f.expected_uA, f.planned_uA, FlagNames(e.flags, '|'), cause, e.records_accepted,
                         e.records_rejected, e.battery_epoch);
    }
    case EstimateFormat::kInflux: {
      // Tag values cannot hold spaces, commas or '=' unescaped: escape them.
      std::string tag;
      for (const char c : e.device_id) {
        if (c == ' ' || c == ',' || c == '=') tag.push_back('\\');
        tag.push_back(c);
      }
      const auto ns = static_cast<long long>(std::llround(e.time_s * 1e9));
      return fmt::format("battery_estimate,device={},chemistry={} soc_pct={:.6g},soc_sd_pct={:.6g},"
                         "remaining_life_p10_days={:.6g},remaining_life_p50_days={:.6g},remaining_life_p90_days={:.6g},"
                         "capacity_mAh={:.6g},charge_used_mAh={:.6g},drain_multiplier={:.6g},drain_multiplier_sd={:.6g},"
                         "expected_current_uA={:.6g},flags={}i,flag_names=\"{}\",drain_cause=\"{}\" {}\n",
                         tag, EstimateChemistry(e), f.soc_pct, f.soc_sd_pct, f.p10_days, f.p50_days, f.p90_days, f.capacity_mAh,
                         f.used_mAh, f.multiplier, f.multiplier_sd, f.expected_uA, e.flags, FlagNames(e.flags, '|'),
                         cause, ns);
    }
    case EstimateFormat::kSenml: {
      const std::string bn = JsonEscape(e.device_id) + "/";
      return fmt::format("[{{\"bn\":\"{}\",\"bt\":{:.10g},\"n\":\"soc\",\"u\":\"%EL\",\"v\":{:.6g}}},"
                         "{{\"n\":\"soc_sd\",\"u\":\"%EL\",\"v\":{:.6g}}},"
                         "{{\"n\":\"remaining_life_p10\",\"u\":\"EL\",\"v\":{:.6g}}},"
                         "{{\"n\":\"remaining_life_p50\",\"u\":\"EL\",\"v\":{:.6g}}},"
                         "{{\"n\":\"remaining_life_p90\",\"u\":\"EL\",\"v\":{:.6g}}},"
                         "{{\"n\":\"drain_multiplier\",\"u\":\"/\",\"v\":{:.6g}}},"
                         "{{\"n\":\"expected_current\",\"u\":\"A\",\"v\":{:.6g}}},"
                         "{{\"n\":\"flags\",\"vs\":\"{}\"}},{{\"n\":\"drain_cause\",\"vs\":\"{}\"}}]\n",
                         bn, e.time_s, f.soc_pct, f.soc_sd_pct, e.remaining_life.p10_s, e.remaining_life.p50_s,
                         e.remaining_life.p90_s, f.multiplier, e.expected_current_A, FlagNames(e.flags, '|'), cause);
    }
    default: {
      std::string flags;
      for (const std::string_view name : FlagNameList(e.flags)) {
        if (!flags.empty()) flags += ",";
        flags += fmt::format("\"{}\"", name);
      }
      return fmt::format("{{\"device\":\"{}\",\"time\":\"{}\",\"time_s\":{:.10g},\"chemistry\":\"{}\",\"soc_pct\":{:.6g},"
                         "\"soc_sd_pct\":{:.6g},\"remaining_life_days\":{{\"p10\":{:.6g},\"p50\":{:.6g},\"p90\":{:.6g}}},"
                         "\"capacity_mAh\":{:.6g},\"capacity_sd_mAh\":{:.6g},\"charge_used_mAh\":{:.6g},"
                         "\"drain_multiplier\":{:.6g},\"drain_multiplier_sd\":{:.6g},\"resistance\":{:.6g},"
                         "\"expected_current_uA\":{:.6g},\"planned_current_uA\":{:.6g},\"flags\":[{}],\"drain_cause\":\"{}\","
                         "\"drain_flag_since\":{},\"records_accepted\":{},\"records_rejected\":{},\"battery_epoch\":{}}}\n",
                         JsonEscape(e.device_id), FormatIsoTime(e.time_s), e.time_s, EstimateChemistry(e), f.soc_pct,
                         f.soc_sd_pct, f.p10_days, f.p50_days, f.p90_days, f.capacity_mAh, f.capacity_sd_mAh, f.used_mAh,
                         f.multiplier, f.multiplier_sd, f.resistance, f.expected_uA, f.planned_uA, flags, cause,
                         e.drain_flag_since_s > 0.0 ? fmt::format("\"{}\"", FormatIsoTime(e.drain_flag_since_s)) : std::string("null"),
                         e.records_accepted, e.records_rejected, e.battery_epoch);
    }
  }
}

std::string CountsJson(const ReasonCounts& counts) {
  std::string out = "{";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (out.size() > 1) out += ",";
    out += fmt::format("\"{}\":{}", kReasonNames[i], counts[i]);
  }
  return out + "}";
}

}  // namespace pb::engine::estimation::telemetry_io
