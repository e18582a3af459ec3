// Reading a current trace CSV as a stream (PPK2, Otii or plain; trace_columns.hpp) in constant
// memory: the file is read in 1 MiB chunks and each row goes straight to a TraceSink, so a
// trace of hours at 100 kS/s (tens of GB) is never loaded.
//
// Hard errors (TraceError naming the line): no header or an unrecognised one, a row with fewer
// columns than the header needs (truncated), a time that is not a number, a time that does not
// advance. Reported, not fatal (TraceQuality), unless ReaderOptions::strict:
//   bad samples — a current that is empty, text, NaN/inf, or negative beyond the noise limit:
//     dropped, and the analysis does not integrate across them;
//   gaps — a time step longer than gap_factor x the nominal step (from --sample-rate, else
//     the median of the first 16 steps): nothing is integrated across a gap.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "engine/option_range.hpp"
#include "engine/trace/trace_columns.hpp"
#include "engine/trace/trace_sink.hpp"

namespace pb::engine::trace {

// The options' allowed ranges (Validate(), the CLI's --sample-rate and --negative-limit-uA of
// trace and compare). Bench analysers sample at up to a few MS/s; a negative reading beyond an
// ampere is no noise.
inline constexpr NumericRange kSampleRateRange_Hz{0.0, 1e9, true, false, false, "Hz"};
inline constexpr NumericRange kNegativeLimitRange_A{0.0, 1.0, false, false, false, "A"};

struct ReaderOptions {
  std::optional<double> sample_rate_Hz;  // nominal rate; else estimated
  double gap_factor = 1.5;
  // Analysers read slightly negative currents at zero load; below -negative_limit_A a sample
  // is bad (a range-switch glitch or a reversed probe), not noise.
  double negative_limit_A = 5e-6;
  bool strict = false;                   // the first bad sample or gap is an error
  std::size_t max_reported = 10;         // first line numbers kept per kind of issue
  void Validate() const;  // throws ProfileError naming the option and its allowed range
};

struct TraceIssue {
  std::uint64_t line = 0;
  std::string what;
};

struct TraceQuality {
  std::string source;
  TraceColumns columns;
  std::uint64_t lines = 0;    // including the header
  std::uint64_t rows = 0;     // data rows
  std::uint64_t samples = 0;  // good samples passed on
  double first_time_s = 0.0;
  double last_time_s = 0.0;
  double nominal_step_s = 0.0;
  std::uint64_t gap_count = 0;
  double gap_time_s = 0.0;    // missing time: each gap's step less one nominal step
  std::vector<TraceIssue> first_gaps;
  std::uint64_t bad_sample_count = 0;
  std::vector<TraceIssue> first_bad_samples;
};

// `source` names the input in messages (a file name, or "<stdin>").
TraceQuality ReadTrace(std::istream& in, const std::string& source, TraceSink& sink, const ReaderOptions& options = {});
// Throws TraceError when the file cannot be opened.
TraceQuality ReadTraceFile(const std::filesystem::path& file, TraceSink& sink, const ReaderOptions& options = {});

}  // namespace pb::engine::trace
