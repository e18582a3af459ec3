#include "engine/estimation/telemetry_io/field_names.hpp"

#include <array>

namespace pb::engine::estimation::telemetry_io {

FieldSpec LookupField(std::string_view name) {
  const int i = LookupFieldIndex(name);
  return i < 0 ? FieldSpec{} : kFields[static_cast<std::size_t>(i)].spec;
}

int LookupFieldIndex(std::string_view name) {
  // Bucketed by length: one or two comparisons instead of twenty (every field of every record).
  static constexpr std::size_t kMaxLength = 24;
  static const auto by_length = [] {
    std::array<std::array<std::int8_t, 4>, kMaxLength> buckets{};
    for (auto& b : buckets) b.fill(-1);
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      auto& bucket = buckets[kFields[i].name.size()];
      for (auto& slot : bucket)
        if (slot < 0) {
          slot = static_cast<std::int8_t>(i);
          break;
        }
    }
    return buckets;
  }();
  if (name.size() >= kMaxLength) return -1;
  for (const std::int8_t i : by_length[name.size()]) {
    if (i < 0) break;
    if (SameText(kFields[static_cast<std::size_t>(i)].name, name)) return i;
  }
  return -1;
}

}  // namespace pb::engine::estimation::telemetry_io
