#include "engine/trace/analyze_trace.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "engine/trace/trace_analyzer.hpp"
#include "engine/trace/trace_error.hpp"

namespace pb::engine::trace {

TraceReport AnalyzeTrace(std::istream& in, const std::string& source, const ReaderOptions& reader,
                         const AnalysisOptions& analysis) {
  TraceAnalyzer analyzer(analysis);
  TraceReport report;
  report.quality = ReadTrace(in, source, analyzer, reader);
  if (analysis.marker_channel && *analysis.marker_channel >= report.quality.columns.digital_channels)
    throw std::invalid_argument("--marker D" + std::to_string(*analysis.marker_channel) + ": " + source + " has " +
                                (report.quality.columns.digital_channels == 0
                                     ? std::string("no digital channels")
                                     : std::to_string(report.quality.columns.digital_channels) + " digital channels"));
  report.analysis = analyzer.Finish();
  return report;
}

TraceReport AnalyzeTraceFile(const std::filesystem::path& file, const ReaderOptions& reader,
                             const AnalysisOptions& analysis) {
  if (file == "-") return AnalyzeTrace(std::cin, "<stdin>", reader, analysis);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TraceError(file.string(), 0, "cannot open the trace file");
  return AnalyzeTrace(in, file.string(), reader, analysis);
}

}  // namespace pb::engine::trace
