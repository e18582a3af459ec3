// Reading and analysing a trace in one pass: the reader streams rows into the analyzer.
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_reader.hpp"

namespace pb::engine::trace {

struct TraceReport {
  TraceQuality quality;
  TraceAnalysis analysis;
};

// Throws TraceError for unreadable input, and std::invalid_argument when a marker channel is
// asked for and the trace has no such digital channel.
TraceReport AnalyzeTrace(std::istream& in, const std::string& source, const ReaderOptions& reader,
                         const AnalysisOptions& analysis);
// "-" reads standard input.
TraceReport AnalyzeTraceFile(const std::filesystem::path& file, const ReaderOptions& reader,
                             const AnalysisOptions& analysis);

}  // namespace pb::engine::trace
