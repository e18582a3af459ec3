// JSON text into a document, with errors that say where: the line and column of a syntax
// error, and the JSON pointer of a number too large for a double (1e999), which the JSON
// library reports without a position. Both are bad input (ProfileError), never an internal error.
#pragma once

#include <string>

#include "engine/profile_io/json_reader.hpp"

namespace pb::engine::profile_io {

// The detail of the error for a number beyond a double.
inline constexpr const char* kNumberTooLarge = "the number is too large (a double holds at most about 1.8e308)";

// source names the text in messages (a file name).
Json ParseJsonText(const std::string& text, const std::string& source);

// Why text is not UTF-8 ("invalid UTF-8 byte at index 3: 0xFF"), empty when it is. Profiles are
// JSON, whose text is UTF-8, and the reports echo their strings.
std::string Utf8Problem(const std::string& text);

}  // namespace pb::engine::profile_io
