#include "engine/estimation/telemetry_io/telemetry_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/estimation/telemetry_io/field_names.hpp"
#include "engine/estimation/telemetry_io/time_text.hpp"

namespace pb::engine::estimation::telemetry_io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Plain decimals ("-104", "3.612") with at most 15 significant digits, the bulk of telemetry:
// mantissa and a power of ten are both exact doubles, so one division is correctly rounded and
// equals what from_chars gives (Clinger's fast path, 1990) at a fraction of its cost.
constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};

[[gnu::always_inline]] inline bool ParseSimpleDecimal(std::string_view text, double& value) {
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  std::uint64_t mantissa = 0;
  int digits = 0, fraction_digits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      ++digits;
      if (dot) ++fraction_digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || digits > 15) return false;
  value = static_cast<double>(mantissa);
  if (fraction_digits > 0) value /= kPow10[fraction_digits];
  if (negative) value = -value;
  return true;
}

// A number as written in CSV/line protocol; "nan", "inf" are numbers too (and rejected later
// as non_finite, which is what they are).
bool ParseNumber(std::string_view text, double& value) {
  text = Trim(text);
  if (text.empty()) return false;
  if (ParseSimpleDecimal(text, value)) return true;
  if (text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// Splits a CSV line on commas, honouring double quotes ("a,b" is one cell; "" is a quote).
void SplitCsv(std::string_view line, std::vector<std::string_view>& cells, std::string& scratch) {
  cells.clear();
  if (line.find('"') == std::string_view::npos) {
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      cells.push_back(Trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (comma == std::string_view::npos) return;
      start = comma + 1;
    }
  }
  // Quoted cells are unquoted into scratch; views into it stay valid (reserved up front).
  scratch.clear();
  // Cells are views into scratch: it must never reallocate (at most one byte per input byte
  // plus one terminator per cell).
  scratch.reserve(2 * line.size() + 1);
  std::size_t cell_start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    const char c = i < line.size() ? line[i] : ',';
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        scratch.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        scratch.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(Trim(std::string_view(scratch).substr(cell_start)));
      scratch.push_back('\0');
      cell_start = scratch.size();
    } else {
      scratch.push_back(c);
    }
  }
}

// Sets a time field from text or number.
bool SetTime(TelemetryRecord& r, FieldKind kind, std::string_view text, std::string& error) {
  double value;
  if (kind == FieldKind::kTime) {
    const auto t = ParseTime_s(text);
    if (!t) {
      error = "time '" + std::string(text) + "' is neither Unix seconds nor ISO 8601";
      return false;
    }
    r.time_s = *t;
    return true;
  }
  if (!ParseNumber(text, value)) {
    error = "time '" + std::string(text) + "' is not a number";
    return false;
  }
  r.time_s = kind == FieldKind::kTimeMilliseconds ? value * 1e-3 : value;
  return true;
}

}  // namespace

InputFormat ParseInputFormat(std::string_view name) {
  if (name == "csv") return InputFormat::kCsv;
  if (name == "jsonl") return InputFormat::kJsonl;
  if (name == "senml") return InputFormat::kSenml;
  if (name == "influx") return InputFormat::kInflux;
  throw std::invalid_argument("input format '" + std::string(name) + "': use csv, jsonl, senml or influx");
}

std::string_view TelemetryReader::Keep(std::string_view id) {
  ids_.emplace_back(id);
  return ids_.back();
}

bool TelemetryReader::ReadLine(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                               ReasonCounts& counts) {
  records.clear();
  ids_.clear();
  return AppendLine(line, records, error, counts);
}

