// Replays inputs through a fuzz target without libFuzzer. The normal (gcc) build compiles each
// tests/fuzz/fuzz_<name>.cpp with this main, and ctest runs the target's regression inputs and
// seeds through it (tests/fuzz/CMakeLists.txt), so a fault once found stays fixed in the ci and
// asan presets too.
//
//   replay_<name> [-max_len=N] PATH...
// A PATH is a file, or a folder whose files (not its sub-folders: regressions/<name>/pending/
// holds known faults not yet fixed) are replayed in name order. -max_len=N reads at most N bytes
// of each, as libFuzzer does with a seed longer than its limit. A fault ends the program (an
// escaping exception, or a sanitizer report in the asan preset); the line before it names the
// input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> ReadAtMost(const fs::path& file, std::size_t max_len) {
  std::ifstream in(file, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() > max_len) bytes.resize(max_len);
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t max_len = std::numeric_limits<std::size_t>::max();
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    constexpr std::string_view kMaxLen = "-max_len=";
    if (argument.starts_with(kMaxLen)) {
      max_len = std::stoul(std::string(argument.substr(kMaxLen.size())));
      continue;
    }
    const fs::path path(argument);
    if (fs::is_directory(path)) {
      std::vector<fs::path> files;
      for (const fs::directory_entry& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(path)) {
      inputs.push_back(path);
    } else {
      std::cerr << "replay: no file or folder " << path << "\n";
      return 2;
    }
  }
  for (const fs::path& input : inputs) {
    std::cout << "replay " << input.string() << std::endl;  // flushed: a crash's last line names its input
    const std::vector<std::uint8_t> bytes = ReadAtMost(input, max_len);
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::cout << "replayed " << inputs.size() << " inputs\n";
  return inputs.empty() ? 2 : 0;
}
