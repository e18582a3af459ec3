// Engine options check themselves, so every caller (CLI, serve, C ABI, Python) gets the same
// error naming the option and its range.
#include <gtest/gtest.h>

#include <string>

#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_model.hpp"
#include "engine/lifetime/monte_carlo.hpp"

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

}  // namespace
}  // namespace pb