bool TelemetryReader::AppendLine(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                                 ReasonCounts& counts) {
  line = Trim(line);
  if (line.empty()) return true;
  // A comment in CSV and in line protocol (InfluxDB's own syntax), counted; a CSV device id that
  // starts with '#' is quoted. JSON has no comments: in jsonl and SenML such a line goes on to
  // its parser and is malformed, and a record whose device id starts with '#' is data.
  if (line.front() == '#' && (format_ == InputFormat::kCsv || format_ == InputFormat::kInflux)) {
    ++counts[static_cast<std::size_t>(Reason::kComment)];
    return true;
  }
  switch (format_) {
    case InputFormat::kCsv: return ReadCsv(line, records, error, counts);
    case InputFormat::kJsonl: return ReadJson(line, records, error);
    case InputFormat::kSenml: {
      // A pack that fails half-way leaves nothing of itself behind.
      const std::size_t first = records.size();
      if (ReadSenml(line, records, error, counts)) return true;
      records.resize(first);
      return false;
    }
    case InputFormat::kInflux: return ReadInflux(line, records, error, counts);
  }
  return false;
}

// The first line that is not blank or a comment. Without a device or a time column no row can
// be read: that is one error, here, and the rows after it are counted (no_header), not each
// reported as an error of its own.
bool TelemetryReader::ReadCsvHeader(std::string_view line, const std::vector<std::string_view>& cells, std::string& error) {
  have_header_ = true;
  bool has_device = false, has_time = false;
  for (std::string_view cell : cells) {
    const FieldSpec spec = LookupField(cell);
    column_names_.emplace_back(cell);
    columns_.push_back(static_cast<int>(spec.kind));
    if (spec.kind == FieldKind::kUnknown) ignored_columns_.emplace_back(cell);
    has_device |= spec.kind == FieldKind::kDevice;
    has_time |= spec.kind == FieldKind::kTime || spec.kind == FieldKind::kTimeSeconds ||
                spec.kind == FieldKind::kTimeMilliseconds;
  }
  if (has_device && has_time) return true;
  header_failed_ = true;
  columns_.clear();
  column_names_.clear();
  ignored_columns_.clear();
  constexpr std::size_t kShown = 60;  // of the header, in the message
  const std::string shown = line.size() > kShown ? std::string(line.substr(0, kShown)) + "..." : std::string(line);
  std::string missing;
  if (!has_device) missing = "no device column (device or device_id)";
  if (!has_time) missing += std::string(missing.empty() ? "" : " and ") + "no time column (time, time_s or time_ms)";
  error = "CSV header '" + shown + "' has " + missing + "; the rows after it are skipped (counted as no_header)";
  return false;
}

bool TelemetryReader::ReadCsv(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                              ReasonCounts& counts) {
  if (header_failed_) {
    ++counts[static_cast<std::size_t>(Reason::kNoHeader)];
    return true;
  }
  static thread_local std::vector<std::string_view> cells;
  static thread_local std::string scratch;
  SplitCsv(line, cells, scratch);
  if (!have_header_) return ReadCsvHeader(line, cells, error);
  if (cells.size() != columns_.size()) {
    error = "expected " + std::to_string(columns_.size()) + " cells as in the header, found " + std::to_string(cells.size());
    return false;
  }
  TelemetryRecord r;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto kind = static_cast<FieldKind>(columns_[i]);
    const std::string_view cell = cells[i];
    if (cell.empty() || kind == FieldKind::kUnknown) continue;
    if (kind == FieldKind::kDevice) {
      r.device_id = scratch.empty() ? cell : Keep(cell);
    } else if (kind == FieldKind::kValue) {
      double value;
      if (!ParseNumber(cell, value)) {
        error = "column " + column_names_[i] + ": '" + std::string(cell) + "' is not a number";
        return false;
      }
      SetField(r, LookupField(column_names_[i]), value);
    } else if (!SetTime(r, kind, cell, error)) {
      return false;
    }
  }
  records.push_back(r);
  return true;
}

