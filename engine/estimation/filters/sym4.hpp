// A symmetric 4x4 matrix stored as its upper triangle: the covariance of the per-device filter
// state, 80 bytes in the fleet's store. Plain data, so the public headers of the estimator need no
// linear-algebra library; the filters' algebra on it is in ekf4.hpp (Eigen, not installed).
#pragma once

#include <array>
#include <cstddef>

namespace pb::engine::estimation {

// Upper triangle of a symmetric 4x4 matrix, row by row: 00 01 02 03 11 12 13 22 23 33.
struct Sym4 {
  std::array<double, 10> p{};

  static constexpr int Index(int row, int col) {
    const int r = row < col ? row : col;
    const int c = row < col ? col : row;
    constexpr std::array<int, 4> kRowStart = {0, 4, 7, 9};
    return kRowStart[static_cast<std::size_t>(r)] + (c - r);
  }
  double operator()(int row, int col) const { return p[static_cast<std::size_t>(Index(row, col))]; }
  double& at(int row, int col) { return p[static_cast<std::size_t>(Index(row, col))]; }

  static Sym4 Diagonal(double d0, double d1, double d2, double d3) {
    Sym4 s;
    s.at(0, 0) = d0;
    s.at(1, 1) = d1;
    s.at(2, 2) = d2;
    s.at(3, 3) = d3;
    return s;
  }
  bool operator==(const Sym4&) const = default;
};

}  // namespace pb::engine::estimation
