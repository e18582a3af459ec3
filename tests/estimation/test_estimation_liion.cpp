// Li-ion state of charge on measured data: CALCE INR18650-20R drive cycles (DST and FUDS at
// 25 degC, DST at 0 degC). Scoring as shared/data/battery/README.md prescribes: start 30
// points wrong (50 % for a cell at 80 %), RMSE after a 600 s burn-in over truth >= 10 %.
// Tolerances: 1.0 % at 25 degC, 2.5 % at 0 degC; a plain 1RC EKF reaches ~0.7 % and
// ~2 % (the README's reference figures); this filter learns R0 online and reaches 0.3-0.7 %.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/estimation/filters/liion_filter.hpp"

namespace pb::engine::estimation {
namespace {

struct Sample {
  double time_s, voltage_V, current_A, soc_frac;
};

const std::string kCalce = std::string(PB_SHARED_DIR) + "/data/battery/calce_inr18650_20r/";

std::vector<Sample> LoadCalce(const std::string& path) {
  std::ifstream in(path);
  std::vector<Sample> samples;
  std::string line;
  std::getline(in, line);  // header: time_s,voltage_V,current_A,soc_percent
  while (std::getline(in, line)) {
    Sample s;
    char comma;
    std::istringstream row(line);
    row >> s.time_s >> comma >> s.voltage_V >> comma >> s.current_A >> comma >> s.soc_frac;
    s.current_A = -s.current_A;  // CALCE logs discharge negative; positive discharges here
    s.soc_frac /= 100.0;
    samples.push_back(s);
  }
  return samples;
}

struct Score {
  double rmse_pct = 0.0, max_pct = 0.0;
  int n = 0;
};

Score ScoreRun(const std::vector<Sample>& data, double temperature_degC, double initial_soc) {
  const LiIonModel model{models::battery::Inr18650_20r(), LiIonNoise{}};
  LiIonState state = LiIonPrior(model, initial_soc, temperature_degC);
  double se = 0.0;
  Score score;
  for (std::size_t k = 0; k < data.size(); ++k) {
    if (k > 0) LiIonPredict(model, state, data[k - 1].current_A, data[k].time_s - data[k - 1].time_s);
    LiIonUpdateVoltage(model, state, data[k].voltage_V, data[k].current_A, temperature_degC);
    if (data[k].time_s - data[0].time_s >= 600.0 && data[k].soc_frac >= 0.10) {
      const double e = state.soc_frac() - data[k].soc_frac;
      se += e * e;
      score.max_pct = std::max(score.max_pct, std::abs(e) * 100.0);
      ++score.n;
    }
  }
  score.rmse_pct = std::sqrt(se / score.n) * 100.0;
  return score;
}

#define REQUIRE_FILE(path)                                                                      \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing shared data file " << (path) \
                                                   << " (the CALCE INR18650-20R set, shared/data/battery)"

TEST(EstimationLiIon, Calce25CDstFrom30PointsWrong) {
  const std::string file = kCalce + "25C/DST_80SOC.csv";
  REQUIRE_FILE(file);
  const Score s = ScoreRun(LoadCalce(file), 25.0, 0.50);
  RecordProperty("rmse_pct", std::to_string(s.rmse_pct));
  std::cout << "25C DST: SOC RMSE " << s.rmse_pct << " %, max " << s.max_pct << " % over " << s.n << " samples\n";
  EXPECT_LE(s.rmse_pct, 1.0);
}

TEST(EstimationLiIon, Calce25CFudsFrom30PointsWrong) {
  // FUDS was not used to identify R1 and tau1 (DST was): a hold-out drive cycle.
  const std::string file = kCalce + "25C/FUDS_80SOC.csv";
  REQUIRE_FILE(file);
  const Score s = ScoreRun(LoadCalce(file), 25.0, 0.50);
  std::cout << "25C FUDS: SOC RMSE " << s.rmse_pct << " %, max " << s.max_pct << " %\n";
  EXPECT_LE(s.rmse_pct, 1.0);
}

TEST(EstimationLiIon, Calce0CDstFrom30PointsWrong) {
  // At 0 degC only the OCV curve is per temperature; R0 doubles and is learnt online.
  const std::string file = kCalce + "0C/DST_80SOC.csv";
  REQUIRE_FILE(file);
  const Score s = ScoreRun(LoadCalce(file), 0.0, 0.50);
  std::cout << "0C DST: SOC RMSE " << s.rmse_pct << " %, max " << s.max_pct << " %\n";
  EXPECT_LE(s.rmse_pct, 2.5);
}

TEST(EstimationLiIon, ConvergesFromAboveToo) {
  const std::string file = kCalce + "25C/DST_80SOC.csv";
  REQUIRE_FILE(file);
  EXPECT_LE(ScoreRun(LoadCalce(file), 25.0, 1.0).rmse_pct, 1.0);  // 20 points high (110 % is not a state)
}

TEST(EstimationLiIon, CoulombCountingAndChargeEfficiency) {
  // No voltage: the prediction alone is coulomb counting; charging stores eta of the charge.
  const LiIonModel model{models::battery::Inr18650_20r(), LiIonNoise{}};
  LiIonState s = LiIonPrior(model, 0.5, 25.0);
  const double capacity_C = model.cell.capacity_C;
  LiIonPredict(model, s, 1.0, 0.1 * capacity_C);  // 10 % out at 1 A
  EXPECT_NEAR(s.soc_frac(), 0.4, 1e-12);
  LiIonPredict(model, s, -1.0, 0.1 * capacity_C);  // 10 % in
  EXPECT_NEAR(s.soc_frac(), 0.4 + 0.1 * model.cell.charge_efficiency_frac, 1e-12);
  // Zero current keeps the charge and lets the RC voltage relax.
  const double soc = s.soc_frac();
  LiIonPredict(model, s, 0.0, 3600.0);
  EXPECT_DOUBLE_EQ(s.soc_frac(), soc);
  EXPECT_NEAR(s.rc_voltage_V(), 0.0, 1e-12);
}

TEST(EstimationLiIon, OcvInversionAndTemperatureInterpolation) {
  const models::battery::LiIonCellParams cell = models::battery::Inr18650_20r();
  for (double soc : {0.1, 0.5, 0.9})
    EXPECT_NEAR(SocFromOpenCircuitVoltage(cell, models::battery::OpenCircuitVoltage_V(cell, soc, 25.0), 25.0), soc, 1e-6);
  const double mid = models::battery::OpenCircuitVoltage_V(cell, 0.5, 12.5);
  EXPECT_NEAR(mid, 0.5 * (models::battery::OpenCircuitVoltage_V(cell, 0.5, 0.0) + models::battery::OpenCircuitVoltage_V(cell, 0.5, 25.0)), 1e-12);
  EXPECT_DOUBLE_EQ(models::battery::OpenCircuitVoltage_V(cell, 0.5, -20.0), models::battery::OpenCircuitVoltage_V(cell, 0.5, 0.0));  // held
}

}  // namespace
}  // namespace pb::engine::estimation
