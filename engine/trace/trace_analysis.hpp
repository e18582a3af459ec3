// What the analysis of a current trace finds: the floor current, the events (start, duration,
// charge, peak), groups of similar events with their period, and the trace's quality (gaps,
// bad samples). Results are data; the CLI prints them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/option_range.hpp"
#include "models/units.hpp"

namespace pb::engine::trace {

// The options' allowed ranges (Validate(), the CLI's --threshold-uA, --hold-ms, --floor-window-s
// and --high-threshold-mA of trace and compare). Currents up to 10 A cover every analyser. A
// hold beyond an hour would join a day's reports into one event. The floor window must outlast
// the events it ignores (a report takes seconds; below a second the floor follows the events)
// and is meant to follow the floor's drift (a day at most).
inline constexpr NumericRange kThresholdRange_A{0.0, 10.0, true, false, false, "A"};
inline constexpr NumericRange kHoldRange_s{0.0, 3600.0, false, false, false, "s"};
inline constexpr NumericRange kFloorWindowRange_s{1.0, 86400.0, false, false, false, "s"};
inline constexpr NumericRange kHighCurrentRange_A{0.0, 10.0, true, false, false, "A"};
inline constexpr std::size_t kMaxEventsKept = 1'000'000;

struct AnalysisOptions {
  // Event threshold above the floor. Unset: automatic, max(min_threshold_A, threshold_sigma x
  // the floor's noise), so it follows the floor when the floor drifts.
  std::optional<double> threshold_A;
  double threshold_sigma = 8.0;
  double min_threshold_A = units::uA(1.0);
  // An event ends after the current stays below the threshold this long; shorter dips belong
  // to the event (a report's radio bursts are one event, not one per burst).
  double hold_s = 0.02;
  // The floor is the lowest 64-sample block mean over this window (it tracks slow drift). The
  // window does not slide on during an event, so a long event does not lift the floor.
  double floor_window_s = 30.0;
  // Events with fewer samples above the threshold are noise: their charge stays with the floor.
  int min_event_samples = 2;
  // Segment on a digital channel instead (high = event), e.g. a GPIO the firmware raises
  // around each report.
  std::optional<int> marker_channel;
  // Within an event, the last sample above this current marks the end of the radio's uplink
  // activity: what follows is the RRC inactivity tail (TraceFit). 40 mA is below NB-IoT uplink
  // transmission currents and above connected-mode reception.
  double high_current_A = 0.040;
  // Events kept for listing and grouping; later ones are still counted and integrated.
  std::size_t max_events = kMaxEventsKept;
  // Two events are alike when their charges and durations differ by less than these.
  double group_charge_tolerance_frac = 0.25;
  double group_duration_tolerance_frac = 0.5;
  // A group is regular when every interval between its events is within this (times the
  // median) of a whole number of median intervals, with at most a quarter of them missing.
  double regular_tolerance_frac = 0.1;
  void Validate() const;  // throws ProfileError naming the option and its allowed range
};

struct TraceEvent {
  double start_s = 0.0;
  double duration_s = 0.0;
  double charge_C = 0.0;         // all of the current during the event, floor included
  double excess_charge_C = 0.0;  // above the floor
  double peak_A = 0.0;
  double floor_A = 0.0;          // floor estimate when the event began
  // Offset from the start to the end of the last sample above high_current_A; nothing when
  // no sample is that high. charge_to_last_high_C: the charge up to that point.
  std::optional<double> last_high_s;
  double charge_to_last_high_C = 0.0;
  // Cut by the start or end of the trace, or by a gap or bad sample: its charge is partial.
  bool incomplete = false;
  int group = -1;  // index into TraceAnalysis::groups; -1 for incomplete events
};

struct EventGroup {
  std::string name;  // "every_3600s" for regular groups, else "group_N"
  std::size_t count = 0;
  double mean_charge_C = 0.0;
  double charge_spread_frac = 0.0;  // standard deviation / mean
  double mean_duration_s = 0.0;
  double mean_peak_A = 0.0;
  double median_interval_s = 0.0;   // between consecutive events of the group; 0 with one event
  bool regular = false;             // repeats at the median interval (AnalysisOptions::regular_tolerance_frac)
  // The period that reproduces the group's charge over time: the median interval when
  // regular, else the measured time divided by the count.
  double period_s = 0.0;
  double charge_C_per_s = 0.0;      // mean charge / period: the group's average current
};

struct TraceAnalysis {
  std::string segmented_by;          // "threshold" or "marker D<n>"
  std::uint64_t samples = 0;
  double first_time_s = 0.0;
  double last_time_s = 0.0;
  double measured_time_s = 0.0;      // integrated time: gaps and dropped samples excluded
  double total_charge_C = 0.0;
  double average_current_A = 0.0;    // total charge / measured time
  double floor_A = 0.0;              // floor estimate at the end of the trace
  double floor_min_A = 0.0;          // range of the floor estimate (drift)
  double floor_max_A = 0.0;
  double noise_A = 0.0;              // standard deviation of the current at the floor
  double threshold_A = 0.0;          // event threshold above the floor at the end
  double idle_time_s = 0.0;          // outside kept events
  double idle_charge_C = 0.0;
  double idle_current_A = 0.0;       // idle charge / idle time: the floor a profile needs
  std::uint64_t event_count = 0;     // all events, kept or not
  bool events_truncated = false;     // more than max_events: the list stops there
  std::vector<TraceEvent> events;
  std::vector<EventGroup> groups;    // by charge per second, largest first
};

}  // namespace pb::engine::trace
