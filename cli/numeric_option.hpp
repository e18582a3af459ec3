// Numeric options, checked while the command line is parsed against the range stated once beside
// the engine option they set (engine/option_range.hpp), shown in the flag's own unit. Text that is
// no number, NaN, infinities, a fraction where a whole number is needed and a number out of range
// are bad input (exit code 2) naming the flag and its range, before any work starts.
#pragma once

#include <boost/program_options/value_semantic.hpp>
#include <string>
#include <string_view>

#include "engine/option_range.hpp"

namespace pb::cli {

// The number in text; ProfileError(option, "must be <range>, got '<text>'") unless it is one and in
// range. A leading '+' is allowed.
double ParseNumber(std::string_view option, std::string_view text, const engine::NumericRange& range);

// Whether the help shows the target's initial value as the default (and the parser checks it).
// kNo for an option whose absence means something else (vm.count() tells).
enum class ShowDefault { kNo, kYes };

// --option NUMBER into target (any arithmetic type), checked by ParseNumber when the command line
// is parsed. E.g. ("dt-days", NumberValue(dt_days, "--dt-days", lifetime::kTimeStepRange_s.InUnit(
// units::kSecondsPerDay, "days")), "time step in days").
template <typename T>
boost::program_options::typed_value<std::string>* NumberValue(T& target, const char* option,
                                                               const engine::NumericRange& range,
                                                               ShowDefault show = ShowDefault::kYes) {
  auto* value = boost::program_options::value<std::string>()->notifier(
      [&target, option, range](const std::string& text) { target = static_cast<T>(ParseNumber(option, text, range)); });
  if (show == ShowDefault::kYes) value->default_value(engine::FormatOptionNumber(static_cast<double>(target)));
  return value;
}

}  // namespace pb::cli
