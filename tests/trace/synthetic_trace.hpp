// Synthetic current traces with known truth, for the trace tests and the benchmark's twin:
// a floor (with linear drift) plus events made of constant-current segments, Gaussian noise
// from a fixed-seed generator (the same numbers on every platform), gaps (samples left out),
// and bad samples. The true charge of each event is known exactly.
#pragma once

#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/units.hpp"

namespace pb::test {

// xorshift64* and Box-Muller: portable, unlike std::normal_distribution.
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : state_(seed ? seed : 1) {}
  double Uniform() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
  }
  double Gaussian() {
    const double u1 = std::max(Uniform(), 1e-300), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  }

 private:
  std::uint64_t state_;
};

struct Segment {
  double duration_s;
  double current_A;
};

struct SyntheticEvent {
  double start_s;
  std::vector<Segment> segments;
  std::uint8_t marker_bits = 0;  // digital channels high during the event
  double Duration_s() const {
    double d = 0.0;
    for (const Segment& s : segments) d += s.duration_s;
    return d;
  }
  double Charge_C() const {
    double q = 0.0;
    for (const Segment& s : segments) q += s.duration_s * s.current_A;
    return q;
  }
};

struct SyntheticTrace {
  double rate_Hz = 10000.0;
  double duration_s = 10.0;
  double floor_A = 3e-6;
  double floor_drift_A_per_s = 0.0;
  double noise_A = 0.0;
  std::uint64_t seed = 42;
  std::vector<SyntheticEvent> events;           // in time order, not overlapping
  std::vector<std::pair<double, double>> gaps;  // [from, to): no samples
  std::vector<double> bad_at_s;                 // the sample at this time is unusable

  std::uint64_t SampleCount() const { return static_cast<std::uint64_t>(std::llround(duration_s * rate_Hz)); }
  double FloorAt(double t) const { return floor_A + floor_drift_A_per_s * t; }

  // Calls emit(time_s, current_A, bits, bad) for every sample not in a gap. Events are placed
  // on the sample grid: sample k belongs to an event when start <= k/rate < start + duration.
  void Generate(const std::function<void(double, double, std::uint8_t, bool)>& emit) const {
    Noise noise(seed);
    std::size_t next_event = 0, next_gap = 0, next_bad = 0;
    const std::uint64_t n = SampleCount();
    for (std::uint64_t k = 0; k < n; ++k) {
      const double t = static_cast<double>(k) / rate_Hz;
      const double jitter = noise_A > 0.0 ? noise_A * noise.Gaussian() : 0.0;
      while (next_event < events.size() && t >= events[next_event].start_s + events[next_event].Duration_s() - 0.5 / rate_Hz)
        ++next_event;
      double current = FloorAt(t);
      std::uint8_t bits = 0;
      if (next_event < events.size() && t >= events[next_event].start_s - 0.5 / rate_Hz) {
        const SyntheticEvent& e = events[next_event];
        double offset = t - e.start_s + 0.5 / rate_Hz;
        for (const Segment& s : e.segments) {
          if (offset < s.duration_s) {
            current = s.current_A;
            break;
          }
          offset -= s.duration_s;
        }
        bits = e.marker_bits;
      }
      while (next_gap < gaps.size() && t >= gaps[next_gap].second) ++next_gap;
      if (next_gap < gaps.size() && t >= gaps[next_gap].first) continue;
      bool bad = false;
      while (next_bad < bad_at_s.size() && bad_at_s[next_bad] < t - 0.5 / rate_Hz) ++next_bad;
      if (next_bad < bad_at_s.size() && std::abs(bad_at_s[next_bad] - t) <= 0.5 / rate_Hz) bad = true;
      emit(t, current + jitter, bits, bad);
    }
  }

  // A PPK2 export of the trace ("Timestamp(ms),Current(uA),D0-D7"); bad samples as "nan".
  void WritePpk2(const std::string& path) const {
    std::ofstream out(path, std::ios::binary);
    out << "Timestamp(ms),Current(uA),D0-D7\n";
    char line[96];
    Generate([&](double t, double current, std::uint8_t bits, bool bad) {
      char digital[9];
      for (int b = 0; b < 8; ++b) digital[b] = ((bits >> b) & 1) ? '1' : '0';
      digital[8] = 0;
      if (bad) std::snprintf(line, sizeof line, "%.4f,nan,%s\n", units::to_ms(t), digital);
      else std::snprintf(line, sizeof line, "%.4f,%.4f,%s\n", units::to_ms(t), units::to_uA(current), digital);
      out << line;
    });
  }
};

}  // namespace pb::test
