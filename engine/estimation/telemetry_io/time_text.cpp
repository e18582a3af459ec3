#include "engine/estimation/telemetry_io/time_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace pb::engine::estimation::telemetry_io {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant, "chrono-compatible low-level date
// algorithms", days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<double> ParseIsoTime_s(std::string_view s) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, month) || s[7] != '-' ||
      !Digits(s, 8, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::size_t pos = 10;
  double fraction = 0.0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!Digits(s, pos + 1, 2, hour) || s.size() < pos + 9 || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, minute) ||
        s[pos + 6] != ':' || !Digits(s, pos + 7, 2, second))
      return std::nullopt;
    pos += 9;
    if (pos < s.size() && s[pos] == '.') {
      double scale = 0.1;
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        fraction += (s[pos] - '0') * scale;
        scale *= 0.1;
        ++pos;
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  double offset_s = 0.0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!Digits(s, pos + 1, 2, oh) || s.size() < pos + 6 || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om))
        return std::nullopt;
      offset_s = (s[pos] == '+' ? 1.0 : -1.0) * (oh * 3600.0 + om * 60.0);
      pos += 6;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days) * 86400.0 + hour * 3600.0 + minute * 60.0 + second + fraction - offset_s;
}

std::optional<double> ParseTime_s(std::string_view text) {
  double value;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;
  return ParseIsoTime_s(text);
}

std::string FormatIsoTime(double unix_s) {
  if (!std::isfinite(unix_s)) return "";
  const auto t = static_cast<std::int64_t>(std::floor(unix_s));
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const std::int64_t secs = t - days * 86400;
  // civil_from_days (Hinnant)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y + (m <= 2)), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buffer;
}

}  // namespace pb::engine::estimation::telemetry_io
