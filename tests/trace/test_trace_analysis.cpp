// Trace analysis against synthetic traces whose truth is known: event charges, the floor
// under drift, gaps and bad samples, grouping and periods, marker segmentation, the
// measured-events profile's lifetime and the model-vs-trace fit.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/budget.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/trace/measured_from_trace.hpp"
#include "engine/trace/trace_fit.hpp"
#include "trace/trace_test_support.hpp"

namespace pb {
namespace {

using test::AnalyzeInMemory;
using test::ReportEvent;
using test::SyntheticEvent;
using test::SyntheticTrace;

engine::DeviceProfile LoadBundled(const std::string& name) {
  engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  return engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / (name + ".json"), options);
}

// Ten minutes at 10 kS/s: a report every 60 s (bursts at 120 mA, reception at 9 mA, a 2 s
// tail at 6 mA) followed by eight paging occasions (3 ms at 5 mA, every 1.28 s); a floor
// drifting from 3 to 4.2 uA with 0.3 uA of noise; a 0.5 s gap in idle time, a gap inside one
// report, and three bad samples (one inside a paging occasion).
SyntheticTrace BusyTrace() {
  SyntheticTrace s;
  s.rate_Hz = 10000.0;
  s.duration_s = 600.0;
  s.floor_A = 3e-6;
  s.floor_drift_A_per_s = 2e-9;
  s.noise_A = 0.3e-6;
  for (int r = 0; r < 10; ++r) {
    const double start = 5.0 + 60.0 * r;
    s.events.push_back(ReportEvent(start, 0.120, 0.009, 0.006, 2.0));
    for (int p = 0; p < 8; ++p) {
      SyntheticEvent paging;
      paging.start_s = start + 4.0 + 1.28 * p;
      paging.segments = {{0.003, 0.005}};
      s.events.push_back(paging);
    }
  }
  s.gaps = {{30.0, 30.5}, {246.0, 246.2}};  // the second cuts the report starting at 245 s
  s.bad_at_s = {100.0, 400.0001, 369.1200};  // 369.12 s: inside a paging occasion of the report at 365 s
  return s;
}

// Analysed once for the tests that look at it from different sides.
const engine::trace::TraceAnalysis& BusyAnalysis() {
  static const engine::trace::TraceAnalysis analysis = AnalyzeInMemory(BusyTrace());
  return analysis;
}

const engine::trace::TraceEvent* EventNear(const engine::trace::TraceAnalysis& a, double start_s) {
  for (const engine::trace::TraceEvent& e : a.events)
    if (std::abs(e.start_s - start_s) < 1e-3) return &e;
  return nullptr;
}

TEST(TraceAnalysis, RecoversEachEventChargeUnderNoiseDriftGapsAndBadSamples) {
  const SyntheticTrace s = BusyTrace();
  const engine::trace::TraceAnalysis& a = BusyAnalysis();
  int checked_reports = 0, checked_paging = 0;
  for (const SyntheticEvent& truth : s.events) {
    const engine::trace::TraceEvent* found = EventNear(a, truth.start_s);
    if (std::abs(truth.start_s - 245.0) < 1e-9 || std::abs(truth.start_s - (365.0 + 4.0 + 1.28 * 0)) < 0.2) {
      // The gap at 246 s cuts this report; the bad sample sits in this paging occasion.
      if (std::abs(truth.start_s - 245.0) < 1e-9) {
        ASSERT_NE(found, nullptr);
        EXPECT_TRUE(found->incomplete);
      }
      continue;
    }
    ASSERT_NE(found, nullptr) << "event at " << truth.start_s << " s not found";
    if (found->incomplete) continue;
    // Stated tolerance: 0.5 % of the true charge (noise 0.3 uA against mA-level events; the
    // floor under the event is part of the event, as the profile format wants).
    EXPECT_NEAR(found->charge_C, truth.Charge_C(), 0.005 * truth.Charge_C()) << "event at " << truth.start_s;
    EXPECT_NEAR(found->duration_s, truth.Duration_s(), 2e-4) << "event at " << truth.start_s;
    (truth.Charge_C() > 1e-3 ? checked_reports : checked_paging)++;
  }
  EXPECT_EQ(checked_reports, 9);
  EXPECT_GE(checked_paging, 78);
  // Paging occasion with the bad sample inside: split or incomplete, never averaged over.
  const engine::trace::TraceEvent* hit = EventNear(a, 369.12);
  if (hit) {
    EXPECT_TRUE(hit->incomplete || hit->duration_s < 0.003);
  }
}

TEST(TraceAnalysis, FloorFollowsDriftAndIdleCurrentIsExact) {
  const SyntheticTrace s = BusyTrace();
  const engine::trace::TraceAnalysis& a = BusyAnalysis();
  // The floor at the end of the trace: 3 uA + 2 nA/s x 600 s = 4.2 uA (window 30 s: within 2 %).
  EXPECT_NEAR(a.floor_A, s.FloorAt(600.0), 0.02 * s.FloorAt(600.0));
  EXPECT_LT(a.floor_min_A, 3.2e-6);
  EXPECT_GT(a.floor_max_A, 4.0e-6);
  EXPECT_NEAR(a.noise_A, s.noise_A, 0.2 * s.noise_A);
  // Idle current: the mean floor over the trace (drift is linear): 3.6 uA within 1 %.
  EXPECT_NEAR(a.idle_current_A, s.FloorAt(300.0), 0.01 * s.FloorAt(300.0));
  // Gaps and bad samples are not integrated: measured time = 600 s - 0.7 s - a few samples.
  EXPECT_NEAR(a.measured_time_s, 600.0 - 0.7, 0.01);
}

TEST(TraceAnalysis, GroupsSimilarEventsAndFindsThePeriod) {
  const engine::trace::TraceAnalysis& a = BusyAnalysis();
  ASSERT_GE(a.groups.size(), 2u);
  const engine::trace::EventGroup& reports = a.groups[0];
  EXPECT_EQ(reports.name, "every_60s");
  EXPECT_TRUE(reports.regular);
  EXPECT_NEAR(reports.period_s, 60.0, 1e-3);
  EXPECT_EQ(reports.count, 9u);  // 10 reports less the one the gap cuts (its loss leaves a double interval)
  EXPECT_LT(reports.charge_spread_frac, 0.005);
  const engine::trace::EventGroup& paging = a.groups[1];
  EXPECT_FALSE(paging.regular);  // 1.28 s apart, but one long interval per report
  EXPECT_NEAR(paging.median_interval_s, 1.28, 1e-3);
  EXPECT_NEAR(paging.mean_charge_C, 0.003 * 0.005, 0.01 * 0.003 * 0.005);
  // Not regular: its rate is the count over the measured time (8 per 60 s).
  EXPECT_NEAR(paging.period_s, 60.0 / 8.0, 0.2);
}

TEST(TraceAnalysis, AShortSpikeIsNotAnEventAndItsChargeStaysInTheFloor) {
  SyntheticTrace s;
  s.rate_Hz = 1000.0;
  s.duration_s = 60.0;
  s.events.push_back({20.0, {{0.001, 0.010}}});  // one sample
  s.events.push_back({40.0, {{0.010, 0.010}}});  // ten samples
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s);
  ASSERT_EQ(a.event_count, 1u);
  EXPECT_NEAR(a.events[0].start_s, 40.0, 1e-9);
  EXPECT_NEAR(a.total_charge_C, 60.0 * 3e-6 - 0.011 * 3e-6 + 0.011 * 0.010, 1e-9);
  EXPECT_NEAR(a.idle_charge_C + a.events[0].charge_C, a.total_charge_C, 1e-12);
}

