// Interpolation tables for the battery-physics models (capacity derating, open-circuit voltage,
// internal resistance). Piecewise linear between points, held constant beyond the first and last
// point (no extrapolation: a datasheet curve says nothing outside its range, and extrapolating a
// steep end segment can give negative resistances or capacities).
//
//   1-D:  y(x)    = y_i + (y_{i+1} - y_i) (x - x_i) / (x_{i+1} - x_i),   x_i <= x <= x_{i+1}
//   2-D:  v(r, c) = bilinear in (r, c) over the cell that holds (r, c)
//
// Axes must be finite and strictly increasing; a single point is allowed (the quantity then does
// not depend on that axis). Units are those of the caller's names (e.g. rows_degC, values_Ohm).
#pragma once

#include <span>
#include <string>
#include <vector>

namespace pb::models::battery {

// Throws std::invalid_argument naming `what` if xs is empty, not finite or not strictly increasing.
void CheckAxis(std::span<const double> xs, const std::string& what);

double Interpolate1D(std::span<const double> xs, std::span<const double> ys, double x);

struct Table2D {
  std::vector<double> rows;     // first axis, strictly increasing
  std::vector<double> columns;  // second axis, strictly increasing
  std::vector<double> values;   // rows.size() x columns.size(), row-major
  bool operator==(const Table2D&) const = default;
};

// Throws std::invalid_argument naming `what` for bad axes, a size mismatch or non-finite values.
void CheckTable(const Table2D& table, const std::string& what);

double Interpolate2D(const Table2D& table, double row, double column);

}  // namespace pb::models::battery
