#include "engine/trace/trace_analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace pb::engine::trace {

void AnalysisOptions::Validate() const {
  if (threshold_A) RequireInRange("threshold_A", *threshold_A, kThresholdRange_A);
  RequireInRange("hold_s", hold_s, kHoldRange_s);
  RequireInRange("floor_window_s", floor_window_s, kFloorWindowRange_s);
  RequireInRange("high_current_A", high_current_A, kHighCurrentRange_A);
}

TraceAnalyzer::TraceAnalyzer(AnalysisOptions options) : options_(std::move(options)) { options_.Validate(); }

void TraceAnalyzer::Samples(const SampleBatch& batch) {
  const std::size_t n = batch.time_s.size();
  if (n == 0) return;
  const double* t = batch.time_s.data();
  const double* current = batch.current_A.data();
  const std::uint8_t* bits = batch.bits.empty() ? nullptr : batch.bits.data();
  if (!any_sample_) {
    any_sample_ = true;
    first_time_s_ = t[0];
    warmup_start_s_ = t[0];
  }
  samples_ += n;
  std::size_t i = 0;
  if (!has_prev_) {
    has_prev_ = true;
    prev_time_s_ = t[0];
    prev_current_A_ = current[0];
    prev_bits_ = bits ? bits[0] : 0;
    i = 1;
  }
  // The hot loop: the previous sample is complete once the next one's time is known.
  for (; i < n; ++i) {
    const double step_s = t[i] - prev_time_s_;
    Process(prev_time_s_, prev_current_A_, step_s, prev_bits_);
    last_step_s_ = step_s;
    prev_time_s_ = t[i];
    prev_current_A_ = current[i];
    prev_bits_ = bits ? bits[i] : 0;
  }
  last_time_s_ = prev_time_s_;
}

void TraceAnalyzer::Break() {
  if (has_prev_) Process(prev_time_s_, prev_current_A_, last_step_s_, prev_bits_);
  has_prev_ = false;
  if (warming_) {
    deferred_.push_back({0.0, 0.0, -1.0, 0, false});
    segment_first_ = true;
  } else {
    BreakClassified();
  }
}

void TraceAnalyzer::BreakClassified() {
  // An event open at a break lost its end (or its middle): keep it, marked incomplete, unless
  // the current had already dropped below the threshold.
  if (in_event_) CloseEvent(pending_time_s_ == 0.0);
  segment_first_ = true;
}

inline void TraceAnalyzer::Process(double time_s, double current_A, double weight_s, std::uint8_t bits) {
  total_charge_C_ += current_A * weight_s;
  measured_time_s_ += weight_s;
  block_sum_A_ += current_A;
  block_sum_sq_A2_ += current_A * current_A;
  if (++block_n_ == kBlockSamples) PushBlock(time_s + weight_s);
  if (warming_) {
    deferred_.push_back({time_s, current_A, weight_s, bits, segment_first_});
    segment_first_ = false;
    if (deferred_.size() >= kWarmupSamples || time_s + weight_s - warmup_start_s_ >= options_.floor_window_s) EndWarmup();
    return;
  }
  Classify(time_s, current_A, weight_s, bits, segment_first_);
  segment_first_ = false;
}

inline void TraceAnalyzer::Classify(double time_s, double current_A, double weight_s, std::uint8_t bits,
                                    bool segment_first) {
  const bool active = options_.marker_channel ? ((bits >> *options_.marker_channel) & 1u) != 0 : current_A > level_A_;
  if (!in_event_) {
    if (!active) {
      idle_charge_C_ += current_A * weight_s;
      idle_time_s_ += weight_s;
      return;
    }
    StartEvent(time_s, segment_first);
  }
  if (active) {
    event_.charge_C += pending_charge_C_ + current_A * weight_s;
    pending_charge_C_ = 0.0;
    pending_time_s_ = 0.0;
    event_end_s_ = time_s + weight_s;
    ++event_above_;
    if (current_A > event_.peak_A) event_.peak_A = current_A;
    if (current_A > options_.high_current_A) {
      event_.last_high_s = event_end_s_ - event_.start_s;
      event_.charge_to_last_high_C = event_.charge_C;
    }
  } else {
    pending_charge_C_ += current_A * weight_s;
    pending_time_s_ += weight_s;
    if (options_.marker_channel || time_s + weight_s - event_end_s_ >= options_.hold_s) CloseEvent(false);
  }
}

void TraceAnalyzer::StartEvent(double time_s, bool incomplete) {
  in_event_ = true;
  event_ = TraceEvent{};
  event_.start_s = time_s;
  event_.floor_A = floor_A_;
  event_.incomplete = incomplete;
  event_end_s_ = time_s;
  event_above_ = 0;
  pending_charge_C_ = 0.0;
  pending_time_s_ = 0.0;
}

