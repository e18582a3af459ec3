#include "cli/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pb::cli {
namespace {

constexpr double kWidth = 640, kHeight = 360, kLeft = 70, kRight = 20, kTop = 40, kBottom = 50;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

struct Axis {
  double lo, hi;
  double Map(double v, double from, double to) const { return from + (v - lo) / (hi - lo) * (to - from); }
};

// Round-number ticks covering [lo, hi].
std::vector<double> Ticks(double lo, double hi) {
  const double span = hi - lo > 0 ? hi - lo : 1.0;
  const double raw = span / 5.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push_back(t);
  return ticks;
}

std::string Frame(const std::string& title, const std::string& x_label, const std::string& y_label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"22\" font-size=\"15\" text-anchor=\"middle\">{3}</text>\n"
      "<text x=\"{2}\" y=\"{4}\" text-anchor=\"middle\">{5}</text>\n"
      "<text x=\"16\" y=\"{6}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {6})\">{7}</text>\n",
      kWidth, kHeight, kWidth / 2, Escape(title), kHeight - 10, Escape(x_label), (kTop + kHeight - kBottom) / 2,
      Escape(y_label));
}

std::string XAxis(const Axis& x) {
  std::string out = fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n", kLeft,
                                kHeight - kBottom, kWidth - kRight, kHeight - kBottom);
  for (double t : Ticks(x.lo, x.hi)) {
    const double px = x.Map(t, kLeft, kWidth - kRight);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"black\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4:g}</text>\n",
                       px, kHeight - kBottom, kHeight - kBottom + 5, kHeight - kBottom + 18, t);
  }
  return out;
}

std::string YAxis(const Axis& y) {
  std::string out = fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n", kLeft, kTop,
                                kLeft, kHeight - kBottom);
  for (double t : Ticks(y.lo, y.hi)) {
    const double py = y.Map(t, kHeight - kBottom, kTop);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5:g}</text>\n",
                       kLeft, py, kWidth - kRight, kLeft - 5, py + 4, t);
  }
  return out;
}

}  // namespace

std::string HistogramSvg(const std::vector<double>& values, double marker, const std::string& title,
                         const std::string& x_label, const std::string& marker_label) {
  if (values.empty()) return Frame(title, x_label, "devices") + "</svg>\n";
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  Axis x{std::min(*min_it, marker), std::max(*max_it, marker)};
  if (x.hi - x.lo < 1e-9) x.hi = x.lo + 1.0;
  constexpr int kBins = 40;
  std::vector<int> counts(kBins, 0);
  for (double v : values) counts[std::min(kBins - 1, static_cast<int>((v - x.lo) / (x.hi - x.lo) * kBins))]++;
  const Axis y{0.0, static_cast<double>(*std::max_element(counts.begin(), counts.end())) * 1.1};
  std::string svg = Frame(title, x_label, "devices") + YAxis(y) + XAxis(x);
  for (int b = 0; b < kBins; ++b) {
    const double x0 = x.Map(x.lo + (x.hi - x.lo) * b / kBins, kLeft, kWidth - kRight);
    const double x1 = x.Map(x.lo + (x.hi - x.lo) * (b + 1) / kBins, kLeft, kWidth - kRight);
    const double top = y.Map(counts[static_cast<std::size_t>(b)], kHeight - kBottom, kTop);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4a7ab5\"/>\n", x0, top,
                       std::max(0.5, x1 - x0 - 1), kHeight - kBottom - top);
  }
  const double mx = x.Map(marker, kLeft, kWidth - kRight);
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#c0392b\" stroke-width=\"2\" "
                     "stroke-dasharray=\"6 3\"/><text x=\"{3:.1f}\" y=\"{4}\" fill=\"#c0392b\">{5}</text>\n",
                     mx, kTop, kHeight - kBottom, mx + 4, kTop + 12, Escape(marker_label));
  return svg + "</svg>\n";
}

