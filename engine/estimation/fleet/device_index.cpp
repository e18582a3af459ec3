#include "engine/estimation/fleet/device_index.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pb::engine::estimation {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kCacheLine = 64;
}  // namespace

void* AllocateLarge(std::size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes == 0 ? 1 : bytes, std::align_val_t{kCacheLine});
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without huge pages it is only slower
#endif
  return p;
}

void FreeLarge(void* p, std::size_t bytes) noexcept {
  if (bytes < kHugePage)
    ::operator delete(p, std::align_val_t{kCacheLine});
  else
    std::free(p);
}

// Eight bytes at a time, each word mixed by a multiply and folded (in the manner of wyhash /
// FxHash): ids are short, and this runs for every record.
std::uint64_t DeviceIndex::Hash(std::string_view id) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = id.size() * kMul;
  std::size_t i = 0;
  for (; i + 8 <= id.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, id.data() + i, 8);
    h = (h ^ word) * kMul;
    h ^= h >> 32;
  }
  if (i < id.size()) {
    // The last bytes: as the word that ends the id when the id has one (overlapping the one
    // before, a fixed-size load instead of a memcpy call of 1-7 bytes), else byte by byte.
    std::uint64_t tail = 0;
    if (id.size() >= 8) {
      std::memcpy(&tail, id.data() + id.size() - 8, 8);
    } else {
      for (std::size_t k = 0; k < id.size(); ++k) tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(id[k])) << (8 * k);
    }
    h = (h ^ tail) * kMul;
  }
  return h ^ (h >> 29);
}

namespace {
// Ids are short: a byte loop beats a memcmp call (std::equal on chars becomes one).
bool Same(const std::string& a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char* pa = a.data();
  for (std::size_t i = 0; i < b.size(); ++i)
    if (pa[i] != b[i]) return false;
  return true;
}
}  // namespace

std::uint32_t DeviceIndex::Find(std::string_view id, std::uint64_t h) const {
  if (table_.empty()) return kNone;
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Entry& e = table_[i];
    if (e.slot == kNone) return kNone;
    if (e.hash == h && Same(ids_[e.slot], id)) return e.slot;
  }
}

void DeviceIndex::PrefetchEntry(std::uint64_t hash) const {
  if (!table_.empty()) __builtin_prefetch(&table_[hash & (table_.size() - 1)]);
}

std::uint32_t DeviceIndex::Candidate(std::uint64_t hash) const {
  if (table_.empty()) return kNone;
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Entry& e = table_[i];
    if (e.slot == kNone || e.hash == hash) return e.slot;
  }
}

bool DeviceIndex::Holds(std::uint32_t slot, std::string_view id) const {
  return slot < ids_.size() && Same(ids_[slot], id);
}

std::uint32_t DeviceIndex::Insert(std::string_view id, std::uint64_t h) {
  if ((ids_.size() + 1) * 2 > table_.size()) Grow();
  const auto slot = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace_back(id);
  const std::size_t mask = table_.size() - 1;
  std::size_t i = h & mask;
  while (table_[i].slot != kNone) i = (i + 1) & mask;
  table_[i] = Entry{h, slot};
  return slot;
}

void DeviceIndex::Grow() {
  const std::size_t size = table_.empty() ? 64 : table_.size() * 2;
  std::vector<Entry, LargeArrayAllocator<Entry>> bigger(size);
  const std::size_t mask = size - 1;
  for (const Entry& e : table_) {
    if (e.slot == kNone) continue;
    std::size_t i = e.hash & mask;
    while (bigger[i].slot != kNone) i = (i + 1) & mask;
    bigger[i] = e;
  }
  table_.swap(bigger);
}

void DeviceIndex::Clear() {
  table_.clear();
  ids_.clear();
}

}  // namespace pb::engine::estimation
