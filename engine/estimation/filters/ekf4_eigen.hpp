// The packed filter state as fixed-size Eigen matrices, for the Li-ion filter's algebra and the
// tests that check the packed routines of ekf4.hpp against the same equations. Internal: not
// installed, so Eigen is no dependency of the estimator's public headers.
#pragma once

#include <Eigen/Core>

#include "engine/estimation/filters/sym4.hpp"

namespace pb::engine::estimation {

using Vector4 = Eigen::Matrix<double, 4, 1>;
using Matrix4 = Eigen::Matrix<double, 4, 4>;
using Row4 = Eigen::Matrix<double, 1, 4>;

// The packed covariance as an Eigen matrix and back (the filters' algebra).
inline Matrix4 ToMatrix(const Sym4& s) {
  Matrix4 m;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) m(r, c) = s(r, c);
  return m;
}
inline Sym4 FromMatrix(const Matrix4& m) {
  Sym4 s;
  for (int r = 0; r < 4; ++r)
    for (int c = r; c < 4; ++c) s.at(r, c) = 0.5 * (m(r, c) + m(c, r));
  return s;
}

}  // namespace pb::engine::estimation
