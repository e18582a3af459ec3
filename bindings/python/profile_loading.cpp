#include "bindings/python/profile_loading.hpp"

#include <dlfcn.h>

#include <cstdlib>

#include "engine/profile_io/profile_loader.hpp"

namespace pb::python {
namespace fs = std::filesystem;

namespace {

// The directory of this extension module (<package>/_core*.so). The engine's own default looks
// beside the running executable, which for a module is the python interpreter.
std::optional<fs::path> ModuleDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&ModuleDirectory), &info) == 0 || !info.dli_fname) return std::nullopt;
  std::error_code ec;
  const fs::path module = fs::weakly_canonical(info.dli_fname, ec);
  if (ec) return std::nullopt;
  return module.parent_path();
}

bool IsDirectory(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

}  // namespace

fs::path ProfilesRoot(const std::optional<std::string>& profiles_dir) {
  if (profiles_dir) return *profiles_dir;
  if (const char* env = std::getenv("POWERBUDGET_PROFILES"); env && *env) return env;
  const std::optional<fs::path> module_dir = ModuleDirectory();
  // A wheel carries the profiles of its own version: they win over a system-wide install.
  if (module_dir && IsDirectory(*module_dir / "profiles" / "devices")) return *module_dir / "profiles";
  const fs::path engine_default = engine::profile_io::DefaultProfilesRoot();
  if (IsDirectory(engine_default)) return engine_default;
  // The build tree (build/<dir>/bindings/python/module/powerbudget/_core.so, with
  // build/<dir>/share/powerbudget/profiles linked to the sources) or an install prefix
  // (<prefix>/lib/python3.X/dist-packages/powerbudget/_core.so): a few levels up.
  if (module_dir) {
    fs::path dir = *module_dir;
    for (int up = 0; up < 6 && dir.has_parent_path() && dir != dir.parent_path(); ++up) {
      dir = dir.parent_path();
      if (IsDirectory(dir / "share" / "powerbudget" / "profiles")) return dir / "share" / "powerbudget" / "profiles";
    }
  }
  return engine_default;  // missing: the error then lists what is (not) there
}

engine::DeviceProfile LoadDevice(const std::string& profile, const std::vector<std::string>& overrides,
                                 const std::optional<std::string>& profiles_dir) {
  engine::profile_io::LoadOptions load;
  load.profiles_root = ProfilesRoot(profiles_dir);
  load.overrides = overrides;
  return engine::profile_io::LoadDeviceProfile(engine::profile_io::ResolveDevicePath(profile, load.profiles_root), load);
}

}  // namespace pb::python
