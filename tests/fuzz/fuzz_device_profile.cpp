// Fuzz target: a device profile as `powerbudget simulate FILE --set PATH=VALUE...` loads it.
//
// Input: the device JSON, then up to four overrides, each after a NUL byte (input_parts.hpp).
// The JSON is read through the loader's own file reading (an in-memory file), references by
// name ("modem": "nrf9160") resolve in the bundled profiles, and the overrides apply in order,
// re-inlining a part they swap ("modem=quectel-bc66"). A profile that loads then goes through
// what the commands do with any profile (budget, stack timers, report timeline, the fleet
// estimator's model): a profile that validates must be computable, so a non-bad-input exception
// there is as much a finding as one in the parser.
#include <cstddef>
#include <cstdint>

#include "engine/budget.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/stack_timers.hpp"
#include "engine/timeline/timeline.hpp"
#include "tests/fuzz/bad_input.hpp"
#include "tests/fuzz/in_memory_file.hpp"
#include "tests/fuzz/input_parts.hpp"
#include "tests/fuzz/profiles_root.hpp"

namespace {

constexpr std::size_t kMaxOverrides = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pb;
  static const fuzz::InMemoryFile file("device.json");
  const fuzz::DocumentAndArguments input = fuzz::SplitAtNul(data, size, kMaxOverrides);
  file.Replace(input.document);
  engine::profile_io::LoadOptions options;
  options.profiles_root = fuzz::ProfilesRoot();
  options.overrides = input.arguments;
  fuzz::ExpectBadInputOnly([&] {
    const engine::DeviceProfile profile = engine::profile_io::LoadDeviceProfile(file.path(), options);
    const engine::BudgetResult budget = engine::ComputeBudget(profile);
    static_cast<void>(budget);
    static_cast<void>(engine::AnalyseStackTimers(profile));
    static_cast<void>(engine::estimation::MakeFleetModel(profile));
    static_cast<void>(engine::timeline::BuildTimeline(profile, engine::timeline::View::kReport));
  });
  return 0;
}
