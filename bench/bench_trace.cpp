// Trace analysis throughput in samples per second (target: at least 50 M samples/s on
// one core), on a generated in-memory stream: 100 kS/s, a 3 uA floor with noise, a report
// every 10 s (bursts at 120 mA, reception at 9 mA, a 2 s tail at 6 mA) and paging occasions.
// The samples are generated once outside the timed loop; each iteration runs a fresh analyzer
// over all of them in 4096-sample batches, as the reader delivers them, and finishes it
// (grouping included). BM_TraceCsv measures the CSV reader with the analyzer behind it, for
// comparison: parsing text is the slower half when reading files.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "engine/trace/analyze_trace.hpp"
#include "engine/trace/trace_analyzer.hpp"

namespace {

struct Stream {
  std::vector<double> time_s;
  std::vector<double> current_A;
};

const Stream& Generated() {
  static const Stream stream = [] {
    constexpr std::size_t kSamples = std::size_t{1} << 23;  // 84 s at 100 kS/s
    constexpr double kRate_Hz = 100000.0;
    Stream s;
    s.time_s.resize(kSamples);
    s.current_A.resize(kSamples);
    std::uint64_t state = 88172645463325252ULL;
    for (std::size_t k = 0; k < kSamples; ++k) {
      const double t = static_cast<double>(k) / kRate_Hz;
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      const double noise_A = (static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0) - 0.5) * 1e-6;
      const double phase = std::fmod(t, 10.0);
      double current_A = 3e-6;
      if (phase >= 1.0 && phase < 1.8) current_A = std::fmod(phase, 0.2) < 0.05 ? 0.120 : 0.009;
      else if (phase >= 1.8 && phase < 3.8) current_A = 0.006;
      else if (phase >= 4.0 && phase < 9.0 && std::fmod(phase - 4.0, 1.28) < 0.003) current_A = 0.005;
      s.time_s[k] = t;
      s.current_A[k] = current_A + noise_A;
    }
    return s;
  }();
  return stream;
}

void BM_TraceAnalysis(benchmark::State& state) {
  const Stream& s = Generated();
  const std::size_t n = s.time_s.size();
  std::size_t events = 0;
  for (auto _ : state) {
    pb::engine::trace::TraceAnalyzer analyzer;
    for (std::size_t i = 0; i < n; i += 4096) {
      const std::size_t m = std::min<std::size_t>(4096, n - i);
      analyzer.Samples({{s.time_s.data() + i, m}, {s.current_A.data() + i, m}, {}});
    }
    const pb::engine::trace::TraceAnalysis a = analyzer.Finish();
    events = a.event_count;
    benchmark::DoNotOptimize(a.total_charge_C);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_TraceAnalysis)->Unit(benchmark::kMillisecond);

void BM_TraceCsv(benchmark::State& state) {
  const Stream& s = Generated();
  const std::size_t n = std::size_t{1} << 20;
  std::string text = "Timestamp(ms),Current(uA),D0-D7\n";
  char line[64];
  for (std::size_t k = 0; k < n; ++k) {
    std::snprintf(line, sizeof line, "%.2f,%.3f,00000000\n", s.time_s[k] * 1e3, s.current_A[k] * 1e6);
    text += line;
  }
  for (auto _ : state) {
    std::istringstream in(text);
    const pb::engine::trace::TraceReport r = pb::engine::trace::AnalyzeTrace(in, "bench.csv", {}, {});
    benchmark::DoNotOptimize(r.analysis.total_charge_C);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_TraceCsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
