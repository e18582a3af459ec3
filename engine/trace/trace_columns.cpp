#include "engine/trace/trace_columns.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "engine/trace/trace_error.hpp"
#include "models/units.hpp"

namespace pb::engine::trace {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

// The unit of a header: inside (…) or […], else after the last '_' ("time_ms"). "µ" (UTF-8)
// is read as "u". Returns a lower-case unit or nothing.
std::optional<std::string> UnitOf(const std::string& header) {
  // Rebuilt character by character (std::string::replace trips GCC 12's -Wrestrict).
  std::string h;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const bool micro = i + 1 < header.size() && ((header[i] == '\xC2' && header[i + 1] == '\xB5') ||  // µ
                                                 (header[i] == '\xCE' && header[i + 1] == '\xBC'));  // μ
    h += micro ? 'u' : header[i];
    if (micro) ++i;
  }
  for (const auto& [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
    const std::size_t a = h.rfind(open);
    const std::size_t b = h.rfind(close);
    if (a != std::string::npos && b != std::string::npos && b > a) return Lower(Trim(h.substr(a + 1, b - a - 1)));
  }
  const std::size_t underscore = h.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < h.size()) return Lower(h.substr(underscore + 1));
  return std::nullopt;
}

std::optional<double> SecondsPer(const std::string& unit) {
  if (unit == "s" || unit == "sec") return 1.0;
  if (unit == "ms") return units::kSecondsPerMillisecond;
  if (unit == "us") return units::kSecondsPerMicrosecond;
  if (unit == "ns") return units::kSecondsPerNanosecond;
  return std::nullopt;
}

std::optional<double> AmperesPer(const std::string& unit) {
  if (unit == "a") return 1.0;
  if (unit == "ma") return units::kAmperesPerMilliampere;
  if (unit == "ua") return units::kAmperesPerMicroampere;
  if (unit == "na") return units::kAmperesPerNanoampere;
  return std::nullopt;
}

// The name without its unit, lower case: "Arc Main Current (A)" -> "arc main current".
std::string NameOf(const std::string& header) {
  std::string name = header;
  for (char open : {'(', '['}) {
    const std::size_t a = name.rfind(open);
    if (a != std::string::npos) name = name.substr(0, a);
  }
  return Lower(Trim(name));
}

bool IsTimeName(const std::string& name) {
  return name == "t" || name.rfind("t_", 0) == 0 || name.find("time") != std::string::npos;
}

bool IsCurrentName(const std::string& name) {
  return name == "i" || name.rfind("i_", 0) == 0 || name.find("current") != std::string::npos;
}

}  // namespace

const char* FormatName(TraceFormat format) {
  switch (format) {
    case TraceFormat::kPpk2: return "ppk2";
    case TraceFormat::kOtii: return "otii";
    default: return "plain";
  }
}

std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == delimiter && !quoted) {
      fields.push_back(Trim(field));
      field.clear();
    } else if (c != '\r' && c != '\n') {
      field += c;
    }
  }
  fields.push_back(Trim(field));
  return fields;
}

TraceColumns DetectColumns(std::string_view header_line, const std::string& source) {
  if (!header_line.empty() && static_cast<unsigned char>(header_line[0]) == 0xEF) header_line.remove_prefix(3);  // BOM
  TraceColumns c;
  c.delimiter = header_line.find(',') != std::string_view::npos   ? ','
                : header_line.find(';') != std::string_view::npos ? ';'
                : header_line.find('\t') != std::string_view::npos ? '\t'
                                                                    : ',';
  const std::vector<std::string> headers = SplitCsvLine(header_line, c.delimiter);
  c.column_count = headers.size();
  const auto fail = [&](const std::string& detail) { throw TraceError(source, 1, detail); };
  const std::string shown = std::string(header_line.substr(0, 120));

  std::optional<std::size_t> time, current;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string name = NameOf(headers[i]);
    if (!time && IsTimeName(name)) {
      if (name.find("wall") != std::string::npos || name.find("utc") != std::string::npos)
        fail("column '" + headers[i] + "' holds wall-clock times; export the trace with a relative time in seconds");
      time = i;
    } else if (IsCurrentName(name)) {
      // Otii exports several channels; the main current is the one to analyse.
      if (!current || (name.find("main") != std::string::npos && NameOf(headers[*current]).find("main") == std::string::npos))
        current = i;
    }
  }
  if (!time || !current)
    fail(std::string("the header '") + shown + "' has no " + (!time ? "time" : "current") +
         " column; expected e.g. 'Timestamp(ms),Current(uA)' (PPK2), 'Timestamp (s),Main Current (A)' (Otii) or "
         "'time_s,current_uA'");
  c.time_column = *time;
  c.current_column = *current;
  c.time_header = headers[*time];
  c.current_header = headers[*current];

  const std::optional<std::string> time_unit = UnitOf(c.time_header);
  const std::optional<double> seconds = time_unit ? SecondsPer(*time_unit) : std::nullopt;
  if (!seconds)
    fail("time column '" + c.time_header + "' has " + (time_unit ? "an unknown unit '" + *time_unit + "'" : std::string("no unit")) +
         "; name it with s, ms, us or ns, e.g. 'time (s)' or 'time_ms'");
  c.seconds_per_time_unit = *seconds;
  const std::optional<std::string> current_unit = UnitOf(c.current_header);
  const std::optional<double> amperes = current_unit ? AmperesPer(*current_unit) : std::nullopt;
  if (!amperes)
    fail("current column '" + c.current_header + "' has " +
         (current_unit ? "an unknown unit '" + *current_unit + "'" : std::string("no unit")) +
         "; name it with A, mA, uA or nA, e.g. 'current (mA)' or 'current_uA'");
  c.amperes_per_current_unit = *amperes;

  // Digital channels.
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string h = Lower(headers[i]);
    if (h == "d0-d7") {
      c.digital = DigitalLayout::kPackedD0First;
      c.digital_column = i;
      c.digital_channels = 8;
    } else if (h == "bits") {
      c.digital = DigitalLayout::kBitsMsbFirst;
      c.digital_column = i;
      c.digital_channels = 8;
    } else if (h == "d0" && c.digital == DigitalLayout::kNone) {
      int n = 0;
      while (i + static_cast<std::size_t>(n) < headers.size() && n < 8 &&
             Lower(headers[i + static_cast<std::size_t>(n)]) == std::string(1, 'd').append(std::to_string(n)))
        ++n;
      c.digital = DigitalLayout::kColumns;
      c.digital_column = i;
      c.digital_channels = n;
    }
  }

  const std::string time_name = Lower(c.time_header), current_name = Lower(c.current_header);
  if (time_name == "timestamp(ms)" && current_name == "current(ua)") c.format = TraceFormat::kPpk2;
  else if (NameOf(c.current_header).find("main current") != std::string::npos) c.format = TraceFormat::kOtii;
  else c.format = TraceFormat::kPlain;

  c.last_needed_column = std::max(c.time_column, c.current_column);
  if (c.digital == DigitalLayout::kColumns)
    c.last_needed_column = std::max(c.last_needed_column, c.digital_column + static_cast<std::size_t>(c.digital_channels) - 1);
  else if (c.digital != DigitalLayout::kNone)
    c.last_needed_column = std::max(c.last_needed_column, c.digital_column);
  return c;
}

}  // namespace pb::engine::trace
