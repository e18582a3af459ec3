#include "models/battery/table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pb::models::battery {
namespace {

// Index i of the segment [xs[i], xs[i+1]] holding x and the weight of xs[i+1]; x is clamped.
struct Segment {
  std::size_t index;
  double weight;
};

Segment Locate(std::span<const double> xs, double x) {
  if (xs.size() == 1 || x <= xs.front()) return {0, 0.0};
  if (x >= xs.back()) return {xs.size() - 2, 1.0};
  const auto upper = std::upper_bound(xs.begin(), xs.end(), x);
  const std::size_t i = static_cast<std::size_t>(upper - xs.begin()) - 1;
  return {i, (x - xs[i]) / (xs[i + 1] - xs[i])};
}

}  // namespace

void CheckAxis(std::span<const double> xs, const std::string& what) {
  if (xs.empty()) throw std::invalid_argument(what + ": axis has no points");
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i])) throw std::invalid_argument(what + ": axis point is not finite");
    if (i > 0 && !(xs[i] > xs[i - 1])) throw std::invalid_argument(what + ": axis is not strictly increasing");
  }
}

double Interpolate1D(std::span<const double> xs, std::span<const double> ys, double x) {
  const Segment s = Locate(xs, x);
  if (xs.size() == 1) return ys[0];
  return ys[s.index] + s.weight * (ys[s.index + 1] - ys[s.index]);
}

void CheckTable(const Table2D& table, const std::string& what) {
  CheckAxis(table.rows, what + " (rows)");
  CheckAxis(table.columns, what + " (columns)");
  if (table.values.size() != table.rows.size() * table.columns.size())
    throw std::invalid_argument(what + ": expected " + std::to_string(table.rows.size() * table.columns.size()) +
                                " values, got " + std::to_string(table.values.size()));
  for (double v : table.values)
    if (!std::isfinite(v)) throw std::invalid_argument(what + ": value is not finite");
}

double Interpolate2D(const Table2D& table, double row, double column) {
  const std::size_t n = table.columns.size();
  const Segment r = Locate(table.rows, row);
  const Segment c = Locate(table.columns, column);
  const std::size_t r1 = table.rows.size() == 1 ? r.index : r.index + 1;
  const std::size_t c1 = n == 1 ? c.index : c.index + 1;
  auto at = [&](std::size_t i, std::size_t j) { return table.values[i * n + j]; };
  const double low = at(r.index, c.index) + c.weight * (at(r.index, c1) - at(r.index, c.index));
  const double high = at(r1, c.index) + c.weight * (at(r1, c1) - at(r1, c.index));
  return low + r.weight * (high - low);
}

}  // namespace pb::models::battery
