// Fuzz target: the scenario files — reference cases (profiles/reference, `powerbudget
// validate`), cell-capacity scenarios (profiles/cells, `powerbudget cell`) and firmware-update
// campaigns (profiles/campaigns, `powerbudget campaign`) — each loaded by its own loader from
// one in-memory file. The devices, networks and batteries a scenario names resolve in the
// bundled profiles. Cell and campaign scenarios take up to four --set overrides, NUL-separated
// after the document (input_parts.hpp). Every loader checks the schema early, so a seed of one
// kind reaches its own loader. A cell scenario that loads is analysed as `powerbudget cell` does,
// and a campaign's per-group update costs are computed (its simulation over the fleet is not run:
// its time grows with the fleet the scenario asks for, which is no fault).
#include <cstddef>
#include <cstdint>

#include "engine/campaign/update_costs.hpp"
#include "engine/cell/cell_analysis.hpp"
#include "engine/profile_io/cell_loader.hpp"
#include "engine/profile_io/reference_loader.hpp"
#include "tests/fuzz/bad_input.hpp"
#include "tests/fuzz/in_memory_file.hpp"
#include "tests/fuzz/input_parts.hpp"
#include "tests/fuzz/profiles_root.hpp"

namespace {

constexpr std::size_t kMaxOverrides = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pb;
  namespace io = engine::profile_io;
  static const fuzz::InMemoryFile file("scenario.json");
  const fuzz::DocumentAndArguments input = fuzz::SplitAtNul(data, size, kMaxOverrides);
  file.Replace(input.document);
  io::LoadOptions options;
  options.profiles_root = fuzz::ProfilesRoot();
  options.overrides = input.arguments;
  fuzz::ExpectBadInputOnly([&] { static_cast<void>(io::LoadReferenceCase(file.path(), options.profiles_root)); });
  fuzz::ExpectBadInputOnly([&] { static_cast<void>(engine::cell::AnalyseCell(io::LoadCellScenario(file.path(), options))); });
  fuzz::ExpectBadInputOnly([&] {
    static_cast<void>(engine::campaign::ComputeUpdateCosts(io::LoadCampaignScenario(file.path(), options)));
  });
  return 0;
}
