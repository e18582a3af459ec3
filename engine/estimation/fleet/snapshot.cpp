// Snapshot format, version 1 (all integers little-endian, doubles and floats as their IEEE-754
// bit patterns, so restore(snapshot(S)) is bit-identical):
//   "PBES"                magic, 4 bytes
//   u32 version           1
//   u64 fingerprint       Fingerprint(FleetModel): restoring into other parameters is refused
//   u32 reason count      kNumReasons when written; then that many u64 counters (fewer, from
//                         an earlier build, are restored with the reasons it lacked at zero)
//   u64 device count      then per device: u32 id length, id bytes, the DeviceState fields
//                         in declaration order (kStateBytes bytes)
//   u32 CRC-32            (IEEE 802.3, reflected, polynomial 0xEDB88320) of everything before
#include <bit>
#include <cstring>
#include <string>

#include "engine/estimation/fleet/fleet_estimator.hpp"

namespace pb::engine::estimation {
namespace {

static_assert(std::endian::native == std::endian::little, "snapshots are written on little-endian hosts");

constexpr char kMagic[4] = {'P', 'B', 'E', 'S'};
constexpr std::uint32_t kVersion = 1;

std::uint32_t Crc32(const std::uint8_t* data, std::size_t n) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  template <typename T>
  void Put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
    out_.insert(out_.end(), p, p + sizeof(T));
  }
  void Bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), p, p + n);
  }

 private:
  std::vector<std::uint8_t>& out_;
};

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t n) : data_(data), n_(n) {}
  template <typename T>
  T Get() {
    T value;
    Need(sizeof(T));
    std::memcpy(&value, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string_view Text(std::size_t n) {
    Need(n);
    std::string_view s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }
  std::size_t position() const { return pos_; }

 private:
  void Need(std::size_t n) const {
    if (n > n_ - pos_) throw SnapshotError("snapshot truncated at byte " + std::to_string(pos_));
  }
  const std::uint8_t* data_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

// Field by field, so padding never reaches the blob and the layout is the declaration order.
template <typename Io>
void VisitState(Io&& io, DeviceState& s) {
  for (double& v : s.filter.x) io(v);
  for (double& v : s.filter.P.p) io(v);
  io(s.first_time_s);
  io(s.last_time_s);
  io(s.last_level_update_s);
  io(s.last_voltage_update_s);
  io(s.base_drain_A);
  io(s.fota_charge_C);
  io(s.drain_flag_since_s);
  for (ChangeAnchor& a : s.anchors) {
    io(a.time_since_first_s);
    io(a.level_frac);
    io(a.drain_C);
  }
  io(s.temperature_degC);
  io(s.coupling_loss_dB);
  io(s.reports_per_day);
  io(s.fota_per_day);
  io(s.last_level_frac);
  io(s.last_voltage_V);
  io(s.last_current_A);
  io(s.backwards_from_s);
  io(s.last_fota_s);
  io(s.last_reports);
  io(s.last_fota);
  io(s.records_accepted);
  io(s.records_rejected);
  io(s.flags);
  io(s.quality_mask);
  io(s.battery_epoch);
  io(s.drain_cause);
  io(s.bits);
  io(s.backwards_streak);
}

}  // namespace

std::vector<std::uint8_t> FleetEstimator::Snapshot() const {
  std::vector<std::uint8_t> out;
  out.reserve(64 + states_.size() * (sizeof(DeviceState) + 16));
  Writer w(out);
  w.Bytes(kMagic, sizeof kMagic);
  w.Put(kVersion);
  w.Put(fingerprint_);
  w.Put(static_cast<std::uint32_t>(kNumReasons));
  for (std::uint64_t c : counts_) w.Put(c);
  w.Put(static_cast<std::uint64_t>(states_.size()));
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const std::string& id = index_.ids()[i];
    w.Put(static_cast<std::uint32_t>(id.size()));
    w.Bytes(id.data(), id.size());
    DeviceState copy = states_[i];
    VisitState([&w](auto& v) { w.Put(v); }, copy);
  }
  w.Put(Crc32(out.data(), out.size()));
  return out;
}

void FleetEstimator::Restore(std::span<const std::uint8_t> blob) {
  if (blob.size() < sizeof kMagic + 4 + 4) throw SnapshotError("snapshot too short");
  const std::size_t body = blob.size() - 4;
  std::uint32_t stored_crc;
  std::memcpy(&stored_crc, blob.data() + body, 4);
  if (Crc32(blob.data(), body) != stored_crc) throw SnapshotError("snapshot checksum mismatch (damaged or truncated)");
  Reader r(blob.data(), body);
  if (r.Text(4) != std::string_view(kMagic, 4)) throw SnapshotError("not a powerbudget estimation snapshot");
  const auto version = r.Get<std::uint32_t>();
  if (version != kVersion)
    throw SnapshotError("snapshot version " + std::to_string(version) + " not supported (this build reads " +
                        std::to_string(kVersion) + ")");
  if (r.Get<std::uint64_t>() != fingerprint_)
    throw SnapshotError("snapshot was taken with other fleet parameters (profile or options differ)");
  // New reasons are appended (reject_reason.hpp): an earlier build's snapshot has a prefix of
  // today's counters, and the reasons it did not know start at zero. A later build's is refused.
  const auto reasons = r.Get<std::uint32_t>();
  if (reasons > kNumReasons)
    throw SnapshotError("snapshot counts " + std::to_string(reasons) + " reasons, this build knows " + std::to_string(kNumReasons));
  ReasonCounts counts{};
  for (std::uint32_t i = 0; i < reasons; ++i) counts[i] = r.Get<std::uint64_t>();
  const auto devices = r.Get<std::uint64_t>();
  if (devices > body) throw SnapshotError("snapshot device count is implausible");
  DeviceIndex index;
  std::vector<DeviceState, LargeArrayAllocator<DeviceState>> states;
  states.reserve(static_cast<std::size_t>(devices));
  for (std::uint64_t i = 0; i < devices; ++i) {
    const auto length = r.Get<std::uint32_t>();
    const std::string_view id = r.Text(length);
    // An id with a NUL byte cannot be asked for through the C ABI's C strings (its ingest refuses one).
    if (id.empty() || id.find('\0') != std::string_view::npos || index.Find(id) != DeviceIndex::kNone)
      throw SnapshotError("snapshot has an empty or repeated device id, or one with a NUL byte");
    index.Insert(id);
    DeviceState s;
    VisitState([&r](auto& v) { v = r.template Get<std::remove_reference_t<decltype(v)>>(); }, s);
    states.push_back(s);
  }
  if (r.position() != body) throw SnapshotError("snapshot has trailing bytes");
  // Commit only a fully read snapshot.
  index_ = std::move(index);
  states_ = std::move(states);
  counts_ = counts;
}

}  // namespace pb::engine::estimation
