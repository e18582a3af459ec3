#include "cli/customer_text.hpp"

#include <array>
#include <filesystem>
#include <regex>

namespace pb::cli {

std::string ShownProfile(const std::string& profile) {
  if (profile.find('/') == std::string::npos && profile.find('\\') == std::string::npos) return profile;
  return std::filesystem::path(profile).filename().string();
}

std::string ShownOverride(const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos) return assignment;
  return assignment.substr(0, equals + 1) + ShownProfile(assignment.substr(equals + 1));
}

ProfileArguments ShownArguments(const ProfileArguments& args) {
  ProfileArguments shown = args;
  shown.profile = ShownProfile(args.profile);
  for (std::string& o : shown.overrides) o = ShownOverride(o);
  return shown;
}

// The profiles' sources cite the project's working files by their place in the source tree; the
// rules say what each is. Order matters: the specific files before the folders they lie in.
std::string CustomerText(std::string text) {
  struct Rule {
    std::regex pattern;
    const char* replacement;
  };
  static const std::array<Rule, 8> kRules{{
      {std::regex(R"((project reference )?shared/reference/published-figures\.md)"),
       "the project's compilation of published figures"},
      {std::regex(R"(shared/seeds/000)"), "the customer's brief"},
      {std::regex(R"(\bseed 000\b)"), "the customer's brief"},
      {std::regex(R"((shared/seeds/|\bseed )[0-9]{3}\b)"), "a later project brief"},
      // A folder of the source tree at the start of a word (not inside a web address).
      {std::regex(R"((^|[\s(\[])shared/[A-Za-z0-9_./-]*[A-Za-z0-9_-])"), "$1the project's reference data"},
      {std::regex(R"((^|[\s(\[])tests/[A-Za-z0-9_./-]*[A-Za-z0-9_-])"), "$1checked by the project's tests"},
      {std::regex(R"((^|[\s(\[])(engine|models|cli|serve|bindings|bench|scripts)/[A-Za-z0-9_./-]*[A-Za-z0-9_-])"),
       "$1the model's source"},
      {std::regex(R"(profiles/([a-z_-]+)/([A-Za-z0-9_.-]+)\.json)"), "the bundled profile '$2' ($1)"},
  }};
  for (const Rule& r : kRules) text = std::regex_replace(text, r.pattern, r.replacement);
  return text;
}

}  // namespace pb::cli
