// Ambient temperature over the year: monthly means with a daily swing, and each month's
// coldest night (for the brown-out check, where the cold night decides).
//
// Daily mean on day d (days since 1 January, fractional): linear interpolation between the
// mid-month means, cyclic over the year (month m's mean applies at its middle). Within a day the
// temperature follows mean + swing·sin(2π·(t − 9 h)/24 h), a minimum before dawn and a maximum in
// the afternoon: only the daily mean and the daily minimum are used by the lifetime simulation.
#pragma once

#include <array>
#include <string>

namespace pb::models::environment {

struct ClimateParams {
  std::string name;
  std::array<double, 12> monthly_mean_degC{};
  std::array<double, 12> daily_swing_degC{};           // half the daily peak-to-peak range
  std::array<double, 12> monthly_coldest_night_degC{};  // a typical month's coldest night
  bool operator==(const ClimateParams&) const = default;
};

// Day of year in [0, 365) for a time since installation, installation at the start of month
// start_month (0 = January).
double DayOfYear(double time_since_installation_s, int start_month);
int MonthOfDay(double day_of_year);

double DailyMean_degC(const ClimateParams& climate, double day_of_year);
double DailySwing_degC(const ClimateParams& climate, double day_of_year);
// The lowest temperature to check a pulse against on that day: the month's coldest night.
double ColdestNight_degC(const ClimateParams& climate, double day_of_year);

// A climate that is the same all year (datasheet conditions, a heated cabinet).
ClimateParams ConstantClimate(double temperature_degC);

}  // namespace pb::models::environment
