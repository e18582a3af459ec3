// serve's durable state in its state directory:
//   snapshot.bin   u64 generation, u32 count + count u64 hashes of the recent messages
//                  (recent_messages.hpp), then the FleetEstimator::Snapshot() blob; all integers
//                  little-endian; replaced atomically (temporary file, fsync, rename, fsync of the
//                  directory)
//   wal.log        u64 generation, then one entry per received message:
//                  u32 length, u32 CRC-32 of the body, body = u16 topic length, topic, payload
// The write-ahead log holds every message since the snapshot of the same generation. A message
// is acknowledged to the broker only after its entry is on disk (fdatasync), so a crash loses
// nothing acknowledged: start = restore the snapshot, replay the log. A torn last entry (a crash
// during the write) fails its length or CRC and is dropped; it was never acknowledged.
// A log of another generation than the snapshot is stale (the crash came between writing a new
// snapshot and starting the new log) and is ignored: the snapshot already contains it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pb::serve {

std::uint32_t Crc32(std::string_view data);

// The log or a snapshot could not be written (or made durable): serve stops with exit code 3
// (docs/serve.md), having acknowledged nothing unwritten. Reading a damaged state is a plain
// std::runtime_error (exit code 2).
class StateWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WalMessage {
  std::string topic;
  std::string payload;
};

class StateStore {
 public:
  // Creates the directory if needed; throws std::runtime_error naming the path on failure.
  explicit StateStore(std::string directory);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  struct Snapshot {
    std::vector<std::uint64_t> recent;  // hashes of the recent messages, oldest first
    std::vector<std::uint8_t> fleet;    // FleetEstimator::Snapshot()
  };
  // The snapshot, if there is one; throws std::runtime_error on a damaged file.
  std::optional<Snapshot> LoadSnapshot();
  // Calls `replay` for every intact entry of the log of the loaded snapshot's generation. Returns
  // the number of entries and sets torn_bytes to what was dropped at the end; those bytes are
  // kept in dropped_path() (wal.dropped-<generation>-<unix time>.bin).
  std::size_t ReplayLog(const std::function<void(const WalMessage&)>& replay, std::size_t& torn_bytes);
  // Writes the snapshot as generation+1 and starts an empty log of that generation.
  void WriteSnapshot(const std::vector<std::uint8_t>& fleet, const std::vector<std::uint64_t>& recent);
  // Appends entries and makes them durable (one fdatasync for the batch). WriteSnapshot first.
  void Append(const std::vector<WalMessage>& messages);
  void Append(std::string_view encoded_entries);
  static void EncodeEntry(std::string& out, std::string_view topic, std::string_view payload);

  std::uint64_t wal_bytes() const { return wal_bytes_; }
  std::uint64_t generation() const { return generation_; }
  double snapshot_unix_s() const { return snapshot_unix_s_; }
  const std::string& directory() const { return directory_; }
  const std::string& dropped_path() const { return dropped_path_; }  // empty: nothing dropped

 private:
  void OpenLog();
  void KeepDroppedBytes(std::string_view bytes);
  std::string dropped_path_;
  std::string directory_;
  int wal_fd_ = -1;
  std::uint64_t generation_ = 0;
  std::uint64_t wal_bytes_ = 0;
  double snapshot_unix_s_ = 0.0;
};

}  // namespace pb::serve
