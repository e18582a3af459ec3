// Unit conversions used where field units (profiles, CLI) meet the SI values used inside the
// models. Inside models every quantity is SI: seconds, amperes, volts, joules, coulombs, watts.
// Positive current discharges the battery (docs/notation.md).
#pragma once

namespace pb::units {

inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kHoursPerDay = 24.0;
// A year is 365 days throughout powerbudget, as in the published figures we validate against
// (shared/reference/published-figures.md: "1 year = 365 days").
inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kSecondsPerYear = kSecondsPerDay * kDaysPerYear;

inline constexpr double kAmperesPerMilliampere = 1e-3;
inline constexpr double kAmperesPerMicroampere = 1e-6;
inline constexpr double kAmperesPerNanoampere = 1e-9;
inline constexpr double kSecondsPerMillisecond = 1e-3;
inline constexpr double kSecondsPerMicrosecond = 1e-6;
inline constexpr double kSecondsPerNanosecond = 1e-9;
inline constexpr double kCoulombsPerMilliampereHour = 3.6;
inline constexpr double kJoulesPerWattHour = 3600.0;
inline constexpr double kWattsPerMilliwatt = 1e-3;
inline constexpr double kWattsPerMicrowatt = 1e-6;
inline constexpr double kJoulesPerMillijoule = 1e-3;
inline constexpr double kCoulombsPerMillicoulomb = 1e-3;
inline constexpr int kBitsPerByte = 8;
inline constexpr double kHertzPerKilohertz = 1e3;
inline constexpr double kSquareMetresPerSquareKilometre = 1e6;

constexpr double mA(double milliamperes) { return milliamperes * kAmperesPerMilliampere; }
constexpr double uA(double microamperes) { return microamperes * kAmperesPerMicroampere; }
constexpr double ms(double milliseconds) { return milliseconds * kSecondsPerMillisecond; }
constexpr double mAh_to_C(double milliampere_hours) { return milliampere_hours * kCoulombsPerMilliampereHour; }
constexpr double mJ(double millijoules) { return millijoules * kJoulesPerMillijoule; }
constexpr double mC(double millicoulombs) { return millicoulombs * kCoulombsPerMillicoulomb; }
constexpr double uW(double microwatts) { return microwatts * kWattsPerMicrowatt; }

// SI to field units, for display. Each multiplies by the exact power of ten (x * 1e6 is not
// always x / 1e-6 to the last bit, and outputs are pinned by golden files).
inline constexpr double kMilliPerUnit = 1e3;
inline constexpr double kMicroPerUnit = 1e6;
constexpr double to_mA(double amperes) { return amperes * kMilliPerUnit; }
constexpr double to_uA(double amperes) { return amperes * kMicroPerUnit; }
constexpr double to_ms(double seconds) { return seconds * kMilliPerUnit; }
constexpr double to_mJ(double joules) { return joules * kMilliPerUnit; }
constexpr double to_mC(double coulombs) { return coulombs * kMilliPerUnit; }
constexpr double to_mV(double volts) { return volts * kMilliPerUnit; }
constexpr double to_uW(double watts) { return watts * kMicroPerUnit; }

}  // namespace pb::units
