#include "engine/profile_io/assumptions.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::profile_io {
namespace {

// "a.b[2].c" → "/a/b/2/c"
std::string DottedToPointer(const std::string& dotted) {
  std::string pointer = "/";
  for (char c : dotted) {
    if (c == '.' || c == '[') pointer += '/';
    else if (c != ']') pointer += c;
  }
  return pointer;
}

void Walk(const Json& node, const std::string& pointer, std::vector<SourcedFigure>& out) {
  if (node.is_object()) {
    if (const auto sources = node.find("sources"); sources != node.end() && sources->is_object()) {
      for (const auto& [path, text] : sources->items()) {
        const std::string relative = DottedToPointer(path);
        const Json::json_pointer p(relative);
        const std::string value = node.contains(p) ? node.at(p).dump() : "(not set)";
        out.push_back({pointer + relative, value.size() > 120 ? value.substr(0, 117) + "..." : value,
                       text.is_string() ? text.get<std::string>() : text.dump()});
      }
    }
    for (const auto& [key, child] : node.items())
      if (key != "sources") Walk(child, pointer + "/" + key, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) Walk(node[i], pointer + "/" + std::to_string(i), out);
  }
}

}  // namespace

std::vector<SourcedFigure> CollectSourcedFigures(const Json& composed) {
  std::vector<SourcedFigure> out;
  Walk(composed, "", out);
  return out;
}

}  // namespace pb::engine::profile_io
