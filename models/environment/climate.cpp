#include "models/environment/climate.hpp"

#include <cmath>

#include "models/units.hpp"

namespace pb::models::environment {
namespace {

// Days at which each month starts in a 365-day year.
constexpr std::array<double, 13> kMonthStartDay = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

double MidMonth(int month) { return 0.5 * (kMonthStartDay[month] + kMonthStartDay[month + 1]); }

double Interpolate(const std::array<double, 12>& monthly, double day) {
  // Find the mid-month points around the day, wrapping December → January.
  int next = 0;
  while (next < 12 && MidMonth(next) <= day) ++next;
  const int prev = (next + 11) % 12;
  double prev_day = MidMonth(prev);
  double next_day = next < 12 ? MidMonth(next) : MidMonth(0) + units::kDaysPerYear;
  if (next == 0) prev_day -= units::kDaysPerYear;
  const double t = (day - prev_day) / (next_day - prev_day);
  return monthly[static_cast<std::size_t>(prev)] + t * (monthly[static_cast<std::size_t>(next % 12)] -
                                                        monthly[static_cast<std::size_t>(prev)]);
}

}  // namespace

double DayOfYear(double time_since_installation_s, int start_month) {
  const double day = kMonthStartDay[static_cast<std::size_t>(start_month)] + time_since_installation_s / units::kSecondsPerDay;
  return std::fmod(day, units::kDaysPerYear);
}

int MonthOfDay(double day_of_year) {
  int month = 0;
  while (month < 11 && day_of_year >= kMonthStartDay[static_cast<std::size_t>(month + 1)]) ++month;
  return month;
}

double DailyMean_degC(const ClimateParams& climate, double day_of_year) {
  return Interpolate(climate.monthly_mean_degC, day_of_year);
}

double DailySwing_degC(const ClimateParams& climate, double day_of_year) {
  return Interpolate(climate.daily_swing_degC, day_of_year);
}

double ColdestNight_degC(const ClimateParams& climate, double day_of_year) {
  return climate.monthly_coldest_night_degC[static_cast<std::size_t>(MonthOfDay(day_of_year))];
}

ClimateParams ConstantClimate(double temperature_degC) {
  ClimateParams c;
  c.name = "constant";
  c.monthly_mean_degC.fill(temperature_degC);
  c.daily_swing_degC.fill(0.0);
  c.monthly_coldest_night_degC.fill(temperature_degC);
  return c;
}

}  // namespace pb::models::environment
