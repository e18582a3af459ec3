#include "engine/lifetime/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "engine/random.hpp"

namespace pb::engine::lifetime {
namespace {

std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9, then
// one Newton step on erfc).
double NormalQuantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = NormalCdf(x) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 seeder(SplitMix64::MemberSeed(seed, stream));
  for (std::uint64_t& s : s_) s = seeder.Next();
}

std::uint64_t Rng::Next() {
  const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform01() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }

double Rng::StandardNormal() {
  // Box-Muller with our own uniforms: identical on every standard library.
  const double u1 = Uniform01(), u2 = Uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double Sample(const Distribution& d, Rng& rng) {
  switch (d.kind) {
    case DistributionKind::kNormal:
      if (d.sd <= 0.0) return std::clamp(d.mean, d.min, d.max);
      // Inverse-CDF sampling inside the truncation: exact, and one draw per sample.
      return Quantile(d, rng.Uniform01());
    case DistributionKind::kUniform: return d.min + (d.max - d.min) * rng.Uniform01();
    case DistributionKind::kTriangular: return Quantile(d, rng.Uniform01());
    case DistributionKind::kDiscrete: return Quantile(d, rng.Uniform01());
  }
  return d.mean;
}

double Quantile(const Distribution& d, double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("quantile probability must be in (0, 1)");
  switch (d.kind) {
    case DistributionKind::kNormal: {
      if (d.sd <= 0.0) return std::clamp(d.mean, d.min, d.max);
      const double lo = NormalCdf((d.min - d.mean) / d.sd), hi = NormalCdf((d.max - d.mean) / d.sd);
      const double q = std::clamp(lo + p * (hi - lo), 1e-15, 1.0 - 1e-15);
      return std::clamp(d.mean + d.sd * NormalQuantile(q), d.min, d.max);
    }
    case DistributionKind::kUniform: return d.min + p * (d.max - d.min);
    case DistributionKind::kTriangular: {
      const double range = d.max - d.min, left = d.mode - d.min;
      if (range <= 0.0) return d.min;
      if (p < left / range) return d.min + std::sqrt(p * range * left);
      return d.max - std::sqrt((1.0 - p) * range * (d.max - d.mode));
    }
    case DistributionKind::kDiscrete: {
      const double total = std::accumulate(d.weights.begin(), d.weights.end(), 0.0);
      double cumulative = 0.0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        cumulative += d.weights[i] / total;
        if (p <= cumulative) return d.values[i];
      }
      return d.values.back();
    }
  }
  return d.mean;
}

double Median(const Distribution& d) { return Quantile(d, 0.5); }

}  // namespace pb::engine::lifetime
