#include "engine/option_range.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "engine/errors.hpp"

namespace pb::engine {

std::string FormatOptionNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e16) return fmt::format("{:.0f}", value);
  return fmt::format("{:.10g}", value);
}

bool NumericRange::Contains(double value) const {
  if (!std::isfinite(value)) return false;
  if (min_excluded ? !(value > min) : !(value >= min)) return false;
  if (max_excluded ? !(value < max) : !(value <= max)) return false;
  return !whole || value == std::floor(value);
}

std::string NumericRange::Describe() const {
  const std::string unit_text = *unit ? std::string(" ") + unit : std::string();
  if (min == std::numeric_limits<double>::lowest() && max == std::numeric_limits<double>::max())
    return "a finite number" + unit_text;
  if (!min_excluded && !max_excluded && !std::isinf(max))
    return (whole ? "a whole number from " : "") + FormatOptionNumber(min) + " to " + FormatOptionNumber(max) + unit_text;
  std::string text = std::string(whole ? "a whole number " : "") + (min_excluded ? "more than " : "at least ") + FormatOptionNumber(min);
  if (!std::isinf(max)) text += (max_excluded ? " and less than " : " and at most ") + FormatOptionNumber(max);
  return text + unit_text;
}

void RequireInRange(std::string_view name, double value, const NumericRange& range) {
  if (!range.Contains(value)) FailRange(name, FormatOptionNumber(value), range);
}

void FailRange(std::string_view name, std::string_view given, const NumericRange& range) {
  throw ProfileError(std::string(name), "must be " + range.Describe() + ", got " + std::string(given));
}

}  // namespace pb::engine
