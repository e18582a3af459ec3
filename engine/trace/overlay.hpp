// A measured capture against the model: one report event of the capture aligned with the
// model's report cycle (engine/timeline/) and compared phase by phase — how long each phase
// lasted and what charge it drew, in the model and in the capture.
//
// Alignment: the model's first phase above the floor (the sensor read, the MCU's work or the
// modem's wake-up) starts at the event's start, the first sample above the floor plus the
// threshold (TraceAnalyzer). Then, phase by phase in order, each phase's end is found where the
// samples change from its level to the next phase's: the split point with the fewest samples on
// the wrong side of the midpoint between the two levels, counting every sample from the phase's
// start to the split and the next phase's span after it, searched from 1/search_factor to
// search_factor times the model's duration. A phase that lasts longer in the capture moves its
// own end; the later phases keep theirs. Where the two levels are too close to tell apart (less
// than min_step_frac of the larger, or min_step_sigmas times the capture's noise) or a phase is
// shorter than two samples, the model's duration is kept and the phase is marked not fitted.
//
// What is compared: the report's phases, what rides inside its connection, the inactivity tail,
// and the idle time after the connection when PSM follows it; the floor separately. Results are
// data; no printing. Charges are from the battery (what a probe on the battery measures);
// energies are charges at the battery's nominal voltage.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/timeline/timeline.hpp"
#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_sink.hpp"

namespace pb::engine::trace {

struct OverlayOptions {
  // Index into TraceAnalysis::events; unset: the complete event whose charge is nearest the
  // model's report (wake-up to the end of its connection).
  std::optional<std::size_t> event;
  double search_factor = 4.0;
  double min_step_frac = 0.05;
  double min_step_sigmas = 4.0;
};

struct OverlayPhase {
  std::string phase;
  std::string activity;  // engine::activity id
  // Times from the aligned start of the model's cycle (the event's start less any model phase
  // below the threshold before it).
  double model_start_s = 0.0;
  double model_duration_s = 0.0;
  double model_charge_C = 0.0;
  double measured_start_s = 0.0;
  double measured_duration_s = 0.0;
  double measured_charge_C = 0.0;
  bool fitted = false;    // its end was found in the samples (else the model's duration is kept)
  bool measured = true;   // false: the capture ends before the phase does
};

// Consecutive phases of one activity.
struct OverlayGroup {
  std::string activity;
  std::size_t first_phase = 0;
  std::size_t phase_count = 0;
  double model_duration_s = 0.0;
  double measured_duration_s = 0.0;
  double model_charge_C = 0.0;
  double measured_charge_C = 0.0;
  bool measured = true;
};

struct Overlay {
  std::string device;
  std::size_t event_index = 0;
  double event_start_s = 0.0;      // in the capture's time
  double aligned_start_s = 0.0;    // the capture time the model's cycle starts at
  double battery_voltage_V = 0.0;  // the model's, for energies
  std::vector<OverlayPhase> phases;
  std::vector<OverlayGroup> groups;
  double model_floor_A = 0.0;     // the model's current in PSM (or its lowest, without PSM)
  double measured_floor_A = 0.0;  // the capture's floor (TraceAnalysis::floor_A)
};

// The samples of one span of the capture, kept in memory (the span of a report, not the capture).
class SampleWindow final : public TraceSink {
 public:
  SampleWindow(double from_s, double to_s) : from_s_(from_s), to_s_(to_s) {}
  void Samples(const SampleBatch& batch) override;
  void Break() override {}
  const std::vector<double>& time_s() const { return time_s_; }
  const std::vector<double>& current_A() const { return current_A_; }

 private:
  double from_s_, to_s_;
  std::vector<double> time_s_, current_A_;
};

// How far after its start the model's report cycle is compared: to the end of the idle time that
// follows the report's connection when PSM follows it, else to the end of the connection.
double OverlaySpan_s(const timeline::Timeline& cycle);

// The event to align with. Throws TraceError naming `source` when the capture has no event, or
// none that is complete, and std::invalid_argument naming --event when options.event is out of
// range or names an incomplete event.
std::size_t ChooseOverlayEvent(const timeline::Timeline& cycle, const TraceAnalysis& analysis,
                               const OverlayOptions& options, const std::string& source);

// The samples to read for the chosen event: [from, to) in the capture's time.
std::pair<double, double> OverlayWindow_s(const timeline::Timeline& cycle, const TraceAnalysis& analysis,
                                          std::size_t event_index);

// Aligns the model's report cycle with the chosen event of the capture, whose samples `window`
// holds (OverlayWindow_s).
Overlay AlignOverlay(const timeline::Timeline& cycle, const TraceAnalysis& analysis, std::size_t event_index,
                     const SampleWindow& window, const OverlayOptions& options = {});

}  // namespace pb::engine::trace