bool TelemetryReader::ReadJson(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error) {
  nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = j.is_discarded() ? "not valid JSON" : "expected a JSON object";
    return false;
  }
  TelemetryRecord r;
  r.time_s = kNaN;
  for (const auto& [key, value] : j.items()) {
    const FieldSpec spec = LookupField(key);
    switch (spec.kind) {
      case FieldKind::kUnknown: break;
      case FieldKind::kDevice:
        if (!value.is_string()) {
          error = "\"" + key + "\" must be a string";
          return false;
        }
        r.device_id = Keep(value.get<std::string>());
        break;
      case FieldKind::kValue:
        if (value.is_number())
          SetField(r, spec, value.get<double>());
        else if (!value.is_null()) {
          error = "\"" + key + "\" must be a number";
          return false;
        }
        break;
      default:
        if (value.is_number()) {
          const double v = value.get<double>();
          r.time_s = spec.kind == FieldKind::kTimeMilliseconds ? v * 1e-3 : v;
        } else if (value.is_string()) {
          if (!SetTime(r, spec.kind, value.get<std::string>(), error)) return false;
        } else {
          error = "\"" + key + "\" must be a number or ISO 8601 text";
          return false;
        }
        break;
    }
  }
  records.push_back(r);
  return true;
}

namespace {

struct SenmlTarget {
  std::uint32_t bit = 0;
  double scale = 1.0;
  double offset = 0.0;
  bool ok = false;  // the unit was understood
};

// The LwM2M (or pb/) resource at the end of a SenML name, and the device before it:
// "dev-1/3/0/7" -> ("dev-1", "3/0/7"); "urn:imei:1234:/3303/0/5700" -> ("urn:imei:1234", ...).
bool SplitSenmlName(std::string_view name, std::string_view& device, std::string_view& resource) {
  std::size_t pos = name.size();
  std::size_t resource_start = 0;
  int numeric = 0;
  while (numeric < 3 && pos > 0) {
    const std::size_t slash = name.rfind('/', pos - 1);
    const std::size_t seg_start = slash == std::string_view::npos ? 0 : slash + 1;
    const std::string_view seg = name.substr(seg_start, pos - seg_start);
    if (seg.empty() || seg.find_first_not_of("0123456789") != std::string_view::npos) break;
    ++numeric;
    resource_start = seg_start;
    if (slash == std::string_view::npos) break;
    pos = slash;
  }
  if (numeric < 3) {
    const std::size_t pb = name.rfind("pb/");
    if (pb == std::string_view::npos) return false;
    resource_start = pb;
  }
  resource = name.substr(resource_start);
  device = name.substr(0, resource_start);
  while (!device.empty() && (device.back() == '/' || device.back() == ':')) device.remove_suffix(1);
  return true;
}

SenmlTarget Target(std::string_view resource, std::string_view unit) {
  const auto is = [&](std::initializer_list<std::string_view> units) {
    for (std::string_view u : units)
      if (unit == u) return true;
    return false;
  };
  SenmlTarget t;
  if (resource == "3/0/7") {
    t.bit = field::kVoltage;
    t.ok = is({"", "mV", "V"});
    t.scale = unit == "V" ? 1.0 : 1e-3;
  } else if (resource == "3/0/8") {
    t.bit = field::kCurrent;
    t.ok = is({"", "mA", "A"});
    t.scale = unit == "A" ? 1.0 : 1e-3;
  } else if (resource == "3/0/9") {
    t.bit = field::kLevel;
    t.ok = is({"", "%EL", "%", "/"});
    t.scale = unit == "/" ? 1.0 : 1e-2;
  } else if (resource == "3/0/20") {
    t.bit = field::kBatteryStatus;
    t.ok = true;
  } else if (resource == "4/0/2") {
    t.bit = field::kSignal;
    t.ok = is({"", "dBm"});
  } else if (resource.starts_with("3303/") && resource.ends_with("/5700")) {
    t.bit = field::kTemperature;
    t.ok = is({"", "Cel", "K"});
    if (unit == "K") t.offset = -273.15;
  } else if (resource == "pb/reports" || resource == "pb/fota") {
    t.bit = resource == "pb/reports" ? field::kReports : field::kFota;
    t.ok = is({"", "count", "1"});
  } else if (resource == "pb/ce_level") {
    t.bit = field::kCeLevel;
    t.ok = true;
  } else if (resource == "pb/pulse_drop") {
    t.bit = field::kPulseDrop;
    t.ok = is({"", "mV", "V"});
    t.scale = unit == "V" ? 1.0 : 1e-3;
  }
  return t;
}

}  // namespace

