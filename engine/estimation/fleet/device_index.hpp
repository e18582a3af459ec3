// Device id -> slot, an open-addressing hash table (linear probing, a multiply-fold hash) that looks up a
// string_view without building a std::string: the ingest loop's only per-record lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::engine::estimation {

// Memory for the fleet's big arrays (the index's table and ids, the devices' states): blocks of
// 2 MiB and more are 2 MiB-aligned and asked to be backed by huge pages (madvise; Linux's
// transparent huge pages in their default "madvise" mode), smaller ones 64-byte aligned. A
// record touches a random device: with 4 KiB pages a fleet of a million devices (~320 MB) needs
// a page walk for nearly every table entry, id and state it reads; with 2 MiB pages the TLB
// covers far more of it. A DeviceState (256 bytes) then spans 4 cache lines, not 5.
void* AllocateLarge(std::size_t bytes);
void FreeLarge(void* p, std::size_t bytes) noexcept;

template <class T>
struct LargeArrayAllocator {
  using value_type = T;
  LargeArrayAllocator() = default;
  template <class U>
  LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { FreeLarge(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const LargeArrayAllocator<U>&) const noexcept {
    return true;
  }
};

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
  using Ids = std::vector<std::string, LargeArrayAllocator<std::string>>;
  const Ids& ids() const { return ids_; }
  std::size_t size() const { return ids_.size(); }
  void Clear();

  static std::uint64_t Hash(std::string_view id);

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t slot = kNone;
  };
  void Grow();
  std::vector<Entry, LargeArrayAllocator<Entry>> table_;  // power-of-two size, at most half full
  Ids ids_;
};

}  // namespace pb::engine::estimation
