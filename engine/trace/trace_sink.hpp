// Where a trace's samples go: the reader (or a generator, or a benchmark) pushes batches of
// strictly increasing times with their currents; Break() says the next sample does not follow
// the previous one (a gap, or a bad sample dropped), so nothing is integrated across it.
#pragma once

#include <cstdint>
#include <span>

namespace pb::engine::trace {

struct SampleBatch {
  std::span<const double> time_s;
  std::span<const double> current_A;
  std::span<const std::uint8_t> bits;  // empty when the trace has no digital channels
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void Samples(const SampleBatch& batch) = 0;
  virtual void Break() = 0;
};

}  // namespace pb::engine::trace
