// Engine options check themselves, so every caller (CLI, serve, C ABI, Python) gets the same
// error naming the option and its range.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "engine/compare/compare.hpp"
#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/fleet_sim/fleet_sim.hpp"
#include "engine/lifetime/monte_carlo.hpp"
#include "engine/lifetime/proof.hpp"
#include "engine/option_range.hpp"
#include "engine/random.hpp"
#include "engine/trace/trace_analysis.hpp"
#include "engine/trace/trace_reader.hpp"
#include "models/units.hpp"

namespace pb {
namespace {

template <typename Options>
std::string ErrorOf(const Options& o) {
  try {
    o.Validate();
  } catch (const engine::ProfileError& e) {
    return e.what();
  }
  return "";
}

TEST(OptionsValidate, LifetimeAndMonteCarloNameTheOption) {
  engine::lifetime::MonteCarloOptions mc;
  EXPECT_EQ(ErrorOf(mc), "");
  mc.devices = 0;
  EXPECT_NE(ErrorOf(mc).find("devices"), std::string::npos);
  mc.devices = 10;
  mc.lifetime.time_step_s = -1.0;
  EXPECT_NE(ErrorOf(mc).find("time_step_s"), std::string::npos);
  engine::lifetime::LifetimeOptions life;
  life.start_month = 12;
  EXPECT_NE(ErrorOf(life).find("start_month"), std::string::npos);
}

TEST(OptionsValidate, EstimatorNamesTheOption) {
  engine::estimation::EstimatorOptions o;
  EXPECT_EQ(ErrorOf(o), "");
  o.coverage_sd_dB = -1.0;
  EXPECT_NE(ErrorOf(o).find("coverage_sd_dB"), std::string::npos);
  o.coverage_sd_dB = 2.0;
  o.brown_out_V = 9.0;
  EXPECT_NE(ErrorOf(o).find("brown_out_V"), std::string::npos);
}

TEST(OptionsValidate, ARangeSaysWhatIsAllowed) {
  using engine::NumericRange;
  EXPECT_EQ((NumericRange{-20.0, 60.0, false, false, false, "dBm"}.Describe()), "-20 to 60 dBm");
  EXPECT_EQ((NumericRange{0.0, 31.0, true, false, false, "days"}.Describe()), "more than 0 and at most 31 days");
  EXPECT_EQ((NumericRange{0.0, 1.0, true, true, false, ""}.Describe()), "more than 0 and less than 1");
  EXPECT_EQ((NumericRange{0.0, 1024.0, false, false, true, ""}.Describe()), "a whole number from 0 to 1024");
  EXPECT_EQ(engine::kSeedRange.Describe(), "a whole number from 0 to 9007199254740991");
  const NumericRange step = engine::lifetime::kTimeStepRange_s;
  EXPECT_EQ(step.InUnit(units::kSecondsPerDay, "days").Describe(), "more than 0 and at most 31 days");
  EXPECT_EQ(engine::lifetime::kStartMonthRange.InUnit(1.0, "", 1.0).Describe(), "a whole number from 1 to 12");
  // NaN and infinities are in no range; whole ranges take no fractions.
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -1.0, 0.0})
    EXPECT_FALSE(step.Contains(bad)) << bad;
  EXPECT_FALSE(engine::lifetime::kThreadsRange.Contains(1.5));
  EXPECT_TRUE(engine::lifetime::kThreadsRange.Contains(1024.0));
  EXPECT_FALSE(engine::lifetime::kThreadsRange.Contains(1025.0));
  try {
    engine::RequireInRange("--x", std::numeric_limits<double>::quiet_NaN(), step);
    ADD_FAILURE() << "NaN accepted";
  } catch (const engine::ProfileError& e) {
    EXPECT_STREQ(e.what(), "--x: must be more than 0 and at most 2678400 s, got nan");
  }
}

// horizon / step is at most kMaxLifetimeSteps; the smallest step the message names passes.
TEST(OptionsValidate, TheStepLimitNamesTheSmallestStepAndItPasses) {
  engine::lifetime::LifetimeOptions o;
  o.horizon_s = 30.0 * units::kSecondsPerYear;
  o.time_step_s = 1e-9 * units::kSecondsPerDay;
  const std::string error = ErrorOf(o);
  EXPECT_EQ(error.rfind("time_step_s: 8.64e-05 s over a horizon of 946080000 s is", 0), 0u) << error;
  EXPECT_NE(error.find("more than the 1000000 allowed: for this horizon the step must be at least 946.08 s"),
            std::string::npos) << error;
  o.time_step_s = 946.08;  // the smallest, as shown
  EXPECT_EQ(ErrorOf(o), "");
  o.time_step_s = 946.0;
  EXPECT_NE(ErrorOf(o), "");
  o.horizon_s = 100.0 * units::kSecondsPerYear;  // the finest step the docs use over the longest horizon
  o.time_step_s = 0.25 * units::kSecondsPerDay;
  EXPECT_EQ(ErrorOf(o), "");
  o.horizon_s = 0.5 * o.time_step_s;  // a horizon shorter than a step is one shorter step
  EXPECT_EQ(ErrorOf(o), "");
}

TEST(OptionsValidate, EveryOptionsStructNamesTheOptionOutOfRange) {
  engine::lifetime::MonteCarloOptions mc;
  mc.threads = 1025;
  EXPECT_NE(ErrorOf(mc).find("threads: must be a whole number from 0 to 1024, got 1025"), std::string::npos);
  engine::lifetime::ProofOptions proof;
  EXPECT_EQ(ErrorOf(proof), "");
  proof.required_fraction = 1.0;
  EXPECT_NE(ErrorOf(proof).find("required_fraction"), std::string::npos);
  proof.required_fraction = 0.99;
  proof.target_s = std::numeric_limits<double>::infinity();
  EXPECT_NE(ErrorOf(proof).find("target_s"), std::string::npos);

  engine::estimation::EstimatorOptions estimator;
  estimator.nrs_power_dBm = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(ErrorOf(estimator).find("nrs_power_dBm: must be -20 to 60 dBm, got nan"), std::string::npos);

  engine::fleet_sim::FleetSimOptions fleet;
  EXPECT_EQ(ErrorOf(fleet), "");
  fleet.faulty_fraction = 2.0;
  EXPECT_NE(ErrorOf(fleet).find("faulty_fraction: must be 0 to 1, got 2"), std::string::npos);
  fleet.faulty_fraction = 0.03;
  fleet.days = 1e-300;
  EXPECT_NE(ErrorOf(fleet).find("days"), std::string::npos);

  engine::trace::AnalysisOptions analysis;
  EXPECT_EQ(ErrorOf(analysis), "");
  analysis.floor_window_s = 1e-300;
  EXPECT_NE(ErrorOf(analysis).find("floor_window_s: must be 1 to 86400 s"), std::string::npos);
  analysis.floor_window_s = 30.0;
  analysis.hold_s = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(ErrorOf(analysis).find("hold_s"), std::string::npos);
  engine::trace::ReaderOptions reader;
  EXPECT_EQ(ErrorOf(reader), "");
  reader.sample_rate_Hz = 0.0;
  EXPECT_NE(ErrorOf(reader).find("sample_rate_Hz"), std::string::npos);

  engine::compare::Thresholds thresholds;
  EXPECT_EQ(ErrorOf(thresholds), "");
  thresholds.max_lifetime_loss_frac = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(ErrorOf(thresholds).find("max_lifetime_loss_frac: must be 0 to 1"), std::string::npos);
}

}  // namespace
}  // namespace pb
