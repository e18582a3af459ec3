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

}  // namespace pb::cli