std::string StackedHistogramSvg(const std::vector<HistogramGroup>& groups, double marker, const std::string& title,
                                const std::string& x_label, const std::string& marker_label) {
  double lo = marker, hi = marker;
  std::size_t total = 0;
  for (const HistogramGroup& g : groups)
    for (double v : g.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      ++total;
    }
  if (total == 0) return Frame(title, x_label, "devices") + "</svg>\n";
  Axis x{lo, hi};
  if (x.hi - x.lo < 1e-9) x.hi = x.lo + 1.0;
  constexpr int kBins = 40;
  // counts[g][b]: group g's devices in bin b; the same bins for every group so that they stack.
  std::vector<std::vector<int>> counts(groups.size(), std::vector<int>(kBins, 0));
  std::vector<int> totals(kBins, 0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (double v : groups[g].values) {
      const auto b = static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>((v - x.lo) / (x.hi - x.lo) * kBins)));
      ++counts[g][b];
      ++totals[b];
    }
  // The legend goes into the upper corner above the lower third of the bars, with the headroom
  // it needs there, so that it never hides a bar.
  constexpr int kThird = kBins / 3;
  const int left_max = *std::max_element(totals.begin(), totals.begin() + kThird);
  const int right_max = *std::max_element(totals.end() - kThird, totals.end());
  const bool legend_left = left_max <= right_max;
  const double legend_height = 15.0 * static_cast<double>(groups.size() + 1) + 12.0;
  const double plot_height = kHeight - kTop - kBottom;
  const double tallest = *std::max_element(totals.begin(), totals.end());
  const Axis y{0.0, std::max(tallest * 1.1, std::min(left_max, right_max) / (1.0 - legend_height / plot_height))};
  std::string svg = Frame(title, x_label, "devices") + YAxis(y) + XAxis(x);
  for (int b = 0; b < kBins; ++b) {
    const double x0 = x.Map(x.lo + (x.hi - x.lo) * b / kBins, kLeft, kWidth - kRight);
    const double x1 = x.Map(x.lo + (x.hi - x.lo) * (b + 1) / kBins, kLeft, kWidth - kRight);
    int below = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const int n = counts[g][static_cast<std::size_t>(b)];
      if (n == 0) continue;
      const double bottom = y.Map(below, kHeight - kBottom, kTop);
      const double top = y.Map(below + n, kHeight - kBottom, kTop);
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n", x0, top,
                         std::max(0.5, x1 - x0 - 1), bottom - top, Escape(groups[g].colour));
      below += n;
    }
  }
  const double mx = x.Map(marker, kLeft, kWidth - kRight);
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#c0392b\" stroke-width=\"2\" "
                     "stroke-dasharray=\"6 3\"/>\n",
                     mx, kTop, kHeight - kBottom);
  // Legend: one swatch per group with its count, then the marker.
  double ly = kTop + 8;
  const double lx = legend_left ? kLeft + 10 : kWidth - kRight - 160;
  // A white ground, so that the marker line does not run through the text.
  std::size_t longest = marker_label.size();
  for (const HistogramGroup& g : groups) longest = std::max(longest, g.label.size() + 3 + std::to_string(g.values.size()).size());
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"white\" "
                     "fill-opacity=\"0.85\"/>\n",
                     lx - 4, ly - 4, 25.0 + 7.0 * static_cast<double>(longest), legend_height - 4);
  for (const HistogramGroup& g : groups) {
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"10\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\">{} ({})</text>\n",
                       lx, ly, Escape(g.colour), lx + 17, ly + 9, Escape(g.label), g.values.size());
    ly += 15;
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#c0392b\" stroke-width=\"2\" "
                     "stroke-dasharray=\"6 3\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" fill=\"#c0392b\">{5}</text>\n",
                     lx, ly + 5, lx + 12, lx + 17, ly + 9, Escape(marker_label));
  return svg + "</svg>\n";
}

