// Streaming analysis of a current trace in constant memory: integrates the charge, tracks the
// floor, cuts the trace into events and, at the end, groups similar events.
//
// Floor: the lowest over AnalysisOptions::floor_window_s of the median of sixteen 64-sample block
// means — a robust low statistic: the median ignores short events and spikes, the minimum over
// the window ignores events shorter than the window, and the window follows slow drift. The
// median keeps the minimum from chasing noise (the lowest of thousands of plain block means
// sits several standard errors below the true floor). Until one
// window (at most 2^18 samples) has been seen the samples wait in a bounded buffer, so events
// at the start of a trace are judged against a real floor estimate.
// Events: start when the current exceeds floor + threshold (or a marker channel goes high),
// end after it stays below for hold_s. Each sample i carries the charge I_i·(t_{i+1} − t_i);
// the last sample before a break or the end carries the previous step.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_sink.hpp"

namespace pb::engine::trace {

class TraceAnalyzer final : public TraceSink {
 public:
  explicit TraceAnalyzer(AnalysisOptions options = {});

  void Samples(const SampleBatch& batch) override;
  void Break() override;
  // Closes the last event and groups the events. Call once.
  TraceAnalysis Finish();

 private:
  struct Block {
    double end_s;
    double mean_A;
    double sigma_A;
  };
  struct Deferred {  // a sample waiting for the warm-up's floor estimate; weight < 0: a break
    double time_s;
    double current_A;
    double weight_s;
    std::uint8_t bits;
    bool segment_first;
  };

  void Process(double time_s, double current_A, double weight_s, std::uint8_t bits);
  void Classify(double time_s, double current_A, double weight_s, std::uint8_t bits, bool segment_first);
  void PushBlock(double end_s);
  void PushSuperBlock(double end_s);
  void UpdateFloor();
  void EndWarmup();
  void BreakClassified();
  void StartEvent(double time_s, bool incomplete);
  void CloseEvent(bool incomplete);

  AnalysisOptions options_;
  static constexpr int kBlockSamples = 64;
  static constexpr std::size_t kBlocksPerSuper = 16;
  static constexpr std::size_t kWarmupSamples = std::size_t{1} << 18;
  static constexpr std::size_t kMaxWindowBlocks = std::size_t{1} << 20;

  // The sample waiting for its weight (the next sample's time).
  bool has_prev_ = false;
  double prev_time_s_ = 0.0;
  double prev_current_A_ = 0.0;
  std::uint8_t prev_bits_ = 0;
  double last_step_s_ = 0.0;
  bool segment_first_ = true;

  bool warming_ = true;
  double warmup_start_s_ = 0.0;
  std::vector<Deferred> deferred_;

  double block_sum_A_ = 0.0;
  double block_sum_sq_A2_ = 0.0;
  int block_n_ = 0;
  double block_means_A_[kBlocksPerSuper] = {};
  double block_sigmas_A_[kBlocksPerSuper] = {};
  std::size_t blocks_ = 0;  // in the current super-block
  std::deque<Block> window_;
  double floor_A_ = 0.0;
  double noise_A_ = 0.0;
  double threshold_A_ = 0.0;  // above the floor
  double level_A_ = 0.0;      // floor + threshold
  double floor_min_A_ = 0.0;
  double floor_max_A_ = 0.0;
  bool floor_known_ = false;

  bool in_event_ = false;
  TraceEvent event_;
  double event_end_s_ = 0.0;
  int event_above_ = 0;
  double pending_charge_C_ = 0.0;  // below-threshold samples inside the hold time
  double pending_time_s_ = 0.0;

  std::uint64_t samples_ = 0;
  bool any_sample_ = false;
  double first_time_s_ = 0.0;
  double last_time_s_ = 0.0;
  double total_charge_C_ = 0.0;
  double measured_time_s_ = 0.0;
  double idle_charge_C_ = 0.0;
  double idle_time_s_ = 0.0;
  std::uint64_t event_count_ = 0;
  bool truncated_ = false;
  std::vector<TraceEvent> events_;
};

// Groups complete events by charge and duration (leader clustering in time order), gives each
// group its statistics and period, sorts groups by charge per second and names them. Sets
// TraceEvent::group.
std::vector<EventGroup> GroupEvents(std::vector<TraceEvent>& events, const AnalysisOptions& options,
                                    double measured_time_s);

}  // namespace pb::engine::trace
