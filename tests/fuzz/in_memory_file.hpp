// An input as a file that lives in memory (Linux memfd), for loaders that take a path: the bytes
// reach the parser through the loader's own file reading (ReadJsonFile with its line:column
// errors), with no disk I/O in the fuzzing loop and nothing left behind. The path is
// /proc/self/fd/N; a reference relative to it ("x.json") finds nothing there and falls back to
// the profiles root, as a reference from a file outside profiles/ does.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pb::fuzz {

class InMemoryFile {
 public:
  explicit InMemoryFile(const char* name) : fd_(memfd_create(name, MFD_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error("memfd_create failed");
  }
  InMemoryFile(const InMemoryFile&) = delete;
  InMemoryFile& operator=(const InMemoryFile&) = delete;
  ~InMemoryFile() { close(fd_); }

  void Replace(std::string_view content) const {
    if (ftruncate(fd_, 0) != 0) throw std::runtime_error("ftruncate of the in-memory file failed");
    std::size_t written = 0;
    while (written < content.size()) {
      const ssize_t n = pwrite(fd_, content.data() + written, content.size() - written, static_cast<off_t>(written));
      if (n <= 0) throw std::runtime_error("write to the in-memory file failed");
      written += static_cast<std::size_t>(n);
    }
  }
  std::filesystem::path path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace pb::fuzz