std::string TornadoSvg(const std::vector<TornadoBar>& bars, double nominal, const std::string& title,
                       const std::string& x_label) {
  double lo = nominal, hi = nominal;
  for (const TornadoBar& b : bars) {
    lo = std::min({lo, b.low, b.high});
    hi = std::max({hi, b.low, b.high});
  }
  if (hi - lo < 1e-9) hi = lo + 1.0;
  const Axis x{lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)};
  constexpr double kLabelWidth = 170;
  std::string svg = Frame(title, x_label, "");
  const double row_height = (kHeight - kTop - kBottom) / static_cast<double>(std::max<std::size_t>(1, bars.size()));
  const double left = kLeft + kLabelWidth - 60;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const TornadoBar& b = bars[i];
    const double y0 = kTop + row_height * static_cast<double>(i) + row_height * 0.2;
    const double xa = x.Map(std::min(b.low, b.high), left, kWidth - kRight);
    const double xb = x.Map(std::max(b.low, b.high), left, kWidth - kRight);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 6, y0 + row_height * 0.45,
                       Escape(b.label));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4a7ab5\"/>\n", xa, y0,
                       std::max(1.0, xb - xa), row_height * 0.6);
  }
  const double nx = x.Map(nominal, left, kWidth - kRight);
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"black\"/>\n", nx, kTop,
                     kHeight - kBottom);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n", left, kHeight - kBottom,
                     kWidth - kRight, kHeight - kBottom);
  for (double t : Ticks(x.lo, x.hi))
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:g}</text>\n",
                       x.Map(t, left, kWidth - kRight), kHeight - kBottom + 18, t);
  return svg + "</svg>\n";
}

std::string LineSvg(const std::vector<double>& xs, const std::vector<double>& ys, const std::string& title,
                    const std::string& x_label, const std::string& y_label, double threshold,
                    const std::string& threshold_label) {
  if (xs.empty() || xs.size() != ys.size()) return Frame(title, x_label, y_label) + "</svg>\n";
  const auto [xmin, xmax] = std::minmax_element(xs.begin(), xs.end());
  const auto [ymin, ymax] = std::minmax_element(ys.begin(), ys.end());
  Axis x{*xmin, *xmax > *xmin ? *xmax : *xmin + 1.0};
  double lo = std::min(*ymin, threshold), hi = std::max(*ymax, threshold);
  if (hi - lo < 1e-9) hi = lo + 1.0;
  const Axis y{lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)};
  std::string svg = Frame(title, x_label, y_label) + YAxis(y) + XAxis(x);
  std::string path;
  const std::size_t stride = std::max<std::size_t>(1, xs.size() / 800);
  for (std::size_t i = 0; i < xs.size(); i += stride)
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x.Map(xs[i], kLeft, kWidth - kRight),
                        y.Map(ys[i], kHeight - kBottom, kTop));
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#4a7ab5\" stroke-width=\"1.5\"/>\n";
  if (!threshold_label.empty()) {
    const double ty = y.Map(threshold, kHeight - kBottom, kTop);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#c0392b\" stroke-dasharray=\"6 3\"/>"
                       "<text x=\"{3}\" y=\"{4:.1f}\" fill=\"#c0392b\" text-anchor=\"end\">{5}</text>\n",
                       kLeft, ty, kWidth - kRight, kWidth - kRight - 4, ty - 4, Escape(threshold_label));
  }
  return svg + "</svg>\n";
}

