#include "serve/state_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace pb::serve {

namespace {

// Larger lengths can only be a torn or damaged header. An entry holds one MQTT message (topic
// length, topic, payload), which is at most the largest MQTT remaining length (mqtt.max_message_bytes
// may be set that high): a smaller bound would drop acknowledged messages, and all after them.
constexpr std::size_t kMaxEntry = 268'435'455;

std::runtime_error IoError(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}
StateWriteError WriteError(const std::string& what, const std::string& path) {
  return StateWriteError(what + " " + path + ": " + std::strerror(errno));
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t GetLe(std::string_view s, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(s[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

void WriteFully(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw WriteError("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw WriteError("cannot open", path);
  if (::fsync(fd) != 0) {
    ::close(fd);
    throw WriteError("cannot fsync", path);
  }
  ::close(fd);
}

// Throws when the file is there but cannot be read: an unreadable log taken for an empty one
// would be replaced by an empty log at start, losing acknowledged messages.
std::string ReadAll(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError("state_dir: cannot open", path);
  std::string data;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      data.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    const std::runtime_error error = IoError("state_dir: cannot read", path);
    ::close(fd);
    throw error;
  }
  ::close(fd);
  return data;
}

double NowUnix() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::uint32_t Crc32(std::string_view data) {
  // zlib's CRC-32 (polynomial 0x04C11DB7 reflected, initial value and final XOR 0xFFFFFFFF) is
  // the CRC-32 serve's own table-driven function computed before, bit for bit: logs written by
  // either read with the other (pinned in tests/serve/test_serve_units.cpp, StateStoreTest).
  // crc32_z takes a size_t length, so an entry of up to 256 MiB is one call.
  return static_cast<std::uint32_t>(::crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

StateStore::StateStore(std::string directory) : directory_(std::move(directory)) {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec || !std::filesystem::is_directory(directory_))
    throw std::runtime_error("state_dir: cannot create directory " + directory_ + (ec ? ": " + ec.message() : ""));
}

StateStore::~StateStore() {
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

std::optional<StateStore::Snapshot> StateStore::LoadSnapshot() {
  const std::string path = directory_ + "/snapshot.bin";
  if (!std::filesystem::exists(path)) return std::nullopt;
  const std::string data = ReadAll(path);
  if (data.size() < 12) throw std::runtime_error("state_dir: damaged snapshot " + path + " (shorter than its header)");
  generation_ = GetLe(data, 0, 8);
  const std::size_t count = GetLe(data, 8, 4);
  if (data.size() < 12 + 8 * count) throw std::runtime_error("state_dir: damaged snapshot " + path + " (message hashes cut short)");
  Snapshot snapshot;
  snapshot.recent.reserve(count);
  for (std::size_t i = 0; i < count; ++i) snapshot.recent.push_back(GetLe(data, 12 + 8 * i, 8));
  snapshot.fleet.assign(data.begin() + static_cast<std::ptrdiff_t>(12 + 8 * count), data.end());
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(path, ec);
  snapshot_unix_s_ = ec ? NowUnix()
                        : std::chrono::duration<double>(std::chrono::file_clock::to_sys(written).time_since_epoch()).count();
  return snapshot;
}

std::size_t StateStore::ReplayLog(const std::function<void(const WalMessage&)>& replay, std::size_t& torn_bytes) {
  torn_bytes = 0;
  const std::string path = directory_ + "/wal.log";
  const std::string data = std::filesystem::exists(path) ? ReadAll(path) : std::string();
  std::size_t entries = 0;
  if (data.size() >= 8 && GetLe(data, 0, 8) == generation_) {
    std::size_t at = 8;
    while (at + 8 <= data.size()) {
      const std::size_t length = GetLe(data, at, 4);
      const auto crc = static_cast<std::uint32_t>(GetLe(data, at + 4, 4));
      if (length < 2 || length > kMaxEntry || at + 8 + length > data.size()) break;
      const std::string_view body = std::string_view(data).substr(at + 8, length);
      if (Crc32(body) != crc) break;
      const std::size_t topic_len = GetLe(body, 0, 1) << 8 | GetLe(body, 1, 1);
      if (2 + topic_len > body.size()) break;
      replay(WalMessage{std::string(body.substr(2, topic_len)), std::string(body.substr(2 + topic_len))});
      ++entries;
      at += 8 + length;
    }
    torn_bytes = data.size() - at;
    // A torn last write was never acknowledged, but damage in the middle of the log looks the
    // same from here and would take acknowledged messages with it: the bytes are kept beside
    // the state (durable, before the log is started afresh) for an operator to look at.
    if (torn_bytes > 0) KeepDroppedBytes(std::string_view(data).substr(at));
  }
  return entries;
}

void StateStore::KeepDroppedBytes(std::string_view bytes) {
  dropped_path_ = directory_ + "/wal.dropped-" + std::to_string(generation_) + "-" +
                  std::to_string(static_cast<long long>(NowUnix())) + ".bin";
  const int fd = ::open(dropped_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw WriteError("cannot create", dropped_path_);
  try {
    WriteFully(fd, bytes, dropped_path_);
    if (::fsync(fd) != 0) throw WriteError("cannot fsync", dropped_path_);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  FsyncPath(directory_, O_RDONLY | O_DIRECTORY);
}

void StateStore::OpenLog() {
  const std::string path = directory_ + "/wal.log";
  if (wal_fd_ >= 0) ::close(wal_fd_);
  wal_fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (wal_fd_ < 0) throw WriteError("cannot open", path);
  std::string header;
  PutU64(header, generation_);
  WriteFully(wal_fd_, header, path);
  if (::fsync(wal_fd_) != 0) throw WriteError("cannot fsync", path);
  wal_bytes_ = header.size();
}

void StateStore::WriteSnapshot(const std::vector<std::uint8_t>& blob, const std::vector<std::uint64_t>& recent) {
  const std::string path = directory_ + "/snapshot.bin", tmp = path + ".tmp";
  const std::uint64_t next = generation_ + 1;
  std::string header;
  PutU64(header, next);
  PutU32(header, static_cast<std::uint32_t>(recent.size()));
  for (std::uint64_t h : recent) PutU64(header, h);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw WriteError("cannot create", tmp);
  try {
    WriteFully(fd, header, tmp);
    WriteFully(fd, std::string_view(reinterpret_cast<const char*>(blob.data()), blob.size()), tmp);
    if (::fsync(fd) != 0) throw WriteError("cannot fsync", tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw WriteError("cannot rename to", path);
  FsyncPath(directory_, O_RDONLY | O_DIRECTORY);
  // The snapshot of generation `next` is durable; only now may the old log go.
  generation_ = next;
  snapshot_unix_s_ = NowUnix();
  OpenLog();
  FsyncPath(directory_, O_RDONLY | O_DIRECTORY);
}

void StateStore::EncodeEntry(std::string& out, std::string_view topic, std::string_view payload) {
  std::string body;
  body.reserve(2 + topic.size() + payload.size());
  body.push_back(static_cast<char>((topic.size() >> 8) & 0xFF));
  body.push_back(static_cast<char>(topic.size() & 0xFF));
  body.append(topic);
  body.append(payload);
  PutU32(out, static_cast<std::uint32_t>(body.size()));
  PutU32(out, Crc32(body));
  out += body;
}

void StateStore::Append(const std::vector<WalMessage>& messages) {
  std::string entries;
  for (const WalMessage& m : messages) EncodeEntry(entries, m.topic, m.payload);
  Append(entries);
}

void StateStore::Append(std::string_view encoded_entries) {
  if (wal_fd_ < 0) throw std::logic_error("StateStore::Append before the first WriteSnapshot");
  const std::string path = directory_ + "/wal.log";
  WriteFully(wal_fd_, encoded_entries, path);
  if (::fdatasync(wal_fd_) != 0) throw WriteError("cannot fdatasync", path);
  wal_bytes_ += encoded_entries.size();
}

}  // namespace pb::serve
