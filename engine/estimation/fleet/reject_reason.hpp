// Why a record or a field was rejected, or which rule handled it. Counted per fleet by
// reason (FleetEstimator::counts) so a server sees its data quality at a glance; names are
// stable (docs/estimation.md, "Bad data").
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace pb::engine::estimation {

enum class Reason : std::uint8_t {
  // the record is rejected
  kMalformed,        // a line that does not parse (counted by the readers)
  kMissingDevice,    // no device id
  kBadTimestamp,     // not finite, before 2000 or after 2100
  kDuplicate,        // the same time as the device's last accepted record
  kOutOfOrder,       // older than the device's last accepted record
  kChargingPrimary,  // a primary cell reported charging (status or negative current)
  kNoMeasurement,    // nothing usable left in the record
  kNumericalGuard,   // the update would have made the state non-finite: discarded
  // a field is dropped, the rest of the record is used
  kNonFinite,        // NaN or infinity
  kOutOfRange,       // outside its physical range
  kUnknownUnit,      // a SenML unit that cannot be converted (counted by the reader)
  // handled by rule, the record is used
  kClockJump,        // a gap the reports counter contradicts: the counter wins
  kClockBackwards,   // a device's clock went back and stayed back: time re-anchored
  kCounterReset,     // a cumulative counter went backwards (reboot): restarted
  kBatteryReplaced,  // level or voltage jumped to a fresh cell: the device starts again
  // New reasons go last: this order is the order of a snapshot's counters, and a snapshot of an
  // earlier build holds a prefix of them (those up to kBatteryReplaced).
  // skipped or dropped by a reader, counted by it
  kComment,          // a CSV or line-protocol comment line ('#' first)
  kNoHeader,         // a CSV row after a header without a device or a time column
  kEmptyPack,        // a SenML pack without entries
  kNonNumeric,       // a value that is not a number: SenML vs, vb, vd, s, a string or null v; a
                     // line-protocol string in a telemetry field
  kUnknownResource,  // a SenML entry of a resource the estimator does not use
  // rejected by serve before the estimator
  kDeviceMismatch,   // a record on a device's own topic (telemetry/<p>/<device>) naming another device
  kCount
};

inline constexpr std::size_t kNumReasons = static_cast<std::size_t>(Reason::kCount);

inline constexpr std::array<std::string_view, kNumReasons> kReasonNames = {
    "malformed",     "missing_device", "bad_timestamp", "duplicate",       "out_of_order",
    "charging_primary", "no_measurement", "numerical_guard", "non_finite", "out_of_range",
    "unknown_unit",  "clock_jump",     "clock_backwards", "counter_reset", "battery_replaced",
    "comment",       "no_header",      "empty_pack",      "non_numeric",   "unknown_resource",
    "device_mismatch"};

// A device's quality mask (DeviceState::quality_mask) has a bit for each reason that can reject a
// record or drop a field of it; the readers' and serve's reasons never reach a device.
static_assert(static_cast<std::size_t>(Reason::kBatteryReplaced) < 16, "the quality mask is 16 bits");
static_assert(!kReasonNames.back().empty(), "a name for every reason");

inline std::string_view ReasonName(Reason r) { return kReasonNames[static_cast<std::size_t>(r)]; }

using ReasonCounts = std::array<std::uint64_t, kNumReasons>;

}  // namespace pb::engine::estimation
