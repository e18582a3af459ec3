// Unit conversions used where field units (profiles, CLI) meet the SI values used inside the
// models. Inside models every quantity is SI: seconds, amperes, volts, joules, coulombs, watts.
// Positive current discharges the battery (docs/notation.md).
#pragma once

namespace pb::units {

inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;
// A year is 365 days throughout powerbudget, as in the published figures we validate against
// (shared/reference/published-figures.md: "1 year = 365 days").
inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kSecondsPerYear = kSecondsPerDay * kDaysPerYear;

inline constexpr double kAmperesPerMilliampere = 1e-3;
inline constexpr double kAmperesPerMicroampere = 1e-6;
inline constexpr double kSecondsPerMillisecond = 1e-3;
inline constexpr double kCoulombsPerMilliampereHour = 3.6;
inline constexpr double kJoulesPerWattHour = 3600.0;
inline constexpr double kWattsPerMilliwatt = 1e-3;
inline constexpr int kBitsPerByte = 8;

constexpr double mA(double milliamperes) { return milliamperes * kAmperesPerMilliampere; }
constexpr double uA(double microamperes) { return microamperes * kAmperesPerMicroampere; }
constexpr double ms(double milliseconds) { return milliseconds * kSecondsPerMillisecond; }
constexpr double mAh_to_C(double milliampere_hours) { return milliampere_hours * kCoulombsPerMilliampereHour; }

}  // namespace pb::units
