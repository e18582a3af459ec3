// Reading a JSON object field by field, with every error naming the field by its JSON pointer,
// the value and the allowed range, and unknown keys rejected with the closest known key.
// This is the only place where profile JSON becomes numbers; conversions from field units
// (mA, uA, ms, mAh) to SI happen in the loader right after a field is read.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.hpp"

namespace pb::engine::profile_io {

using Json = nlohmann::json;

// Keys every profile object may carry besides its fields.
inline constexpr std::string_view kSourcesKey = "sources";

class ObjectReader {
 public:
  // pointer: JSON pointer of obj in the composed document ("" for the root).
  ObjectReader(const Json& obj, std::string pointer);

  bool Has(std::string_view key) const;
  double Number(std::string_view key, double min, double max);
  std::optional<double> OptionalNumber(std::string_view key, double min, double max);
  double NumberOr(std::string_view key, double fallback, double min, double max);
  int Integer(std::string_view key, int min, int max);
  int IntegerOr(std::string_view key, int fallback, int min, int max);
  int IntegerIn(std::string_view key, std::initializer_list<int> allowed);
  bool Bool(std::string_view key);
  bool BoolOr(std::string_view key, bool fallback);
  std::string String(std::string_view key);
  std::string StringOr(std::string_view key, std::string fallback);
  std::string Choice(std::string_view key, const std::vector<std::string>& allowed);
  std::string ChoiceOr(std::string_view key, const std::vector<std::string>& allowed, std::string fallback);
  ObjectReader Object(std::string_view key);
  const Json& Array(std::string_view key, std::size_t min_size);
  // Marks a key as known without reading it (free text, sources).
  void Ignore(std::string_view key);

  // Throws for any key not read: "unknown key 'psm_curent_uA' (did you mean 'psm_current_uA'?)".
  void Finish() const;

  std::string PointerTo(std::string_view key) const;
  const std::string& pointer() const { return pointer_; }
  [[noreturn]] void Fail(std::string_view key, const std::string& message) const;

 private:
  const Json& Get(std::string_view key);  // required
  const Json* Find(std::string_view key);

  const Json& obj_;
  std::string pointer_;
  std::set<std::string, std::less<>> read_;
};

ObjectReader ArrayElement(const Json& array, std::size_t index, const std::string& array_pointer);
// An integer element of an array, one of `allowed`; ProfileError naming /pointer/index otherwise.
int IntegerElementIn(const Json& array, std::size_t index, const std::string& array_pointer,
                     std::initializer_list<int> allowed);

// Damerau-free Levenshtein distance, for "did you mean".
std::size_t EditDistance(std::string_view a, std::string_view b);

std::string FormatNumber(double value);

}  // namespace pb::engine::profile_io
