// Where a fuzz target finds the bundled profiles that inputs name ("modem": "nrf9160"):
// $POWERBUDGET_PROFILES when set (as for the CLI), else the repository's profiles/ folder, which
// tests/fuzz/CMakeLists.txt compiles in as PB_FUZZ_PROFILES_DIR. Read-only and fixed, so a run
// is deterministic.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace pb::fuzz {

inline std::filesystem::path ProfilesRoot() {
  if (const char* env = std::getenv("POWERBUDGET_PROFILES"); env && *env) return env;
  return PB_FUZZ_PROFILES_DIR;
}

}  // namespace pb::fuzz
