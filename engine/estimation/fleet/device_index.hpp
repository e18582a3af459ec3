// Device id -> slot, an open-addressing hash table (linear probing, a multiply-fold hash) that looks up a
// string_view without building a std::string: the ingest loop's only per-record lookup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::engine::estimation {

class DeviceIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // The slot of an id, or kNone.
  std::uint32_t Find(std::string_view id) const { return Find(id, Hash(id)); }
  std::uint32_t Find(std::string_view id, std::uint64_t hash) const;
  // For batches (FleetEstimator::Ingest of a span): a fleet's table and states are far bigger
  // than the cache, so each record's lookup would wait on two or three memory loads in turn.
  // A batch hashes every id and prefetches the table entry first, then takes the slot the hash
  // points at (Candidate, unverified) and prefetches that device's id and state, and only then
  // verifies and applies; the loads overlap instead of queueing.
  void PrefetchEntry(std::uint64_t hash) const;
  // The slot of the first entry with this hash (the id not compared), or kNone.
  std::uint32_t Candidate(std::uint64_t hash) const;
  // Whether slot holds id.
  bool Holds(std::uint32_t slot, std::string_view id) const;
  // Adds an id (not present) as slot ids().size(); returns the slot.
  std::uint32_t Insert(std::string_view id) { return Insert(id, Hash(id)); }
  std::uint32_t Insert(std::string_view id, std::uint64_t hash);
  const std::vector<std::string>& ids() const { return ids_; }
  std::size_t size() const { return ids_.size(); }
  void Clear();

  static std::uint64_t Hash(std::string_view id);

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t slot = kNone;
  };
  void Grow();
  std::vector<Entry> table_;  // power-of-two size, at most half full
  std::vector<std::string> ids_;
};

}  // namespace pb::engine::estimation
