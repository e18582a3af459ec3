#include "cli/numeric_option.hpp"

#include <charconv>

namespace pb::cli {

double ParseNumber(std::string_view option, std::string_view text, const engine::NumericRange& range) {
  std::string_view number = text;
  if (number.size() > 1 && number[0] == '+' && number[1] != '-') number.remove_prefix(1);
  double value = 0.0;
  const char* const end = number.data() + number.size();
  const auto [stop, error] = std::from_chars(number.data(), end, value);
  // An overflow (1e999) is an error of from_chars; NaN and infinities parse but are in no range.
  if (number.empty() || error != std::errc() || stop != end || !range.Contains(value))
    engine::FailRange(option, "'" + std::string(text) + "'", range);
  return value;
}

}  // namespace pb::cli
