// The overlay of the model's report cycle on a measured report, against captures made from the
// model's own timeline: with only noise added it must find every phase where the model puts it;
// with one phase lasting longer, the difference must land on that phase and nowhere else. A
// capture with no event is an error that says so (exit 2 from the command).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/budget.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/timeline/timeline.hpp"
#include "engine/trace/overlay.hpp"
#include "engine/trace/trace_error.hpp"
#include "support/run_cli.hpp"
#include "support/scratch_directory.hpp"
#include "trace/trace_test_support.hpp"

namespace pb {
namespace {

using engine::timeline::Timeline;
using test::SyntheticEvent;
using test::SyntheticTrace;

constexpr double kEventStart_s = 5.0;

Timeline MastMonitorCycle() {
  engine::profile_io::LoadOptions options;
  options.profiles_root = std::string(PB_SOURCE_DIR) + "/profiles";
  const engine::DeviceProfile profile =
      engine::profile_io::LoadDeviceProfile(options.profiles_root / "devices" / "mast-monitor.json", options);
  return engine::timeline::BuildTimeline(profile, engine::timeline::View::kReport);
}

double FloorOf(const Timeline& cycle) {
  for (const auto& s : cycle.segments)
    if (s.activity == engine::activity::kPsmFloor) return s.current_A;
  return cycle.segments.back().current_A;
}

// The compared part of the cycle as one event on the model's floor, phase `stretched` longer by
// stretch_s.
SyntheticTrace CaptureOf(const Timeline& cycle, double rate_Hz, double noise_A, std::optional<std::size_t> stretched = {},
                         double stretch_s = 0.0) {
  SyntheticTrace trace;
  trace.rate_Hz = rate_Hz;
  trace.floor_A = FloorOf(cycle);
  trace.noise_A = noise_A;
  SyntheticEvent event;
  event.start_s = kEventStart_s;
  const double span_s = engine::trace::OverlaySpan_s(cycle);
  for (std::size_t i = 0; i < cycle.segments.size() && cycle.segments[i].start_s < span_s; ++i) {
    const auto& s = cycle.segments[i];
    event.segments.push_back({std::min(s.duration_s, span_s - s.start_s) + (stretched == i ? stretch_s : 0.0), s.current_A});
  }
  trace.duration_s = kEventStart_s + event.Duration_s() + 10.0;
  trace.events.push_back(event);
  return trace;
}

struct Aligned {
  engine::trace::TraceAnalysis analysis;
  engine::trace::Overlay overlay;
};

// The command's steps in memory: analyse, choose the event, read its window, align.
Aligned Align(const Timeline& cycle, const SyntheticTrace& trace) {
  Aligned a;
  a.analysis = test::AnalyzeInMemory(trace);
  const std::size_t event = engine::trace::ChooseOverlayEvent(cycle, a.analysis, {}, "synthetic.csv");
  const auto [from_s, to_s] = engine::trace::OverlayWindow_s(cycle, a.analysis, event);
  engine::trace::SampleWindow window(from_s, to_s);
  std::vector<double> time, current;
  trace.Generate([&](double t, double i, std::uint8_t, bool) {
    time.push_back(t);
    current.push_back(i);
  });
  window.Samples({time, current, {}});
  a.overlay = engine::trace::AlignOverlay(cycle, a.analysis, event, window);
  return a;
}

TEST(Overlay, TheModelsOwnCycleWithNoiseShowsNoDifference) {
  const Timeline cycle = MastMonitorCycle();
  constexpr double kRate_Hz = 20000.0;
  const Aligned a = Align(cycle, CaptureOf(cycle, kRate_Hz, 5e-6));
  const double step_s = 1.0 / kRate_Hz;
  ASSERT_FALSE(a.overlay.phases.empty());
  EXPECT_NEAR(a.overlay.event_start_s, kEventStart_s, 2.0 * step_s);
  std::size_t fitted = 0;
  for (const auto& p : a.overlay.phases) {
    SCOPED_TRACE(p.phase + " at " + std::to_string(p.model_start_s) + " s");
    ASSERT_TRUE(p.measured);
    EXPECT_NEAR(p.measured_duration_s, p.model_duration_s, 3.0 * step_s);
    EXPECT_NEAR(p.measured_start_s, p.model_start_s, 3.0 * step_s);
    fitted += p.fitted ? 1 : 0;
  }
  // Most boundaries are steps the overlay finds in the samples, not durations it assumes.
  EXPECT_GT(fitted, a.overlay.phases.size() / 2);
  for (const auto& g : a.overlay.groups) {
    SCOPED_TRACE(g.activity);
    EXPECT_NEAR(g.measured_charge_C, g.model_charge_C, 0.01 * g.model_charge_C + 1e-6);
  }
  EXPECT_NEAR(a.overlay.measured_floor_A, a.overlay.model_floor_A, 1e-6);
}

TEST(Overlay, AStretchedPhaseShowsUpInThatPhase) {
  const Timeline cycle = MastMonitorCycle();
  constexpr double kRate_Hz = 20000.0;
  const double step_s = 1.0 / kRate_Hz;
  // The longest phase of the report whose level differs from both neighbours': both its ends
  // are steps in the capture.
  const double span_s = engine::trace::OverlaySpan_s(cycle);
  std::optional<std::size_t> chosen;
  for (std::size_t i = 1; i + 1 < cycle.segments.size() && cycle.segments[i + 1].start_s < span_s; ++i) {
    const auto& s = cycle.segments[i];
    auto differs = [&](const auto& other) { return std::abs(other.current_A - s.current_A) > 0.1 * s.current_A; };
    if (s.activity == engine::activity::kReport && differs(cycle.segments[i - 1]) && differs(cycle.segments[i + 1]) &&
        (!chosen || s.duration_s > cycle.segments[*chosen].duration_s))
      chosen = i;
  }
  ASSERT_TRUE(chosen.has_value());
  const double stretch_s = 0.5 * cycle.segments[*chosen].duration_s;
  const Aligned a = Align(cycle, CaptureOf(cycle, kRate_Hz, 5e-6, chosen, stretch_s));
  ASSERT_LT(*chosen, a.overlay.phases.size());
  std::size_t largest = 0;
  for (std::size_t i = 0; i < a.overlay.phases.size(); ++i) {
    const auto& p = a.overlay.phases[i];
    const double delta_s = p.measured_duration_s - p.model_duration_s;
    if (std::abs(delta_s) > std::abs(a.overlay.phases[largest].measured_duration_s - a.overlay.phases[largest].model_duration_s))
      largest = i;
    if (i != *chosen) {
      EXPECT_NEAR(delta_s, 0.0, 3.0 * step_s) << p.phase;
    }
  }
  EXPECT_EQ(largest, *chosen) << a.overlay.phases[largest].phase;
  const auto& p = a.overlay.phases[*chosen];
  EXPECT_TRUE(p.fitted);
  EXPECT_NEAR(p.measured_duration_s - p.model_duration_s, stretch_s, 3.0 * step_s);
  EXPECT_NEAR(p.measured_charge_C - p.model_charge_C, stretch_s * cycle.segments[*chosen].current_A,
              0.02 * p.model_charge_C);
}

TEST(Overlay, ACaptureWithNoEventIsAnErrorThatSaysSo) {
  const Timeline cycle = MastMonitorCycle();
  SyntheticTrace floor_only;
  floor_only.rate_Hz = 1000.0;
  floor_only.duration_s = 20.0;
  floor_only.floor_A = FloorOf(cycle);
  floor_only.noise_A = 0.5e-6;
  const engine::trace::TraceAnalysis analysis = test::AnalyzeInMemory(floor_only);
  try {
    engine::trace::ChooseOverlayEvent(cycle, analysis, {}, "floor.csv");
    FAIL() << "no event, no overlay";
  } catch (const engine::trace::TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("floor.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no event"), std::string::npos) << e.what();
  }