TEST(TraceAnalysis, HoldTimeJoinsBurstsIntoOneEvent) {
  SyntheticTrace s;
  s.rate_Hz = 1000.0;
  s.duration_s = 60.0;
  s.events.push_back({10.0, {{0.1, 0.05}, {0.01, 3e-6}, {0.1, 0.05}}});  // a 10 ms dip
  engine::trace::AnalysisOptions joined;
  EXPECT_EQ(AnalyzeInMemory(s, joined).event_count, 1u);
  engine::trace::AnalysisOptions split;
  split.hold_s = 0.005;
  EXPECT_EQ(AnalyzeInMemory(s, split).event_count, 2u);
}

TEST(TraceAnalysis, MarkerChannelSegmentsEvenBelowTheThreshold) {
  SyntheticTrace s;
  s.rate_Hz = 1000.0;
  s.duration_s = 100.0;
  for (int k = 0; k < 4; ++k) {
    SyntheticEvent e{10.0 + 20.0 * k, {{0.5, 2e-6 + 3e-6}}, 0b00001000};  // barely above the floor, D3 high
    s.events.push_back(e);
  }
  engine::trace::AnalysisOptions options;
  options.marker_channel = 3;
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s, options);
  ASSERT_EQ(a.event_count, 4u);
  for (const engine::trace::TraceEvent& e : a.events) {
    EXPECT_NEAR(e.duration_s, 0.5, 1e-9);
    EXPECT_NEAR(e.charge_C, 0.5 * 5e-6, 1e-12);
  }
  EXPECT_EQ(a.segmented_by, "marker D3");
  ASSERT_EQ(a.groups.size(), 1u);
  EXPECT_EQ(a.groups[0].name, "every_20s");
}

