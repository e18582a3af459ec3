#include "engine/uncertain_inputs.hpp"

namespace pb::engine {
namespace {

constexpr std::string_view kNames[] = {"coupling_loss_dB",   "temperature_offset_degC", "capacity_frac",
                                       "interval_frac",      "modem_current_frac",      "rollback_probability_frac"};

}  // namespace

std::string_view UncertainInputName(UncertainInput input) { return kNames[static_cast<int>(input)]; }

std::optional<UncertainInput> UncertainInputFromName(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
    if (kNames[i] == name) return static_cast<UncertainInput>(i);
  return std::nullopt;
}

const std::vector<std::string_view>& UncertainInputNames() {
  static const std::vector<std::string_view> names(std::begin(kNames), std::end(kNames));
  return names;
}

}  // namespace pb::engine