  test::ScratchDirectory dir("pb-overlay");
  const std::string file = (dir.path() / "floor.csv").string();
  floor_only.WritePpk2(file);
  const test::CliResult r = test::RunCli("trace " + file + " --overlay mast-monitor", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no event to align the model with"), std::string::npos) << r.out;
}

TEST(Overlay, TheCommandReportsEachPhase) {
  const Timeline cycle = MastMonitorCycle();
  test::ScratchDirectory dir("pb-overlay-cli");
  const std::string file = (dir.path() / "capture.csv").string();
  CaptureOf(cycle, 10000.0, 5e-6).WritePpk2(file);
  const test::CliResult r = test::RunCli("trace " + file + " --overlay mast-monitor --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& overlay = j.at("overlay");
  EXPECT_EQ(overlay.at("profile"), "mast-monitor");
  EXPECT_EQ(overlay.at("event"), 1);
  std::size_t compared = 0;
  for (const auto& s : cycle.segments) compared += s.start_s < engine::trace::OverlaySpan_s(cycle) ? 1 : 0;
  ASSERT_EQ(overlay.at("phases").size(), compared);
  for (const auto& p : overlay.at("phases")) EXPECT_LT(std::abs(p.at("delta_duration_s").get<double>()), 4e-4) << p;
  EXPECT_EQ(test::RunCli("trace " + file + " --overlay mast-monitor --event 7", true).exit_code, 2);
  EXPECT_EQ(test::RunCli("trace - --overlay mast-monitor < " + file, true).exit_code, 2);
}

}  // namespace
}  // namespace pb
