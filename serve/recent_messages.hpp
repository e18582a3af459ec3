// The last N messages ingested, by a 64-bit hash of topic and payload: a message the broker
// redelivers after a crash (it was in the log or the snapshot, but its PUBACK never reached the
// broker) is recognised and skipped. The estimator's own per-device time rule is not enough for
// this: a redelivered run of three or more old records of one device looks like a clock that went
// back and stayed back, and would be re-anchored and counted again (found by tests/serve).
// Kept in the snapshot and rebuilt from the write-ahead log, so it survives the crash it is for.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace pb::serve {

// FNV-1a 64 over topic, a NUL, payload.
std::uint64_t MessageHash(std::string_view topic, std::string_view payload);

class RecentMessages {
 public:
  explicit RecentMessages(std::size_t capacity) : capacity_(capacity) {}
  bool Contains(std::uint64_t hash) const { return set_.count(hash) > 0; }
  void Add(std::uint64_t hash);
  std::vector<std::uint64_t> List() const { return {order_.begin(), order_.end()}; }  // oldest first
  void Load(const std::vector<std::uint64_t>& hashes);
  std::size_t size() const { return order_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_set<std::uint64_t> set_;
  std::deque<std::uint64_t> order_;
};

}  // namespace pb::serve