std::string StepSvg(const std::vector<double>& edges, const std::vector<double>& values, const std::vector<SvgSpan>& spans,
                    const std::string& title, const std::string& x_label, const std::string& y_label) {
  if (values.empty() || edges.size() != values.size() + 1) return Frame(title, x_label, y_label) + "</svg>\n";
  double positive_min = 0.0, max = 0.0;
  for (double v : values) {
    if (v > 0.0 && (positive_min == 0.0 || v < positive_min)) positive_min = v;
    max = std::max(max, v);
  }
  if (max <= 0.0) max = positive_min = 1.0;
  // Whole decades around the values.
  const double lo_decade = std::floor(std::log10(positive_min));
  const double hi_decade = std::max(lo_decade + 1.0, std::ceil(std::log10(max)));
  const Axis y{lo_decade, hi_decade};
  const Axis x{edges.front(), edges.back() > edges.front() ? edges.back() : edges.front() + 1.0};
  const double left = kLeft, right = kWidth - kRight, top = kTop, bottom = kHeight - kBottom;
  auto py = [&](double v) { return y.Map(v > 0.0 ? std::max(lo_decade, std::log10(v)) : lo_decade, bottom, top); };
  auto px = [&](double t) { return x.Map(t, left, right); };

  std::string svg = Frame(title, x_label, y_label);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"black\"/>\n", left, top, bottom);
  for (double d = lo_decade; d <= hi_decade + 1e-9; d += 1.0) {
    const double at = y.Map(d, bottom, top);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5:g}</text>\n",
                       left, at, right, left - 5, at + 4, std::pow(10.0, d));
  }
  svg += XAxis(x);
  // Events first, under the curve; each label in the first of three rows where it overlaps no
  // other (spans earlier in the list get their labels first), else none.
  std::vector<std::pair<double, double>> labelled[3];
  for (const SvgSpan& s : spans) {
    const double x0 = px(s.from), x1 = std::max(px(s.to), x0 + 1.0);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#f0a030\" fill-opacity=\"0.15\"/>\n",
                       x0, top, x1 - x0, bottom - top);
  }
  for (const SvgSpan& s : spans) {
    const double width = 6.0 * static_cast<double>(s.label.size()) + 4.0;
    const double x0 = std::min(px(s.from) + 2.0, right - width), x1 = x0 + width;
    for (int row = 0; row < 3; ++row) {
      auto& placed = labelled[row];
      if (std::any_of(placed.begin(), placed.end(), [&](const auto& p) { return x0 < p.second && p.first < x1; })) continue;
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#a05a00\">{}</text>\n", x0,
                         top + 11.0 + 11.0 * row, Escape(s.label));
      placed.emplace_back(x0, x1);
      break;
    }
  }
  // The curve: every step when they fit the width; else, per pixel column, the highest value (a
  // light line, so that short bursts stay visible) and the time-weighted mean.
  std::string path;
  const std::size_t columns = static_cast<std::size_t>(right - left);
  if (values.size() <= 2 * columns) {
    path = fmt::format("M{:.2f},{:.2f}", px(edges[0]), py(values[0]));
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) path += fmt::format(" V{:.2f}", py(values[i]));
      path += fmt::format(" H{:.2f}", px(edges[i + 1]));
    }
    for (std::size_t i = 1; i < values.size(); ++i)
      svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#888\"/>\n", px(edges[i]),
                         bottom, bottom + 3);
  } else {
    std::vector<double> column_max(columns, 0.0), column_sum(columns, 0.0), column_time(columns, 0.0);
    const double per_column = (x.hi - x.lo) / static_cast<double>(columns);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double from = edges[i], to = edges[i + 1];
      const auto c0 = static_cast<std::size_t>(std::clamp((from - x.lo) / per_column, 0.0, static_cast<double>(columns - 1)));
      const auto c1 = static_cast<std::size_t>(std::clamp((to - x.lo) / per_column, 0.0, static_cast<double>(columns - 1)));
      for (std::size_t c = c0; c <= c1; ++c) {
        const double c_from = x.lo + per_column * static_cast<double>(c);
        const double overlap = std::min(to, c_from + per_column) - std::max(from, c_from);
        if (overlap <= 0.0) continue;
        column_max[c] = std::max(column_max[c], values[i]);
        column_sum[c] += values[i] * overlap;
        column_time[c] += overlap;
      }
    }
    std::string peaks;
    for (std::size_t c = 0; c < columns; ++c) {
      const double mean = column_time[c] > 0.0 ? column_sum[c] / column_time[c] : 0.0;
      const double at = left + static_cast<double>(c);
      path += fmt::format("{}{:.1f},{:.2f} H{:.1f}", c == 0 ? "M" : " L", at, py(mean), at + 1.0);
      peaks += fmt::format("{}{:.1f},{:.2f} H{:.1f}", c == 0 ? "M" : " L", at, py(column_max[c]), at + 1.0);
    }
    svg += "<path d=\"" + peaks + "\" fill=\"none\" stroke=\"#a9c1de\" stroke-width=\"1\"/>\n";
  }
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#4a7ab5\" stroke-width=\"1.2\"/>\n";
  return svg + "</svg>\n";
}

}  // namespace pb::cli
