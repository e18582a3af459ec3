// Profile text that the JSON library refuses without saying where — a number beyond a double, a
// --set value that is not UTF-8, an array index beyond 2^64 — is a ProfileError naming the field
// (exit code 2), not an exception of the library (exit code 3). Issue #20.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>

#include "engine/errors.hpp"
#include "engine/profile_io/json_text.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb {
namespace {

namespace pio = engine::profile_io;

// The field and the message of the ProfileError text raises; "no error" when none.
std::pair<std::string, std::string> ErrorOf(const std::function<void()>& run) {
  try {
    run();
  } catch (const engine::ProfileError& e) {
    return {e.field(), e.what()};
  }
  return {"no error", ""};
}

TEST(JsonText, ANumberBeyondADoubleNamesItsField) {
  const auto field_of = [](const std::string& text) {
    return ErrorOf([&] { pio::ParseJsonText(text, "p.json"); }).first;
  };
  EXPECT_EQ(field_of(R"({"a": {"b": [1, 2, 1e999]}})"), "/a/b/2");
  EXPECT_EQ(field_of(R"({"a": 1, "b": {"c": -1e999}})"), "/b/c");
  EXPECT_EQ(field_of(R"({"a": [[1], {"x": 1}, [2, 1e400]]})"), "/a/2/1");
  EXPECT_EQ(field_of(R"({"a/b~c": 1e999})"), "/a~1b~0c");
  EXPECT_EQ(field_of("[1e999]"), "/0");
  EXPECT_EQ(field_of("1e999"), "/");
  EXPECT_EQ(field_of(R"({"a": 1.7e308, "b": 1e-400})"), "no error");  // the largest double; an underflow is 0
  const auto [field, message] = ErrorOf([] { pio::ParseJsonText(R"({"reporting": {"interval_s": 1e999}})", "p.json"); });
  EXPECT_EQ(message, "p.json: /reporting/interval_s: the number is too large (a double holds at most about 1.8e308)");
  // Syntax errors keep their line and column.
  EXPECT_NE(ErrorOf([] { pio::ParseJsonText("{\n  \"a\": ,\n}", "p.json"); }).second.find("p.json:2:"),
            std::string::npos);
}

TEST(JsonText, Utf8ProblemSaysWhereTheTextIsNotUtf8) {
  EXPECT_EQ(pio::Utf8Problem("plain and µ"), "");
  EXPECT_EQ(pio::Utf8Problem("ab\xff"), "invalid UTF-8 byte at index 2: 0xFF");
}

TEST(JsonText, SetOverridesThatTheLibraryRefusesNameTheField) {
  pio::Json document = pio::Json::parse(R"({"reporting": {"interval_s": 900}, "mix": [{"share_frac": 1}]})");
  const auto set = [&](const std::string& assignment) { return ErrorOf([&] { pio::ApplyOverride(document, assignment); }); };
  EXPECT_EQ(set("reporting.interval_s=1e999"),
            (std::pair<std::string, std::string>{"/reporting/interval_s",
                                                 "/reporting/interval_s: --set reporting.interval_s: the number is too large "
                                                 "(a double holds at most about 1.8e308)"}));
  EXPECT_EQ(set("reporting.interval_s={\"a\": [1e999]}").first, "/reporting/interval_s");
  EXPECT_EQ(set("reporting.name=\xff\xfe").second,
            "/reporting/name: --set reporting.name: the value is not valid UTF-8 (invalid UTF-8 byte at index 0: 0xFF); "
            "profiles are UTF-8 text");
  EXPECT_EQ(set("reporting\xff.x=1").second,
            "--set: the path is not valid UTF-8 (invalid UTF-8 byte at index 9: 0xFF); profiles are UTF-8 text");
  for (const char* index : {"18446744073709551616", "99999999999999999999999", "1"})
    EXPECT_EQ(set(std::string("mix[") + index + "].share_frac=0.5").second,
              std::string("/mix/") + index + ": --set mix[" + index + "].share_frac: index out of range (array has 1 elements)");
  EXPECT_EQ(set("mix[0].share_frac=0.5").first, "no error");
  EXPECT_EQ(document["mix"][0]["share_frac"], 0.5);
  EXPECT_EQ(set("reporting.interval_s=1.7e308").first, "no error");  // the largest numbers are numbers
}

}  // namespace
}  // namespace pb
