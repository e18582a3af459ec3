// The extended Kalman filter equations for a 4-state filter with scalar measurements, written
// out on a packed symmetric covariance so that one device's update is ~100 flops with no
// allocation, and a loop over a structure-of-arrays fleet vectorises (engine/estimation/
// fleet_kernel.hpp). tests/estimation/test_ekf4.cpp checks every routine against the same
// equations written with fixed-size Eigen matrices.
//
// Notation (used only inside the estimators):
//   x  state mean (4)                 P  state covariance (4x4, symmetric, stored packed)
//   F  process Jacobian               Q  process noise covariance (diagonal here)
//   H  measurement Jacobian (1x4)     R  measurement noise variance (scalar)
//   y  innovation z - h(x)            S  innovation variance H P H' + R
//   K  Kalman gain P H' / S
// Predict:  x <- f(x),  P <- F P F' + Q
// Update:   x <- x + K y,  P <- P - K S K'   (the symmetric form of (I - K H) P)
#pragma once


#include "engine/estimation/filters/sym4.hpp"
#include <algorithm>
#include <array>
#include <cmath>

namespace pb::engine::estimation {


// Prediction with F = I + f e0' + diag(0, 0, 0, 0): row 0 of F is (1, f1, f2, f3), the other
// rows are the identity (x0 accumulates the others, as charge accumulates drain). Then Q is
// added on the diagonal.
inline void PredictRow0Coupled(Sym4& P, double f1, double f2, double f3, double q0, double q1, double q2, double q3) {
  auto& p = P.p;
  // Column k of P (k = 1..3) gains f·(row k of P) in element (0, k); element (0, 0) gains the
  // quadratic form.
  const double p01 = p[1], p02 = p[2], p03 = p[3];
  const double p11 = p[4], p12 = p[5], p13 = p[6], p22 = p[7], p23 = p[8], p33 = p[9];
  const double a1 = p01 + f1 * p11 + f2 * p12 + f3 * p13;  // (F P)(0,1)
  const double a2 = p02 + f1 * p12 + f2 * p22 + f3 * p23;
  const double a3 = p03 + f1 * p13 + f2 * p23 + f3 * p33;
  const double a0 = p[0] + f1 * p01 + f2 * p02 + f3 * p03;  // (F P)(0,0)
  p[0] = a0 + f1 * a1 + f2 * a2 + f3 * a3 + q0;
  p[1] = a1;
  p[2] = a2;
  p[3] = a3;
  p[4] = p11 + q1;
  p[7] = p22 + q2;
  p[9] = p33 + q3;
}

// Scalar measurement update. Returns the normalised innovation y / sqrt(S) (for gating and
// change detection); leaves x and P unchanged when S is not positive and finite.
inline double ScalarUpdate(std::array<double, 4>& x, Sym4& P, const std::array<double, 4>& H, double y, double R) {
  auto& p = P.p;
  // P H'
  const double ph0 = p[0] * H[0] + p[1] * H[1] + p[2] * H[2] + p[3] * H[3];
  const double ph1 = p[1] * H[0] + p[4] * H[1] + p[5] * H[2] + p[6] * H[3];
  const double ph2 = p[2] * H[0] + p[5] * H[1] + p[7] * H[2] + p[8] * H[3];
  const double ph3 = p[3] * H[0] + p[6] * H[1] + p[8] * H[2] + p[9] * H[3];
  const double S = H[0] * ph0 + H[1] * ph1 + H[2] * ph2 + H[3] * ph3 + R;
  if (!(S > 0.0) || !std::isfinite(S)) return 0.0;
  const double inv_S = 1.0 / S;
  const double k0 = ph0 * inv_S, k1 = ph1 * inv_S, k2 = ph2 * inv_S, k3 = ph3 * inv_S;
  x[0] += k0 * y;
  x[1] += k1 * y;
  x[2] += k2 * y;
  x[3] += k3 * y;
  // P - K S K' = P - (P H')(P H')' / S
  p[0] -= k0 * ph0;
  p[1] -= k0 * ph1;
  p[2] -= k0 * ph2;
  p[3] -= k0 * ph3;
  p[4] -= k1 * ph1;
  p[5] -= k1 * ph2;
  p[6] -= k1 * ph3;
  p[7] -= k2 * ph2;
  p[8] -= k2 * ph3;
  p[9] -= k3 * ph3;
  return y * std::sqrt(inv_S);
}

// Keeps the diagonal positive after many updates in finite precision.
inline void FloorDiagonal(Sym4& P, double min0, double min1, double min2, double min3) {
  P.p[0] = std::max(P.p[0], min0);
  P.p[4] = std::max(P.p[4], min1);
  P.p[7] = std::max(P.p[7], min2);
  P.p[9] = std::max(P.p[9], min3);
}

}  // namespace pb::engine::estimation
