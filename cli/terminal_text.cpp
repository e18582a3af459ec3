#include "cli/terminal_text.hpp"

#include <algorithm>
#include <cstdio>

namespace pb::cli {
namespace {

std::string Hex(const char* prefix, unsigned value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
  return buffer;
}

std::string EscapedAscii(unsigned char c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return Hex("\\x", c, 2);
  }
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at text[at] (Unicode 15, table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), and its code point; 0 when it is not one.
std::size_t Utf8Sequence(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size() || byte(1) < second_min || byte(1) > second_max) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (!IsContinuation(byte(k))) return 0;
  code_point = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) code_point = (code_point << 6) | (byte(k) & 0x3F);
  return length;
}

bool NeedsEscaping(unsigned char c) { return c < 0x20 || c == 0x7F || c >= 0x80; }

}  // namespace

std::string TerminalSafe(std::string_view text) {
  // Most input is plain printable ASCII: returned as it is.
  if (std::none_of(text.begin(), text.end(), [](char c) { return NeedsEscaping(static_cast<unsigned char>(c)); }))
    return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) {
      out += c < 0x20 || c == 0x7F ? EscapedAscii(c) : std::string(1, static_cast<char>(c));
      ++at;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = Utf8Sequence(text, at, code_point);
    if (length == 0) {
      out += Hex("\\x", c, 2);  // not UTF-8: the byte
      ++at;
    } else if (code_point <= 0x9F) {
      out += Hex("\\u", static_cast<unsigned>(code_point), 4);  // a C1 control
      at += length;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

}  // namespace pb::cli
