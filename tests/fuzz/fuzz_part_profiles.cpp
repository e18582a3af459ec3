// Fuzz target: the parsers of the parts a device names — modem, network, battery (with its
// "physics") and climate — on one document read as the loader reads a referenced file
// (ReadJsonFile, through an in-memory file), after up to four --set overrides (NUL-separated
// after the document, input_parts.hpp). Every parser checks the schema first, so a seed of one
// kind reaches its own parser and the others stop at once; each runs on its own, so one kind's
// bad input does not hide another's fault.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/profile_io/battery_physics_loader.hpp"
#include "engine/profile_io/profile_json.hpp"
#include "tests/fuzz/bad_input.hpp"
#include "tests/fuzz/in_memory_file.hpp"
#include "tests/fuzz/input_parts.hpp"

namespace {

constexpr std::size_t kMaxOverrides = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pb;
  namespace io = engine::profile_io;
  static const fuzz::InMemoryFile file("part.json");
  const fuzz::DocumentAndArguments input = fuzz::SplitAtNul(data, size, kMaxOverrides);
  file.Replace(input.document);
  io::Json document;
  bool read = false;
  fuzz::ExpectBadInputOnly([&] {
    document = io::ReadJsonFile(file.path());
    for (const std::string& assignment : input.arguments) io::ApplyOverride(document, assignment);
    read = true;
  });
  if (!read) return 0;
  fuzz::ExpectBadInputOnly([&] { static_cast<void>(io::ParseModem(document, "")); });
  fuzz::ExpectBadInputOnly([&] { static_cast<void>(io::ParseNetwork(document, "")); });
  fuzz::ExpectBadInputOnly([&] { static_cast<void>(io::ParseClimate(document, "")); });
  fuzz::ExpectBadInputOnly([&] {
    static_cast<void>(io::ParseBattery(document, ""));
    // As the device loader does: the physics of a battery that parsed.
    if (const auto physics = document.find("physics"); physics != document.end())
      static_cast<void>(io::ParseBatteryPhysics(*physics, "/physics"));
  });
  return 0;
}
