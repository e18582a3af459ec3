// Every figure of a composed device profile with the source its profile gives for it: the
// assumptions list of a proof report.
#pragma once

#include <string>
#include <vector>

#include "engine/profile_io/json_reader.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb::engine::profile_io {

struct SourcedFigure {
  std::string pointer;  // JSON pointer in the composed device document
  std::string value;    // the value as JSON text (an object or array for a whole section)
  std::string source;   // the profile's source text for it
};

// Walks the composed document: each object's "sources" entries (dotted paths relative to that
// object, "a.b[2].c") are resolved to pointers and paired with the values they document.
std::vector<SourcedFigure> CollectSourcedFigures(const Json& composed);

}  // namespace pb::engine::profile_io
