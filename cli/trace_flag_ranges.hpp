// The ranges of the trace flags that trace and compare share, in the flags' units: the engine's
// (engine/trace/, engine/device_profile.hpp), stated there once.
#pragma once

#include "engine/device_profile.hpp"
#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_reader.hpp"
#include "models/units.hpp"

namespace pb::cli {

inline constexpr engine::NumericRange kSampleRateFlagRange = engine::trace::kSampleRateRange_Hz;
inline constexpr engine::NumericRange kThresholdFlagRange =
    engine::trace::kThresholdRange_A.InUnit(units::kAmperesPerMicroampere, "uA");
inline constexpr engine::NumericRange kHoldFlagRange =
    engine::trace::kHoldRange_s.InUnit(units::kSecondsPerMillisecond, "ms");
inline constexpr engine::NumericRange kSupplyVoltageFlagRange = engine::kMeasuredSupplyVoltageRange_V;

}  // namespace pb::cli
