#include "engine/profile_io/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pb::engine::profile_io {
namespace {

std::string EscapePointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string Describe(const Json& value) {
  std::string s = value.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

}  // namespace

std::string FormatNumber(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

ObjectReader::ObjectReader(const Json& obj, std::string pointer) : obj_(obj), pointer_(std::move(pointer)) {
  if (!obj_.is_object())
    throw engine::ProfileError(pointer_.empty() ? "/" : pointer_, "expected a JSON object, got " + Describe(obj_));
  read_.insert(std::string(kSourcesKey));
}

std::string ObjectReader::PointerTo(std::string_view key) const {
  return pointer_ + "/" + EscapePointerToken(key);
}

void ObjectReader::Fail(std::string_view key, const std::string& message) const {
  throw engine::ProfileError(PointerTo(key), message);
}

const Json* ObjectReader::Find(std::string_view key) {
  read_.insert(std::string(key));
  const auto it = obj_.find(std::string(key));
  if (it == obj_.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json& ObjectReader::Get(std::string_view key) {
  const Json* value = Find(key);
  if (!value) {
    // A missing field is often a misspelt one: point at it.
    for (const auto& [present, unused] : obj_.items())
      if (present != key && EditDistance(present, key) <= 2)
        Fail(key, "required field is missing (the object has '" + present + "': a misspelling?)");
    Fail(key, "required field is missing");
  }
  return *value;
}

bool ObjectReader::Has(std::string_view key) const {
  const auto it = obj_.find(std::string(key));
  return it != obj_.end() && !it->is_null();
}

void ObjectReader::Ignore(std::string_view key) { read_.insert(std::string(key)); }

static double CheckedNumber(const ObjectReader& r, std::string_view key, const Json& v, double min, double max) {
  if (!v.is_number()) r.Fail(key, "expected a number, got " + Describe(v));
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < min || x > max)
    r.Fail(key, "value " + FormatNumber(x) + " is out of range; allowed " + FormatNumber(min) + " to " +
                    FormatNumber(max));
  return x;
}

double ObjectReader::Number(std::string_view key, double min, double max) {
  return CheckedNumber(*this, key, Get(key), min, max);
}

std::optional<double> ObjectReader::OptionalNumber(std::string_view key, double min, double max) {
  const Json* v = Find(key);
  if (!v) return std::nullopt;
  return CheckedNumber(*this, key, *v, min, max);
}

double ObjectReader::NumberOr(std::string_view key, double fallback, double min, double max) {
  return OptionalNumber(key, min, max).value_or(fallback);
}

int ObjectReader::Integer(std::string_view key, int min, int max) {
  const Json& v = Get(key);
  if (!v.is_number_integer() && !(v.is_number() && std::floor(v.get<double>()) == v.get<double>()))
    Fail(key, "expected an integer, got " + Describe(v));
  const double x = v.get<double>();
  if (x < min || x > max)
    Fail(key, "value " + FormatNumber(x) + " is out of range; allowed " + std::to_string(min) + " to " +
                  std::to_string(max));
  return static_cast<int>(x);
}

int ObjectReader::IntegerOr(std::string_view key, int fallback, int min, int max) {
  return Has(key) ? Integer(key, min, max) : (Ignore(key), fallback);
}

int ObjectReader::IntegerIn(std::string_view key, std::initializer_list<int> allowed) {
  const int x = Integer(key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (std::find(allowed.begin(), allowed.end(), x) == allowed.end()) {
    std::string list;
    for (int a : allowed) list += (list.empty() ? "" : ", ") + std::to_string(a);
    Fail(key, "value " + std::to_string(x) + " is not allowed; allowed values: " + list);
  }
  return x;
}

bool ObjectReader::Bool(std::string_view key) {
  const Json& v = Get(key);
  if (!v.is_boolean()) Fail(key, "expected true or false, got " + Describe(v));
  return v.get<bool>();
}

bool ObjectReader::BoolOr(std::string_view key, bool fallback) {
  return Has(key) ? Bool(key) : (Ignore(key), fallback);
}

std::string ObjectReader::String(std::string_view key) {
  const Json& v = Get(key);
  if (!v.is_string()) Fail(key, "expected a string, got " + Describe(v));
  return v.get<std::string>();
}

std::string ObjectReader::StringOr(std::string_view key, std::string fallback) {
  return Has(key) ? String(key) : (Ignore(key), fallback);
}

std::string ObjectReader::Choice(std::string_view key, const std::vector<std::string>& allowed) {
  const std::string s = String(key);
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    Fail(key, "'" + s + "' is not one of: " + list);
  }
  return s;
}

std::string ObjectReader::ChoiceOr(std::string_view key, const std::vector<std::string>& allowed,
                                   std::string fallback) {
  return Has(key) ? Choice(key, allowed) : (Ignore(key), fallback);
}

ObjectReader ObjectReader::Object(std::string_view key) { return ObjectReader(Get(key), PointerTo(key)); }

const Json& ObjectReader::Array(std::string_view key, std::size_t min_size) {
  const Json& v = Get(key);
  if (!v.is_array()) Fail(key, "expected an array, got " + Describe(v));
  if (v.size() < min_size) Fail(key, "expected at least " + std::to_string(min_size) + " elements");
  return v;
}

void ObjectReader::Finish() const {
  for (const auto& [key, value] : obj_.items()) {
    if (read_.count(key)) continue;
    std::string hint;
    std::size_t best = 4;  // only suggest reasonably close keys
    for (const std::string& known : read_) {
      const std::size_t d = EditDistance(key, known);
      if (d < best) {
        best = d;
        hint = known;
      }
    }
    throw engine::ProfileError(PointerTo(key), "unknown key '" + key + "'" +
                                                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
}

ObjectReader ArrayElement(const Json& array, std::size_t index, const std::string& array_pointer) {
  return ObjectReader(array.at(index), array_pointer + "/" + std::to_string(index));
}

int IntegerElementIn(const Json& array, std::size_t index, const std::string& array_pointer,
                     std::initializer_list<int> allowed) {
  const Json& v = array.at(index);
  const std::string pointer = array_pointer + "/" + std::to_string(index);
  std::string list;
  for (int a : allowed) list += (list.empty() ? "" : ", ") + std::to_string(a);
  if (!v.is_number_integer()) throw engine::ProfileError(pointer, "expected an integer, got " + Describe(v) + "; allowed values: " + list);
  const auto x = v.get<long long>();
  if (std::find(allowed.begin(), allowed.end(), x) == allowed.end())
    throw engine::ProfileError(pointer, "value " + std::to_string(x) + " is not allowed; allowed values: " + list);
  return static_cast<int>(x);
}

}  // namespace pb::engine::profile_io