bool TelemetryReader::ReadSenml(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                                ReasonCounts& counts) {
  nlohmann::json pack = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (pack.is_discarded() || !pack.is_array()) {
    error = pack.is_discarded() ? "not valid JSON" : "a SenML pack is a JSON array (RFC 8428 section 4)";
    return false;
  }
  if (pack.empty()) {
    ++counts[static_cast<std::size_t>(Reason::kEmptyPack)];
    return true;
  }
  const std::size_t first = records.size();
  std::string base_name, base_unit;
  double base_time = 0.0;
  // Counted only once the whole pack has parsed: a malformed pack counts as malformed alone.
  std::uint64_t unknown_unit = 0, non_numeric = 0, unknown_resource = 0;
  for (std::size_t i = 0; i < pack.size(); ++i) {
    const nlohmann::json& e = pack[i];
    if (!e.is_object()) {
      error = "SenML record " + std::to_string(i) + " is not an object";
      return false;
    }
    if (auto it = e.find("bn"); it != e.end() && it->is_string()) base_name = it->get<std::string>();
    if (auto it = e.find("bu"); it != e.end() && it->is_string()) base_unit = it->get<std::string>();
    if (auto it = e.find("bt"); it != e.end() && it->is_number()) base_time = it->get<double>();
    const auto n = e.find("n");
    const auto v = e.find("v");
    // An entry of base fields alone (bn, bt, ...) carries no value: nothing of it is dropped.
    const bool carries_value = n != e.end() || v != e.end() || e.contains("vs") || e.contains("vb") ||
                               e.contains("vd") || e.contains("s");
    if (!carries_value) continue;
    const std::string full = base_name + (n != e.end() && n->is_string() ? n->get<std::string>() : std::string());
    std::string_view device, resource;
    const auto u = e.find("u");
    const std::string unit = u != e.end() && u->is_string() ? u->get<std::string>() : base_unit;
    // A resource we do not use (/3/0/0 manufacturer, a name without an LwM2M path), whatever its value.
    const SenmlTarget target = SplitSenmlName(full, device, resource) ? Target(resource, unit) : SenmlTarget{};
    if (target.bit == 0) {
      ++unknown_resource;
      continue;
    }
    // A resource we use whose value is text, a boolean, data, a sum or null (vs, vb, vd, s, "v": "3600").
    if (v == e.end() || !v->is_number()) {
      ++non_numeric;
      continue;
    }
    const auto t = e.find("t");
    // RFC 8428 section 4.5.3: times below 2^28 are relative to "now", which a stored stream
    // no longer knows; they reach the estimator as such and are rejected as bad timestamps.
    const double time_s = base_time + (t != e.end() && t->is_number() ? t->get<double>() : 0.0);
    TelemetryRecord* r = nullptr;
    for (std::size_t k = first; k < records.size(); ++k)  // this pack's records only
      if (records[k].time_s == time_s && records[k].device_id == device) r = &records[k];
    if (!r) {
      TelemetryRecord fresh;
      fresh.device_id = Keep(device);
      fresh.time_s = time_s;
      records.push_back(fresh);
      r = &records.back();
    }
    if (!target.ok) {
      ++unknown_unit;
      continue;
    }
    FieldSpec spec{FieldKind::kValue, target.bit, target.scale};
    SetField(*r, spec, v->get<double>() + target.offset / target.scale);
  }
  counts[static_cast<std::size_t>(Reason::kUnknownUnit)] += unknown_unit;
  counts[static_cast<std::size_t>(Reason::kNonNumeric)] += non_numeric;
  counts[static_cast<std::size_t>(Reason::kUnknownResource)] += unknown_resource;
  return true;
}