void TraceAnalyzer::CloseEvent(bool incomplete) {
  in_event_ = false;
  event_.duration_s = event_end_s_ - event_.start_s;
  if (!options_.marker_channel && event_above_ < options_.min_event_samples) {
    idle_charge_C_ += event_.charge_C;  // noise: back to the floor
    idle_time_s_ += event_.duration_s;
  } else {
    event_.incomplete = event_.incomplete || incomplete;
    event_.excess_charge_C = event_.charge_C - event_.floor_A * event_.duration_s;
    ++event_count_;
    if (events_.size() < options_.max_events) events_.push_back(event_);
    else truncated_ = true;
  }
  idle_charge_C_ += pending_charge_C_;
  idle_time_s_ += pending_time_s_;
  pending_charge_C_ = 0.0;
  pending_time_s_ = 0.0;
}

namespace {

double MedianOf(double* values, std::size_t n) {
  std::nth_element(values, values + n / 2, values + n);
  double median = values[n / 2];
  if (n % 2 == 0) median = 0.5 * (median + *std::max_element(values, values + n / 2));
  return median;
}

}  // namespace

void TraceAnalyzer::PushBlock(double end_s) {
  const double n = static_cast<double>(block_n_);
  const double mean = block_sum_A_ / n;
  const double variance = std::max(0.0, block_sum_sq_A2_ / n - mean * mean);
  block_sum_A_ = 0.0;
  block_sum_sq_A2_ = 0.0;
  block_n_ = 0;
  block_means_A_[blocks_] = mean;
  block_sigmas_A_[blocks_] = std::sqrt(variance);
  if (++blocks_ == kBlocksPerSuper) PushSuperBlock(end_s);
}

void TraceAnalyzer::PushSuperBlock(double end_s) {
  const double mean = MedianOf(block_means_A_, blocks_);
  const double sigma = MedianOf(block_sigmas_A_, blocks_);
  blocks_ = 0;
  // A monotonic queue: the front is the window's minimum.
  while (!window_.empty() && window_.back().mean_A >= mean) window_.pop_back();
  window_.push_back({end_s, mean, sigma});
  // The window does not slide during an event (nor during warm-up, which is one window), so
  // a long event cannot become its own floor.
  if (!in_event_ && !warming_)
    while (window_.size() > 1 && window_.front().end_s < end_s - options_.floor_window_s) window_.pop_front();
  if (window_.size() > kMaxWindowBlocks) window_.pop_front();
  UpdateFloor();
}

void TraceAnalyzer::UpdateFloor() {
  floor_A_ = window_.front().mean_A;
  noise_A_ = window_.front().sigma_A;
  threshold_A_ = options_.threshold_A ? *options_.threshold_A
                                      : std::max(options_.min_threshold_A, options_.threshold_sigma * noise_A_);
  level_A_ = floor_A_ + threshold_A_;
  if (warming_) return;
  if (!floor_known_) {
    floor_known_ = true;
    floor_min_A_ = floor_max_A_ = floor_A_;
  }
  floor_min_A_ = std::min(floor_min_A_, floor_A_);
  floor_max_A_ = std::max(floor_max_A_, floor_A_);
}

void TraceAnalyzer::EndWarmup() {
  if (window_.empty()) {
    // A trace shorter than one super-block: the blocks there are (or the partial one) give
    // the best floor there is.
    if (blocks_ == 0 && block_n_ > 0) PushBlock(last_time_s_);
    if (blocks_ > 0) PushSuperBlock(last_time_s_);
  }
  warming_ = false;
  if (!window_.empty()) UpdateFloor();
  std::vector<Deferred> deferred;
  deferred.swap(deferred_);
  const bool next_is_first = segment_first_;  // the replay's breaks must not change it
  for (const Deferred& d : deferred) {
    if (d.weight_s < 0.0) BreakClassified();
    else Classify(d.time_s, d.current_A, d.weight_s, d.bits, d.segment_first);
  }
  segment_first_ = next_is_first;
}

TraceAnalysis TraceAnalyzer::Finish() {
  if (has_prev_) Process(prev_time_s_, prev_current_A_, last_step_s_, prev_bits_);
  has_prev_ = false;
  if (warming_) EndWarmup();
  // The trace's end cuts an event that was still above the threshold.
  if (in_event_) CloseEvent(pending_time_s_ == 0.0);

  TraceAnalysis a;
  a.segmented_by = options_.marker_channel ? "marker D" + std::to_string(*options_.marker_channel) : "threshold";
  a.samples = samples_;
  a.first_time_s = first_time_s_;
  a.last_time_s = last_time_s_;
  a.measured_time_s = measured_time_s_;
  a.total_charge_C = total_charge_C_;
  a.average_current_A = measured_time_s_ > 0.0 ? total_charge_C_ / measured_time_s_ : 0.0;
  a.floor_A = floor_A_;
  a.floor_min_A = floor_known_ ? floor_min_A_ : floor_A_;
  a.floor_max_A = floor_known_ ? floor_max_A_ : floor_A_;
  a.noise_A = noise_A_;
  a.threshold_A = threshold_A_;
  a.idle_time_s = idle_time_s_;
  a.idle_charge_C = idle_charge_C_;
  a.idle_current_A = idle_time_s_ > 0.0 ? idle_charge_C_ / idle_time_s_ : floor_A_;
  a.event_count = event_count_;
  a.events_truncated = truncated_;
  a.events = std::move(events_);
  a.groups = GroupEvents(a.events, options_, measured_time_s_);
  return a;
}

}  // namespace pb::engine::trace
