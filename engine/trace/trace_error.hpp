// Errors of trace parsing: a file that cannot be read as a current trace (wrong header, a row
// with missing columns, a time that is not a number or does not advance). The message names
// the source and the line, "capture.csv:17: ...", so the CLI can print it and exit with code 2.
// Bad current samples (NaN, text, strongly negative) are not errors: they are counted and
// reported (TraceQuality) unless the reader is strict.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace pb::engine::trace {

class TraceError : public std::runtime_error {
 public:
  TraceError(const std::string& source, std::uint64_t line, const std::string& detail)
      : std::runtime_error(Compose(source, line, detail)), line_(line), detail_(detail) {}
  // 0 when the error is not about one line (e.g. an empty file).
  std::uint64_t line() const { return line_; }
  const std::string& detail() const { return detail_; }

 private:
  static std::string Compose(const std::string& source, std::uint64_t line, const std::string& detail) {
    // Appended piece by piece: "literal" + std::string trips GCC 12's -Wrestrict.
    std::string message = source.empty() ? std::string("trace") : source;
    if (line > 0) message.append(":").append(std::to_string(line));
    return message.append(": ").append(detail);
  }
  std::uint64_t line_;
  std::string detail_;
};

}  // namespace pb::engine::trace
