// Feeding a synthetic trace to the analyzer in memory, as the reader would: batches of good
// samples, and a break at each gap or bad sample.
#pragma once

#include <vector>

#include "engine/trace/trace_analyzer.hpp"
#include "trace/synthetic_trace.hpp"

namespace pb::test {

inline engine::trace::TraceAnalysis AnalyzeInMemory(const SyntheticTrace& synthetic, const engine::trace::AnalysisOptions& options = {}) {
  engine::trace::TraceAnalyzer analyzer(options);
  std::vector<double> time, current;
  std::vector<std::uint8_t> bits;
  double previous_t = -1.0;
  const double step = 1.0 / synthetic.rate_Hz;
  auto flush = [&] {
    analyzer.Samples({time, current, bits});
    time.clear();
    current.clear();
    bits.clear();
  };
  synthetic.Generate([&](double t, double i, std::uint8_t b, bool bad) {
    const bool gap = previous_t >= 0.0 && t - previous_t > 1.5 * step;
    previous_t = t;
    if (gap || bad) {
      flush();
      analyzer.Break();
    }
    if (bad) return;
    time.push_back(t);
    current.push_back(i);
    bits.push_back(b);
    if (time.size() == 4096) flush();
  });
  flush();
  return analyzer.Finish();
}

// A report-like event: radio bursts at transmit current between reception, ending on a
// transmission, then a lower tail (durations are multiples of 1 ms).
inline SyntheticEvent ReportEvent(double start_s, double tx_A, double rx_A, double tail_A, double tail_s) {
  SyntheticEvent e;
  e.start_s = start_s;
  for (int burst = 0; burst < 4; ++burst) {
    e.segments.push_back({0.050, tx_A});
    e.segments.push_back({0.150, rx_A});
  }
  e.segments.push_back({0.020, tx_A});
  if (tail_s > 0.0) e.segments.push_back({tail_s, tail_A});
  return e;
}

}  // namespace pb::test
