// The timeline against the budget: two independent sums of one model. The timeline integrates
// the recorded phases (the procedures' own durations and currents, laid out in time); the budget
// multiplies per-state tallies by currents and rates. They must agree to rounding: the day's
// integral with energy_J_per_day, each activity's parts with its energy, the report cycle's
// connection with report_connection_s.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/errors.hpp"
#include "engine/profile_io/profile_loader.hpp"
#include "engine/timeline/timeline.hpp"

namespace pb {
namespace {

using engine::timeline::BuildTimeline;
using engine::timeline::Timeline;
using engine::timeline::View;

constexpr double kRelative = 1e-6;

engine::DeviceProfile Load(const std::string& name, const std::vector<std::string>& overrides = {}) {
  engine::profile_io::LoadOptions options;
  options.profiles_root = std::filesystem::path(PB_SOURCE_DIR) / "profiles";
  options.overrides = overrides;
  return engine::profile_io::LoadDeviceProfile(engine::profile_io::ResolveDevicePath(name, options.profiles_root),
                                               options);
}

std::string Describe(const std::string& name, const std::vector<std::string>& overrides) {
  std::string text = name;
  for (const std::string& o : overrides) text += " --set " + o;
  return text;
}

struct Case {
  std::string profile;
  std::vector<std::string> overrides;
};

std::vector<Case> ConservationCases() {
  std::vector<Case> cases;
  for (const char* profile : {"mast-monitor", "smart-meter-gateway"}) {
    cases.push_back({profile, {}});
    // RAI honoured, and not sent: the release at once, or the inactivity tail as its own activity.
    cases.push_back({profile, {"network.rrc.release_assistance_supported=true", "reporting.release_assistance=true"}});
    cases.push_back({profile, {"reporting.release_assistance=false"}});
    // PSM off with eDRX: idle paging fills every gap between connections.
    cases.push_back({profile, {"power_saving.psm=false", "power_saving.edrx=true", "power_saving.edrx_cycle_s=81.92",
                               "power_saving.ptw_s=2.56"}});
    for (const char* loss : {"120", "144", "150", "160"})
      cases.push_back({profile, {std::string("coverage.coupling_loss_dB=") + loss}});
  }
  // A rate that is not whole per day (3.43 reports), TAUs between reports, registration lapsing
  // on every report, a firmware update every day, a keep-alive connection.
  cases.push_back({"mast-monitor", {"reporting.interval_s=25200", "power_saving.t3412_s=3600"}});
  cases.push_back({"mast-monitor", {"lwm2m.registration_lifetime_s=1800"}});
  cases.push_back({"mast-monitor", {"fota.interval_days=1"}});
  // Reports further apart than the system information's validity: the budget adds its read to
  // each report's wake (read off the budget's result; the timeline must place the same read).
  cases.push_back({"mast-monitor", {"reporting.interval_s=14400"}});
  cases.push_back({"smart-meter-gateway", {"mqtt.persistent_connection=true", "mqtt.keepalive_s=60"}});
  return cases;
}

TEST(TimelineConservation, TheDaysIntegralIsTheBudgetsEnergyPerDayAndPerActivity) {
  for (const Case& c : ConservationCases()) {
    SCOPED_TRACE(Describe(c.profile, c.overrides));
    engine::DeviceProfile profile;
    try {
      profile = Load(c.profile, c.overrides);
    } catch (const engine::ProfileError& e) {
      ADD_FAILURE() << "the case does not load: " << e.what();
      continue;
    }
    const engine::BudgetResult budget = engine::ComputeBudget(profile);
    const Timeline day = BuildTimeline(profile, View::kDay);
    EXPECT_NEAR(day.duration_s, 86400.0, 1e-6);
    EXPECT_NEAR(day.Energy_J(), budget.energy_J_per_day, kRelative * budget.energy_J_per_day);
    double parts_J = 0.0;
    for (const engine::ActivityBudget& a : budget.breakdown) {
      SCOPED_TRACE(a.activity);
      const double timeline_J = day.ActivityEnergy_J(a.activity);
      EXPECT_NEAR(timeline_J, a.energy_J_per_day, kRelative * a.energy_J_per_day + 1e-12);
      parts_J += timeline_J;
    }
    // Nothing in the timeline that the budget has no activity for.
    EXPECT_NEAR(parts_J, day.Energy_J(), kRelative * day.Energy_J());
  }
}

TEST(TimelineConservation, TheReportCyclesConnectionLastsTheBudgetsReportConnection) {
  for (const Case& c : ConservationCases()) {
    SCOPED_TRACE(Describe(c.profile, c.overrides));
    const engine::DeviceProfile profile = Load(c.profile, c.overrides);
    const engine::BudgetResult budget = engine::ComputeBudget(profile);
    const Timeline cycle = BuildTimeline(profile, View::kReport);
    double connection_s = 0.0;
    for (const auto& s : cycle.segments)
      if (s.activity == engine::activity::kReport) connection_s += s.duration_s;
    EXPECT_NEAR(connection_s, budget.radio->report_connection_s, 1e-9 * budget.radio->report_connection_s);
    EXPECT_NEAR(cycle.duration_s, std::get<engine::ModelledDevice>(profile.device).reporting.interval_s, 1e-6);
    // The report's own energy, whatever rides with it.
    EXPECT_NEAR(cycle.ActivityEnergy_J(engine::activity::kReport), budget.Find(engine::activity::kReport)->energy_J_per_event,
                kRelative * budget.Find(engine::activity::kReport)->energy_J_per_event);
  }
}

TEST(TimelineConservation, TheFotaViewHoldsOneUpdatesEnergy) {
  const engine::DeviceProfile profile = Load("mast-monitor");
  const engine::BudgetResult budget = engine::ComputeBudget(profile);
  const Timeline fota = BuildTimeline(profile, View::kFota);
  const engine::ActivityBudget* a = budget.Find(engine::activity::kFota);
  ASSERT_NE(a, nullptr);
  EXPECT_NEAR(fota.ActivityEnergy_J(engine::activity::kFota), a->energy_J_per_event, kRelative * a->energy_J_per_event);
}

// The comparison can fail: a timeline of a slightly different device does not pass as the budget.
TEST(TimelineConservation, TheComparisonSeesASmallChangeOfTheModel) {
  const engine::BudgetResult budget = engine::ComputeBudget(Load("mast-monitor"));
  const Timeline other = BuildTimeline(Load("mast-monitor", {"coverage.coupling_loss_dB=144.5"}), View::kDay);
  EXPECT_GT(std::abs(other.Energy_J() - budget.energy_J_per_day), 100.0 * kRelative * budget.energy_J_per_day);
}

TEST(Timeline, SegmentsAbutAndCarryTheirLabels) {
  for (View view : {View::kReport, View::kDay, View::kFota}) {
    SCOPED_TRACE(engine::timeline::ViewName(view));
    const Timeline t = BuildTimeline(Load("mast-monitor"), view);
    ASSERT_FALSE(t.segments.empty());
    EXPECT_EQ(t.segments.front().start_s, 0.0);
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
      const auto& s = t.segments[i];
      EXPECT_GT(s.duration_s, 0.0);
      EXPECT_FALSE(s.phase.empty());
      EXPECT_FALSE(s.activity.empty());
      double parts_A = 0.0;
      for (const auto& p : s.parts) parts_A += p.current_A;
      EXPECT_NEAR(parts_A, s.current_A, 1e-12);
      if (i + 1 < t.segments.size()) {
        EXPECT_DOUBLE_EQ(t.segments[i + 1].start_s, s.start_s + s.duration_s);
      }
    }
    EXPECT_NEAR(t.segments.back().start_s + t.segments.back().duration_s, t.duration_s, 1e-6);
  }
}

TEST(Timeline, TheDayMarksItsEventsWhereTheyHappen) {
  const Timeline day = BuildTimeline(Load("mast-monitor"), View::kDay);
  int reports = 0, updates = 0;
  double handshake_share = 0.0, fota_share = 0.0;
  double last_report_s = -1.0, update_s = -1.0;
  for (const auto& e : day.events) {
    if (e.label == "report") {
      ++reports;
      last_report_s = e.start_s;
    }
    if (e.label == "registration update") {
      ++updates;
      update_s = e.start_s;
    }
    if (e.label == "full handshake") handshake_share += e.share_frac;
    if (e.label == "FOTA") fota_share += e.share_frac;
  }
  EXPECT_EQ(reports, 24);
  // The Update rides on the 24th report (the registration lifetime is 24 intervals).
  EXPECT_EQ(updates, 1);
  EXPECT_GT(update_s, last_report_s);
  EXPECT_NEAR(handshake_share, 1.0 / 7.0, 1e-12);  // a full handshake every 7 days
  EXPECT_NEAR(fota_share, 1.0 / 180.0, 1e-12);     // an update every 180 days
}

TEST(Timeline, TheReportCycleStartsWithTheSensorAndEndsInPsm) {
  const Timeline cycle = BuildTimeline(Load("mast-monitor"), View::kReport);
  EXPECT_EQ(cycle.segments.front().activity, engine::activity::kSensor);
  EXPECT_EQ(cycle.segments.back().activity, engine::activity::kPsmFloor);
  EXPECT_EQ(cycle.events.front().label, "report");
}

TEST(Timeline, BadRequestsNameTheField) {
  try {
    BuildTimeline(Load("smart-meter-gateway"), View::kFota);
    FAIL() << "no FOTA view without FOTA";
  } catch (const engine::ProfileError& e) {
    EXPECT_EQ(e.field(), "/fota/enabled");
  }
  EXPECT_THROW(BuildTimeline(Load("nordic-power-example-measured"), View::kReport), engine::ProfileError);
}

}  // namespace
}  // namespace pb