TEST(TraceAnalysis, EventAtTheStartAndEndOfTheTraceIsIncomplete) {
  SyntheticTrace s;
  s.rate_Hz = 1000.0;
  s.duration_s = 30.0;
  s.events.push_back({0.0, {{1.0, 0.02}}});
  s.events.push_back({10.0, {{1.0, 0.02}}});
  s.events.push_back({29.5, {{0.5, 0.02}}});
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s);
  ASSERT_EQ(a.event_count, 3u);
  EXPECT_TRUE(a.events[0].incomplete);
  EXPECT_FALSE(a.events[1].incomplete);
  EXPECT_TRUE(a.events[2].incomplete);
  EXPECT_EQ(a.events[0].group, -1);
  EXPECT_EQ(a.events[1].group, 0);
}

// Breaks while the floor is still being estimated (the first window) are replayed in order: an
// event right after a gap is incomplete, a later one is whole.
TEST(TraceAnalysis, GapDuringTheFloorWarmUp) {
  SyntheticTrace s;
  s.rate_Hz = 1000.0;
  s.duration_s = 60.0;
  s.noise_A = 0.1e-6;
  s.events.push_back({5.5, {{0.2, 0.03}}});
  s.events.push_back({10.0, {{0.2, 0.03}}});
  s.gaps = {{5.0, 5.5}};
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s);
  ASSERT_EQ(a.event_count, 2u);
  EXPECT_TRUE(a.events[0].incomplete);
  EXPECT_FALSE(a.events[1].incomplete);
  EXPECT_NEAR(a.events[1].charge_C, 0.2 * 0.03, 1e-3 * 0.2 * 0.03);
  EXPECT_NEAR(a.measured_time_s, 59.5, 1e-6);
}

// The bundled measured example (116.57 mC every hour over a 3.44 uA floor) as a trace: the
// measured-events device built from the analysis gives the same lifetime within 0.5 %.
TEST(TraceAnalysis, MeasuredProfileFromTraceGivesTheSameLifetime) {
  const engine::DeviceProfile reference = LoadBundled("nordic-power-example-measured");
  const auto& measured = std::get<engine::MeasuredDevice>(reference.device);
  ASSERT_EQ(measured.events.size(), 1u);
  const engine::MeasuredEvent& report = measured.events[0];
  const double report_charge_C = report.energy_J / measured.supply_voltage_V;
  SyntheticTrace s;
  s.rate_Hz = 200.0;
  s.duration_s = 4 * 3600.0;
  s.floor_A = measured.floor_current_A;
  s.noise_A = 0.1e-6;
  for (int k = 0; k < 4; ++k) {
    // 10 s: 1 s at a high current, 9 s lower, giving the example's charge in total.
    const double high_A = 0.060;
    s.events.push_back({600.0 + 3600.0 * k, {{1.0, high_A}, {9.0, (report_charge_C - high_A * 1.0) / 9.0}}});
  }
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s);
  ASSERT_EQ(a.groups.size(), 1u);
  EXPECT_NEAR(a.groups[0].period_s, report.period_s, 1e-6);
  EXPECT_NEAR(a.groups[0].mean_charge_C, report_charge_C, 0.002 * report_charge_C);

  engine::DeviceProfile from_trace = reference;
  from_trace.device = engine::trace::MeasuredDeviceFromTrace(a, measured.supply_voltage_V);
  const engine::BudgetResult expected = engine::ComputeBudget(reference);
  const engine::BudgetResult got = engine::ComputeBudget(from_trace);
  EXPECT_NEAR(got.lifetime_s, expected.lifetime_s, 0.005 * expected.lifetime_s);
}

