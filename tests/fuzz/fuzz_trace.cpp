// Fuzz target: a current trace as `powerbudget trace FILE` reads it — PPK2, Otii or plain CSV,
// recognised from the header (engine/trace/trace_columns.hpp) — streamed through the reader into
// the analyser, twice: with the default options, and strict with a nominal sample rate and
// marker channel D0 (the paths --strict, --sample-rate and --marker take). A trace that analyses
// then goes where the command's options take it: a measured-events device (--emit-profile), a
// fit against the bundled mast monitor (--profile) and the overlay of its report cycle on the
// trace (--overlay), which reads the trace a second time for the chosen event's samples.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "engine/budget.hpp"
#include "engine/timeline/timeline.hpp"
#include "engine/trace/analyze_trace.hpp"
#include "engine/trace/measured_from_trace.hpp"
#include "engine/trace/overlay.hpp"
#include "engine/trace/trace_fit.hpp"
#include "tests/fuzz/bad_input.hpp"
#include "tests/fuzz/bundled_device.hpp"

namespace {

using namespace pb;
namespace tr = engine::trace;

const std::string kSource = "fuzz.csv";

struct Model {
  engine::BudgetResult budget;
  engine::timeline::Timeline report_cycle;
};

const Model& MastMonitorModel() {
  static const Model model{engine::ComputeBudget(fuzz::MastMonitor()),
                           engine::timeline::BuildTimeline(fuzz::MastMonitor(), engine::timeline::View::kReport)};
  return model;
}

void AnalyseAndUse(const std::string& text, const tr::ReaderOptions& reader, const tr::AnalysisOptions& analysis) {
  std::istringstream in(text);
  const tr::TraceReport report = tr::AnalyzeTrace(in, kSource, reader, analysis);
  static_cast<void>(tr::MeasuredDeviceFromTrace(report.analysis, 3.6));
  const Model& model = MastMonitorModel();
  static_cast<void>(tr::FitToProfile(fuzz::MastMonitor(), model.budget, report.analysis));
  const std::size_t event = tr::ChooseOverlayEvent(model.report_cycle, report.analysis, {}, kSource);
  const auto [from_s, to_s] = tr::OverlayWindow_s(model.report_cycle, report.analysis, event);
  tr::SampleWindow window(from_s, to_s);
  std::istringstream again(text);
  tr::ReadTrace(again, kSource, window, reader);
  static_cast<void>(tr::AlignOverlay(model.report_cycle, report.analysis, event, window));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::ExpectBadInputOnly([&] { AnalyseAndUse(text, {}, {}); });
  fuzz::ExpectBadInputOnly([&] {
    tr::ReaderOptions reader;
    reader.strict = true;
    reader.sample_rate_Hz = 1000.0;
    tr::AnalysisOptions analysis;
    analysis.marker_channel = 0;
    AnalyseAndUse(text, reader, analysis);
  });
  return 0;
}
