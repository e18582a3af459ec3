// Every number in a bundled cell or campaign scenario has a source: a "sources" entry whose key
// is the number's dotted path or one of its parent paths, in the sources object of the object
// holding it or of any object above it (the rule tests/schema/check_profiles.py applies to
// device, modem, network and battery profiles).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cell/cell_test_support.hpp"
#include "engine/profile_io/profile_json.hpp"

namespace pb {
namespace {

using engine::profile_io::Json;

// A path step: an object key or an array index.
struct Step {
  std::string key;
  bool index = false;
};

std::string Dotted(const std::vector<Step>& steps, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < steps.size(); ++i)
    out += steps[i].index ? "[" + steps[i].key + "]" : (out.empty() ? "" : ".") + steps[i].key;
  return out;
}

void CheckNumbers(const Json& root, const Json& node, std::vector<Step>& path, std::vector<std::string>& missing) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "sources") continue;
      path.push_back({key, false});
      CheckNumbers(root, value, path, missing);
      path.pop_back();
    }
    return;
  }
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      path.push_back({std::to_string(i), true});
      CheckNumbers(root, node[i], path, missing);
      path.pop_back();
    }
    return;
  }
  if (!node.is_number()) return;
  // Walk down from the root; at each object with "sources", try the rest of the path and its parents.
  const Json* owner = &root;
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    if (owner->is_object() && owner->contains("sources") && !path[depth].index) {
      const Json& sources = (*owner)["sources"];
      std::vector<Step> rest(path.begin() + static_cast<std::ptrdiff_t>(depth), path.end());
      for (std::size_t n = rest.size(); n >= 1; --n) {
        const std::vector<Step> prefix(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n));
        if (sources.contains(Dotted(prefix, 0))) return;
      }
    }
    owner = path[depth].index ? &(*owner)[std::stoul(path[depth].key)] : &(*owner)[path[depth].key];
  }
  missing.push_back(Dotted(path, 0));
}

TEST(CellScenarioSources, EveryNumberHasASource) {
  int files = 0;
  for (const char* folder : {"cells", "campaigns"}) {
    for (const auto& entry : std::filesystem::directory_iterator(test::ProfilesRoot() / folder)) {
      if (entry.path().extension() != ".json") continue;
      ++files;
      const Json doc = engine::profile_io::ReadJsonFile(entry.path());
      ASSERT_TRUE(doc.contains("sources")) << entry.path();
      std::vector<Step> path;
      std::vector<std::string> missing;
      CheckNumbers(doc, doc, path, missing);
      for (const std::string& m : missing) ADD_FAILURE() << entry.path() << ": no source covers " << m;
      for (const auto& [key, text] : doc["sources"].items())
        EXPECT_TRUE(text.is_string() && !text.get<std::string>().empty()) << entry.path() << ": sources." << key;
    }
  }
  EXPECT_GE(files, 2);
}

}  // namespace
}  // namespace pb