// A trace generated from the mast monitor's own budget: the fit recovers the PSM floor, the
// report's charge, the inactivity tail's length and the report cycle within a few per cent.
TEST(TraceAnalysis, FitRecoversFloorReportChargeAndTailOfAModelledProfile) {
  const engine::DeviceProfile profile = LoadBundled("mast-monitor");
  const engine::BudgetResult model = engine::ComputeBudget(profile);
  auto find = [&](const char* id) -> const engine::ActivityBudget& {
    if (const engine::ActivityBudget* a = model.Find(id)) return *a;
    throw std::runtime_error(std::string("no activity ") + id);
  };
  const double v = model.battery_voltage_V;
  const engine::ActivityBudget& report = find(engine::activity::kReport);
  const engine::ActivityBudget& tail = find(engine::activity::kInactivityTail);
  const double report_C = (report.energy_J_per_event + find(engine::activity::kMcuActive).energy_J_per_event +
                           find(engine::activity::kSensor).energy_J_per_event) / v;
  const double tail_C = tail.energy_J_per_event / v;
  const double floor_A = find(engine::activity::kPsmFloor).energy_J_per_event / find(engine::activity::kPsmFloor).duration_s_per_event / v +
                         units::uA(1.0);  // + the supply's quiescent current

  // The report: twenty bursts at 150 mA with reception at about 10 mA between them, ending on
  // a burst, making up the model's charge; the tail at its mean current. Durations in whole
  // samples (500 S/s: 2 ms).
  const auto whole = [](double seconds) { return std::round(seconds * 500.0) / 500.0; };
  const double report_s = whole(report.duration_s_per_event);
  const double tail_s = whole(tail.duration_s_per_event);
  const double tx_A = 0.150;
  const int bursts = 20;
  const double burst_s = whole((report_C - 0.010 * report_s) / (tx_A - 0.010) / bursts);
  const double rx_s = whole((report_s - bursts * burst_s) / bursts);
  const double rx_A = (report_C - bursts * burst_s * tx_A) / (bursts * rx_s);
  ASSERT_GT(rx_A, 0.0);
  ASSERT_LT(rx_A, 0.040);
  SyntheticTrace s;
  s.rate_Hz = 500.0;
  s.duration_s = 2 * 3600.0 + 400.0;
  s.floor_A = floor_A;
  s.noise_A = 0.2e-6;
  for (int k = 0; k < 3; ++k) {
    SyntheticEvent e;
    e.start_s = 300.0 + 3600.0 * k;
    for (int b = 0; b < bursts; ++b) {
      e.segments.push_back({rx_s, rx_A});
      e.segments.push_back({burst_s, tx_A});
    }
    e.segments.push_back({tail_s, tail_C / tail_s});
    s.events.push_back(e);
  }
  const engine::trace::TraceAnalysis a = AnalyzeInMemory(s);
  const engine::trace::TraceFit fit = engine::trace::FitToProfile(profile, model, a);
  EXPECT_EQ(fit.report_group, "every_3600s");
  auto quantity = [&](const std::string& name) -> const engine::trace::FitQuantity& {
    for (const engine::trace::FitQuantity& q : fit.quantities)
      if (q.name == name) return q;
    throw std::runtime_error("no quantity " + name);
  };
  for (const char* name : {"floor_current_A", "report_charge_C", "inactivity_tail_s", "report_cycle_charge_C",
                           "inactivity_tail_charge_C", "report_period_s"}) {
    const engine::trace::FitQuantity& q = quantity(name);
    EXPECT_TRUE(q.measured) << name;
    EXPECT_NEAR(q.trace, q.model, 0.03 * q.model) << name;
  }
  EXPECT_EQ(fit.events.size(), 3u);
}

}  // namespace
}  // namespace pb
