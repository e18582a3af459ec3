// The allowed range of a numeric option, stated once beside the option it bounds and used by
// everything that sets the option: its Validate() (so the CLI, serve, the C ABI and the Python
// module get the same check) and the CLI's parser (cli/numeric_option.hpp), which shows the same
// range in the unit its flag takes (--dt-days in days for time_step_s in seconds).
//
// NaN and infinities are in no range: no option means anything by them. An option that may be
// left out says so itself (std::optional, or a NaN its Validate() skips) before its range applies.
#pragma once

#include <string>
#include <string_view>

namespace pb::engine {

struct NumericRange {
  double min = 0.0;
  double max = 0.0;
  bool min_excluded = false;  // "more than min" instead of "at least min"
  bool max_excluded = false;  // "less than max" instead of "at most max"
  bool whole = false;         // whole numbers only (counts, indices, months, seeds)
  const char* unit = "";      // said after the numbers: "dBm", "s", "days"

  bool Contains(double value) const;
  // "-20 to 60 dBm", "more than 0 and at most 31 days", "a whole number from 0 to 1024"; "a
  // finite number" for the range of all of them (lowest() to max()).
  std::string Describe() const;
  // The same range in another unit: value_there = value_here / unit_size + offset (the CLI's
  // --dt-days for time_step_s: unit_size 86400 s, "days"; --start-month 1-12 for the month
  // index 0-11: unit_size 1, offset 1).
  constexpr NumericRange InUnit(double unit_size, const char* new_unit, double offset = 0.0) const {
    return {min / unit_size + offset, max / unit_size + offset, min_excluded, max_excluded, whole, new_unit};
  }
};

// A number as the messages show it: whole numbers in full (a seed's 9007199254740991), others to
// 10 significant digits.
std::string FormatOptionNumber(double value);

// Throws ProfileError(name, "must be <range>, got <value>") unless range.Contains(value).
void RequireInRange(std::string_view name, double value, const NumericRange& range);
// Throws ProfileError(name, "must be <range>, got <given>"), given as the user wrote it (text
// that is no number, or one out of range).
[[noreturn]] void FailRange(std::string_view name, std::string_view given, const NumericRange& range);

}  // namespace pb::engine
