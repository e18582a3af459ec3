// Device id -> slot, an open-addressing hash table (linear probing, FNV-1a) that looks up a
// string_view without building a std::string: the ingest loop's only per-record lookup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::estimation {

class DeviceIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // The slot of an id, or kNone.
  std::uint32_t Find(std::string_view id) const;
  // Adds an id (not present) as slot ids().size(); returns the slot.
  std::uint32_t Insert(std::string_view id);
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

}  // namespace pb::estimation