namespace {
// Eight ASCII digits in one little-endian word to their value, the first the most significant
// (Lemire's SWAR method, as in simdjson's parse_eight_digits_unrolled). Bytes of value 0 before
// the digits count as leading zeros.
inline std::uint64_t EightDigits(std::uint64_t word) {
  word = ((word & 0x0F0F0F0F0F0F0F0Full) * 2561) >> 8;
  word = ((word & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
  return ((word & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

// A byte per byte of word, non-zero where the byte is not an ASCII digit. (A carry from adding
// 6 only runs from a non-digit into the bytes after it, which the callers do not read.)
inline std::uint64_t NonDigits(std::uint64_t word) {
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull, kThrees = 0x3030303030303030ull;
  return ((word & kHigh) ^ kThrees) | (((word + 0x0606060606060606ull) & kHigh) ^ kThrees);
}

constexpr std::uint64_t kPow10Int[] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull};

// The run of decimal digits at p (its length returned, its value in `value`, exact up to 19
// digits), eight bytes at a time while eight can be read. For the 19-digit timestamp; field
// values are mostly 1-4 digits, where the plain loop measured faster (bench_estimation).
inline std::size_t DigitRun(const char* p, const char* end, std::uint64_t& value) {
  value = 0;
  std::size_t n = 0;
  while (end - (p + n) >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p + n, 8);
    const std::uint64_t non_digits = NonDigits(word);
    if (non_digits == 0) {
      value = value * 100000000ull + EightDigits(word);
      n += 8;
      continue;
    }
    const auto k = static_cast<std::size_t>(__builtin_ctzll(non_digits) / 8);
    if (k > 0) value = value * kPow10Int[k] + EightDigits(word << (8 * (8 - k)));
    return n + k;
  }
  for (; p + n < end && p[n] >= '0' && p[n] <= '9'; ++n) value = value * 10 + static_cast<std::uint64_t>(p[n] - '0');
  return n;
}

// Line protocol's timestamp, an integer of up to 19 digits (a sign allowed). Nineteen decimal
// digits always fit in 64 unsigned bits, so no overflow test per digit is needed (from_chars'
// cost); the range of a signed 64-bit integer is checked once at the end.
bool ParseNanoseconds(std::string_view text, long long& out) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 19) return false;
  std::uint64_t value = 0;
  if (DigitRun(text.data(), text.data() + text.size(), value) != text.size()) return false;
  constexpr std::uint64_t kMax = 9223372036854775807ull;
  if (value > kMax + (negative ? 1 : 0)) return false;
  out = negative ? static_cast<long long>(0 - value) : static_cast<long long>(value);
  return true;
}
}  // namespace

// One pass over the line, no searching twice: this is the format a server ingests at millions of
// records a second.
bool TelemetryReader::ReadInflux(std::string_view line, std::vector<TelemetryRecord>& records, std::string& error,
                                 ReasonCounts& counts) {
  const char* p = line.data();
  const char* const end = p + line.size();
  // Filled on the stack (no aliasing with `records`, so the compiler keeps it in registers) and
  // appended at the end.
  TelemetryRecord r;
  std::uint64_t non_numeric = 0;  // counted when the line has parsed (a malformed line is malformed alone)
  const auto fail = [&error](std::string message) {
    error = std::move(message);
    return false;
  };
  // measurement[,tag=value...]
  while (p < end && *p != ',' && *p != ' ') {
    if (*p == '\\') return fail("escaped characters in line protocol are not supported");
    ++p;
  }
  while (p < end && *p == ',') {
    const char* key = ++p;
    while (p < end && *p != '=' && *p != ',' && *p != ' ') ++p;
    if (p >= end || *p != '=') return fail("tag '" + std::string(key, p) + "' has no value");
    const std::string_view tag_key(key, static_cast<std::size_t>(p - key));
    const char* value = ++p;
    while (p < end && *p != ',' && *p != ' ') {
      if (*p == '\\') return fail("escaped characters in line protocol are not supported");
      ++p;
    }
    if (SameText(tag_key, "device") || SameText(tag_key, "device_id")) r.device_id = std::string_view(value, static_cast<std::size_t>(p - value));
  }
  if (p >= end) return fail("line protocol needs a measurement, fields and a timestamp");
  ++p;  // the space before the fields
  // field=value[,field=value...]
  for (std::size_t position = 0;; ++position) {
    const char* key = p;
    int index = position < predicted_fields_.size() ? predicted_fields_[position] : -1;
    bool predicted = false;
    if (index >= 0) {
      const std::string_view name = FieldName(index);
      predicted = static_cast<std::size_t>(end - p) > name.size() && p[name.size()] == '=' && SameBytes(p, name);
      if (predicted) p += name.size();
    }
    if (!predicted) {
      while (p < end && *p != '=' && *p != ',' && *p != ' ') ++p;
      if (p >= end || *p != '=') return fail("field '" + std::string(key, p) + "' has no value");
      index = LookupFieldIndex(std::string_view(key, static_cast<std::size_t>(p - key)));
      if (position < predicted_fields_.size()) predicted_fields_[position] = index;
    }
    const std::string_view field_key(key, static_cast<std::size_t>(p - key));
    const char* value = ++p;
    // Plain decimals are parsed in the same pass that finds the value's end (Clinger's fast path
    // as in ParseSimpleDecimal); anything else is scanned and handed to ParseNumber.
    std::uint64_t mantissa = 0;
    int digits = 0, fraction_digits = -1;
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    for (; p < end; ++p) {
      const char c = *p;
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
        ++digits;
        if (fraction_digits >= 0) ++fraction_digits;
      } else if (c == '.' && fraction_digits < 0) {
        fraction_digits = 0;
      } else {
        break;
      }
    }
    if (p < end && (*p == 'i' || *p == 'u')) ++p;  // integer suffixes
    const bool simple = digits > 0 && digits <= 15 && (p == end || *p == ',' || *p == ' ');
    const FieldSpec spec = index < 0 ? FieldSpec{} : FieldByIndex(index);
    if (simple) {
      double number = static_cast<double>(mantissa);
      if (fraction_digits > 0) number /= kPow10[fraction_digits];
      SetField(r, spec, negative ? -number : number);
    } else {
      p = value;
      if (p < end && *p == '"') {  // a string field: skipped, but its commas and spaces are not separators
        for (++p; p < end && *p != '"'; ++p)
          if (*p == '\\') ++p;
        if (p < end) ++p;
      } else {
        while (p < end && *p != ',' && *p != ' ') ++p;
      }
      std::string_view text(value, static_cast<std::size_t>(p - value));
      if (spec.kind == FieldKind::kValue && !text.empty() && text.front() != '"') {
        if (text.back() == 'i' || text.back() == 'u') text.remove_suffix(1);
        double number;
        if (!ParseNumber(text, number))
          return fail("field " + std::string(field_key) + ": '" + std::string(text) + "' is not a number");
        SetField(r, spec, number);
      } else if (spec.kind == FieldKind::kValue && !text.empty()) {
        // A string where a telemetry field needs a number (voltage_mV="3600"): dropped, counted.
        // Strings in other fields (a note, a firmware version) are not telemetry and ignored.
        ++non_numeric;
      }
    }
    if (p >= end) return fail("line protocol without a timestamp");
    if (*p == ' ') break;
    ++p;  // ','
  }
  const std::string_view stamp = Trim(std::string_view(p + 1, static_cast<std::size_t>(end - p - 1)));
  long long ns = 0;
  if (!ParseNanoseconds(stamp, ns)) return fail("timestamp '" + std::string(stamp) + "' is not an integer (nanoseconds)");
  r.time_s = static_cast<double>(ns / 1000000000) + static_cast<double>(ns % 1000000000) * 1e-9;
  counts[static_cast<std::size_t>(Reason::kNonNumeric)] += non_numeric;
  records.push_back(r);
  return true;
}

}  // namespace pb::engine::estimation::telemetry_io
