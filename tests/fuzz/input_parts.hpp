// One fuzz input as a document followed by a few short arguments: the parts are separated by NUL
// bytes, which no JSON document or --set assignment contains, so a plain profile file is a valid
// input (a document and no arguments) and the fuzzer adds arguments by inserting a NUL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::fuzz {

struct DocumentAndArguments {
  std::string_view document;
  std::vector<std::string> arguments;  // at most max_arguments; text after the last is dropped
};

inline DocumentAndArguments SplitAtNul(const std::uint8_t* data, std::size_t size, std::size_t max_arguments) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  DocumentAndArguments parts;
  std::size_t end = all.find('\0');
  parts.document = all.substr(0, end);
  while (end != std::string_view::npos && parts.arguments.size() < max_arguments) {
    const std::size_t begin = end + 1;
    end = all.find('\0', begin);
    parts.arguments.emplace_back(all.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
  }
  return parts;
}

}  // namespace pb::fuzz
