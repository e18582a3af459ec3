#include "engine/profile_io/json_text.hpp"

#include <utility>
#include <vector>

#include "engine/errors.hpp"

namespace pb::engine::profile_io {
namespace {

std::pair<std::size_t, std::size_t> LineAndColumn(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// The JSON pointer of the value the parser reads next, followed through the parser's callback. A
// number that overflows stops the parse before the callback sees it, so at that moment the
// pointer names it: the key read before it, or the next index of its array.
class ParsePosition {
 public:
  bool Observe(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        StartElement();
        frames_.push_back({event == Json::parse_event_t::array_start, -1, ""});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end: frames_.pop_back(); break;
      case Json::parse_event_t::key: frames_.back().key = parsed.get<std::string>(); break;
      case Json::parse_event_t::value: StartElement(); break;
    }
    return true;  // keep every value
  }

  std::string NextValuePointer() const {
    Json::json_pointer pointer;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      if (f.is_array)
        pointer /= static_cast<std::size_t>(f.index + (innermost ? 1 : 0));
      else
        pointer /= f.key;
    }
    return pointer.empty() ? "/" : pointer.to_string();
  }

 private:
  struct Frame {
    bool is_array;
    long long index;  // of the array's element being read; -1 before the first
    std::string key;  // of the object's member being read
  };
  void StartElement() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }
  std::vector<Frame> frames_;
};

}  // namespace

Json ParseJsonText(const std::string& text, const std::string& source) {
  ParsePosition position;
  try {
    return Json::parse(text, [&position](int /*depth*/, Json::parse_event_t event, Json& parsed) {
      return position.Observe(event, parsed);
    });
  } catch (const Json::parse_error& e) {
    const auto [line, column] = LineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ProfileError("", source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": invalid JSON: " + e.what());
  } catch (const Json::out_of_range&) {
    // Parsing's only range error: a number beyond a double (JSON itself sets no limit).
    throw ProfileError(position.NextValuePointer(), kNumberTooLarge, source);
  }
}

std::string Utf8Problem(const std::string& text) {
  // The JSON library's own rule, the one that would otherwise fail when a report is written.
  try {
    (void)Json(text).dump();
    return "";
  } catch (const Json::type_error& e) {
    const std::string what = e.what();  // "[json.exception.type_error.316] invalid UTF-8 byte at index 1: 0xFF"
    const std::size_t end_of_id = what.find("] ");
    return end_of_id == std::string::npos ? what : what.substr(end_of_id + 2);
  }
}

}  // namespace pb::engine::profile_io
