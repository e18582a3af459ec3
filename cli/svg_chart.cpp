#include "cli/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace pb::cli {
namespace {

// The canvas and its type sizes: large enough to read when a report shows the picture at its
// own width (about 700 px in a Markdown viewer).
constexpr double kWidth = 720, kHeight = 400;
constexpr double kFont = 13, kTitleFont = 16, kSmallFont = 12;
// An estimate of a character's width at kSmallFont in a sans-serif face, for placing labels
// without overlap (SVG has no text measurement before rendering).
constexpr double kCharWidth = 6.8;
constexpr double kLegendRow = 20;  // height of one legend row

constexpr const char* kAxisColour = "#333";
constexpr const char* kGridColour = "#e2e2e2";

// XML text: markup characters escaped, control characters (not allowed in XML 1.0) shown as
// visible escapes, as the terminal output shows them.
std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else if (byte < 0x20 || byte == 0x7f) out += fmt::format("\\x{:02X}", byte);
    else out += c;
  }
  return out;
}

struct Axis {
  double lo, hi;
  double Map(double v, double from, double to) const { return from + (v - lo) / (hi - lo) * (to - from); }
};

// The plot's rectangle in pixels.
struct Area {
  double left, right, top, bottom;
};

struct TickSet {
  std::vector<double> values;
  double step = 1.0;
};

// Round-number ticks (1, 2 or 5 times a power of ten) covering [lo, hi], about `count` of them.
TickSet Ticks(double lo, double hi, double count = 6.0) {
  const double span = hi - lo > 0 ? hi - lo : 1.0;
  const double raw = span / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  TickSet ticks;
  ticks.step = magnitude * 10.0;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      ticks.step = m * magnitude;
      break;
    }
  // Integer multiples of the step, so that no tick accumulates rounding errors.
  for (double k = std::ceil(lo / ticks.step - 1e-9); k * ticks.step <= hi + 1e-9 * span; k += 1.0)
    ticks.values.push_back(k * ticks.step);
  return ticks;
}

// An axis range widened to whole tick steps, so that the axis starts and ends at a labelled tick.
Axis RoundedOut(double lo, double hi) {
  if (hi - lo < 1e-12) hi = lo + 1.0;
  const double step = Ticks(lo, hi).step;
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

std::string Open(double width, double height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"{2}\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text class=\"title\" x=\"{3}\" y=\"24\" font-size=\"{4}\" font-weight=\"bold\" text-anchor=\"middle\">{5}</text>\n",
      width, height, kFont, width / 2, kTitleFont, Escape(title));
}

std::string AxisTitles(const Area& a, const std::string& x_label, const std::string& y_label) {
  std::string out = fmt::format("<text class=\"axis-title\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                                (a.left + a.right) / 2, kHeight - 12, Escape(x_label));
  if (!y_label.empty())
    out += fmt::format("<text class=\"axis-title\" x=\"18\" y=\"{0:.1f}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 18 {0:.1f})\">{1}</text>\n",
                       (a.top + a.bottom) / 2, Escape(y_label));
  return out;
}

std::string XAxis(const Axis& x, const Area& a, bool grid) {
  std::string out = fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>\n", a.left, a.bottom, a.right,
                                a.bottom, kAxisColour);
  const TickSet ticks = Ticks(x.lo, x.hi);
  for (double t : ticks.values) {
    const double px = x.Map(t, a.left, a.right);
    if (grid)
      out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\"/>", px, a.top, a.bottom,
                         kGridColour);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\"/>"
                       "<text class=\"tick-x\" data-value=\"{4}\" x=\"{0:.1f}\" y=\"{5}\" text-anchor=\"middle\">{4}</text>\n",
                       px, a.bottom, a.bottom + 5, kAxisColour, TickText(t, ticks.step), a.bottom + 19);
  }
  return out;
}

// The value axis at the left (or, with at_right, at the right edge of the area), with grid lines
// across the plot from the left axis only.
std::string YAxis(const Axis& y, const Area& a, bool at_right = false, const std::string& colour = kAxisColour) {
  const double x0 = at_right ? a.right : a.left;
  std::string out =
      fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n", x0, a.top, a.bottom, colour);
  const TickSet ticks = Ticks(y.lo, y.hi);
  for (double t : ticks.values) {
    const double py = y.Map(t, a.bottom, a.top);
    if (!at_right)
      out += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\"/>", a.left, py, a.right,
                         kGridColour);
    out += fmt::format("<text class=\"tick-y\" data-value=\"{0}\" x=\"{1}\" y=\"{2:.1f}\" text-anchor=\"{3}\" fill=\"{4}\">{0}</text>\n",
                       TickText(t, ticks.step), at_right ? x0 + 6 : x0 - 6, py + 4, at_right ? "start" : "end", colour);
  }
  return out;
}

// Legend entries laid out in rows across the top of the chart, under the title.
struct LegendEntry {
  std::string label;
  std::string colour;
  enum Kind { kBox, kLine, kDashedLine } kind = kBox;
};

double EntryWidth(const LegendEntry& e) { return 22.0 + kCharWidth * static_cast<double>(e.label.size()) + 18.0; }

int LegendRows(const std::vector<LegendEntry>& entries, double width) {
  if (entries.empty()) return 0;
  int rows = 1;
  double x = 0.0;
  for (const LegendEntry& e : entries) {
    if (x > 0.0 && x + EntryWidth(e) > width) {
      ++rows;
      x = 0.0;
    }
    x += EntryWidth(e);
  }
  return rows;
}

std::string Legend(const std::vector<LegendEntry>& entries, double left, double right, double top) {
  std::string out = "<g class=\"legend\">\n";
  double x = left, y = top;
  for (const LegendEntry& e : entries) {
    if (x > left && x + EntryWidth(e) > right) {
      x = left;
      y += kLegendRow;
    }
    if (e.kind == LegendEntry::kBox)
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"12\" fill=\"{}\"/>", x, y - 10, Escape(e.colour));
    else
      out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" stroke-width=\"2.5\"{4}/>",
                         x, y - 4, x + 16, Escape(e.colour), e.kind == LegendEntry::kDashedLine ? " stroke-dasharray=\"5 3\"" : "");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\">{}</text>\n", x + 21, y, kSmallFont, Escape(e.label));
    x += EntryWidth(e);
  }
  return out + "</g>\n";
}

// The plot area of a chart whose legend has `legend_rows` rows under the title.
Area PlotArea(int legend_rows, double left = 78, double right_margin = 24) {
  return {left, kWidth - right_margin, 44.0 + kLegendRow * legend_rows + (legend_rows > 0 ? 6.0 : 0.0), kHeight - 58};
}

// How many rows of marker labels a chart reserves at the top of its plot.
int MarkerLabelRows(const std::vector<ChartMarker>& markers) { return std::min<int>(3, static_cast<int>(markers.size())); }
constexpr double kMarkerRow = 15;

// Marker lines across the plot, each labelled at the top in the first of the reserved rows where
// its label overlaps no other (emphasised markers first), on a white ground so that bars and
// lines do not run through the text.
std::string Markers(const std::vector<ChartMarker>& markers, const Axis& x, const Area& a) {
  std::string lines, labels;
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < markers.size(); ++i)
    if (markers[i].emphasised) order.push_back(i);
  for (std::size_t i = 0; i < markers.size(); ++i)
    if (!markers[i].emphasised) order.push_back(i);
  const int rows = std::max(1, MarkerLabelRows(markers));
  std::vector<std::vector<std::pair<double, double>>> placed(static_cast<std::size_t>(rows));
  for (std::size_t i : order) {
    const ChartMarker& m = markers[i];
    const double mx = x.Map(m.value, a.left, a.right);
    lines += fmt::format("<line class=\"marker\" data-value=\"{:g}\" x1=\"{:.2f}\" y1=\"{}\" x2=\"{:.2f}\" y2=\"{}\" stroke=\"{}\" "
                         "stroke-width=\"{}\" stroke-dasharray=\"{}\"/>\n",
                         m.value, mx, a.top, mx, a.bottom, Escape(m.colour), m.emphasised ? 2.5 : 1.5,
                         m.emphasised ? "7 4" : "2 3");
    const double width = kCharWidth * static_cast<double>(m.label.size()) + 4.0;
    const bool to_left = mx + 4.0 + width > a.right;  // no room to the right of the line
    const double x0 = to_left ? mx - 4.0 - width : mx + 4.0, x1 = x0 + width;
    std::size_t row = static_cast<std::size_t>(rows - 1);
    for (std::size_t r = 0; r < placed.size(); ++r)
      if (std::none_of(placed[r].begin(), placed[r].end(), [&](const auto& p) { return x0 < p.second && p.first < x1; })) {
        row = r;
        break;
      }
    placed[row].emplace_back(x0, x1);
    const double y = a.top + 13.0 + kMarkerRow * static_cast<double>(row);
    labels += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"white\" fill-opacity=\"0.85\"/>"
                          "<text class=\"marker-label\" x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" fill=\"{}\"{}>{}</text>\n",
                          x0 - 1, y - 11, width + 2, to_left ? x1 - 2 : x0 + 2, y, kSmallFont, Escape(m.colour),
                          m.emphasised ? " font-weight=\"bold\"" : "", Escape(m.label));
  }
  return lines + labels;
}

// A polyline through at most ~800 of the points: a report's series has one point per time step.
std::string SeriesPath(const LineSeries& s, const Axis& x, const Axis& y, const Area& a) {
  if (s.x.empty() || s.x.size() != s.y.size()) return "";
  std::string path;
  const std::size_t stride = std::max<std::size_t>(1, s.x.size() / 800);
  for (std::size_t i = 0; i < s.x.size(); i += stride)
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x.Map(s.x[i], a.left, a.right),
                        y.Map(s.y[i], a.bottom, a.top));
  if ((s.x.size() - 1) % stride != 0)  // always end at the last point
    path += fmt::format(" L{:.1f},{:.1f}", x.Map(s.x.back(), a.left, a.right), y.Map(s.y.back(), a.bottom, a.top));
  return fmt::format("<path class=\"series\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n", path,
                     Escape(s.colour), s.dashed ? " stroke-dasharray=\"6 3\"" : "");
}

void Extend(double& lo, double& hi, const std::vector<double>& values) {
  for (double v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
}

}  // namespace

std::string TickText(double value, double step) {
  const int decimals = step > 0.0 ? std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 9) : 0;
  // Anything below half the last shown digit is zero, so that -1e-17 does not print as "-0".
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0.0;
  return fmt::format("{:.{}f}", value, decimals);
}

std::string PaletteColour(std::size_t index) {
  static constexpr const char* kPalette[] = {"#4a7ab5", "#e39b2d", "#7d4f9e", "#3a9a5b", "#c0504d",
                                             "#4bacc6", "#8c6d31", "#d17cb6", "#7f7f7f", "#b5bd3a"};
  return kPalette[index % std::size(kPalette)];
}

std::string StackedHistogramSvg(const std::vector<HistogramGroup>& groups, const std::vector<ChartMarker>& markers,
                                const std::string& title, const std::string& x_label, const std::string& y_label) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::size_t total = 0;
  std::vector<LegendEntry> legend;
  for (const HistogramGroup& g : groups) {
    Extend(lo, hi, g.values);
    total += g.values.size();
    if (!g.values.empty()) legend.push_back({fmt::format("{} ({})", g.label, g.values.size()), g.colour});
  }
  const Area a = PlotArea(LegendRows(legend, kWidth - 78 - 24));
  if (total == 0) return Open(kWidth, kHeight, title) + AxisTitles(a, x_label, y_label) + "</svg>\n";
  // Bins over the values; the axis over the values and the markers.
  const double bin_lo = lo, bin_hi = hi - lo < 1e-9 ? lo + 1.0 : hi;
  for (const ChartMarker& m : markers) {
    lo = std::min(lo, m.value);
    hi = std::max(hi, m.value);
  }
  const Axis x = RoundedOut(lo, std::max(hi, bin_hi));
  constexpr int kBins = 40;
  // counts[g][b]: group g's devices in bin b; the same bins for every group so that they stack.
  std::vector<std::vector<int>> counts(groups.size(), std::vector<int>(kBins, 0));
  std::vector<int> totals(kBins, 0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (double v : groups[g].values) {
      const auto b = static_cast<std::size_t>(
          std::clamp(static_cast<int>((v - bin_lo) / (bin_hi - bin_lo) * kBins), 0, kBins - 1));
      ++counts[g][b];
      ++totals[b];
    }
  // Headroom above the tallest bar for the markers' labels.
  const double tallest = *std::max_element(totals.begin(), totals.end());
  const double label_px = kMarkerRow * MarkerLabelRows(markers) + 6.0;
  const double plot_px = a.bottom - a.top;
  const Axis y = RoundedOut(0.0, std::max(tallest * 1.05, tallest / std::max(0.3, 1.0 - label_px / plot_px)));
  std::string svg = Open(kWidth, kHeight, title) + Legend(legend, a.left, a.right, 50) + YAxis(y, a) + XAxis(x, a, false) +
                    AxisTitles(a, x_label, y_label);
  for (int b = 0; b < kBins; ++b) {
    const double x0 = x.Map(bin_lo + (bin_hi - bin_lo) * b / kBins, a.left, a.right);
    const double x1 = x.Map(bin_lo + (bin_hi - bin_lo) * (b + 1) / kBins, a.left, a.right);
    int below = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const int n = counts[g][static_cast<std::size_t>(b)];
      if (n == 0) continue;
      const double bottom = y.Map(below, a.bottom, a.top);
      const double top = y.Map(below + n, a.bottom, a.top);
      svg += fmt::format("<rect class=\"bar\" data-group=\"{}\" data-count=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                         "height=\"{:.1f}\" fill=\"{}\"/>\n",
                         g, n, x0, top, std::max(0.5, x1 - x0 - 0.8), bottom - top, Escape(groups[g].colour));
      below += n;
    }
  }
  svg += Markers(markers, x, a);
  return svg + "</svg>\n";
}

std::string TornadoSvg(const std::vector<TornadoBar>& bars, double nominal, const std::string& nominal_label,
                       const std::vector<ChartMarker>& markers, const std::string& title, const std::string& x_label,
                       const std::string& low_legend, const std::string& high_legend) {
  constexpr const char* kLowColour = "#4a7ab5";
  constexpr const char* kHighColour = "#e39b2d";
  double lo = nominal, hi = nominal;
  for (const TornadoBar& b : bars) {
    lo = std::min({lo, b.low, b.high});
    hi = std::max({hi, b.low, b.high});
  }
  for (const ChartMarker& m : markers) {
    lo = std::min(lo, m.value);
    hi = std::max(hi, m.value);
  }
  // Room at both ends for the value printed beyond each bar.
  const double pad = 0.08 * std::max(hi - lo, 1e-9);
  const Axis x = RoundedOut(lo - pad, hi + pad);
  std::size_t longest = 0;
  for (const TornadoBar& b : bars) longest = std::max(longest, b.label.size());
  const std::vector<LegendEntry> legend{{low_legend, kLowColour}, {high_legend, kHighColour}};
  Area a = PlotArea(LegendRows(legend, kWidth - 40), std::max(120.0, 18.0 + 7.2 * static_cast<double>(longest)));
  std::vector<ChartMarker> lines = markers;
  lines.insert(lines.begin(), {nominal, nominal_label, "#222", false});
  const double label_px = kMarkerRow * MarkerLabelRows(lines) + 6.0;
  std::string svg = Open(kWidth, kHeight, title) + Legend(legend, a.left, a.right, 50) + XAxis(x, a, true) +
                    AxisTitles(a, x_label, "");
  const double rows_top = a.top + label_px;
  const double row_height = (a.bottom - rows_top) / static_cast<double>(std::max<std::size_t>(1, bars.size()));
  const double nx = x.Map(nominal, a.left, a.right);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const TornadoBar& b = bars[i];
    const double y0 = rows_top + row_height * static_cast<double>(i) + row_height * 0.18;
    const double h = row_height * 0.64;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", a.left - 8, y0 + h / 2 + 4,
                       Escape(b.label));
    // Each end: the bar from the nominal line, and its value beyond the bar's end.
    for (const auto& [value, colour, kind] : {std::tuple{b.low, kLowColour, "low"}, std::tuple{b.high, kHighColour, "high"}}) {
      const double vx = x.Map(value, a.left, a.right);
      const double x0 = std::min(nx, vx), width = std::max(1.0, std::abs(vx - nx));
      svg += fmt::format("<rect class=\"{}\" data-value=\"{:g}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                         "fill=\"{}\" fill-opacity=\"0.9\"/>\n",
                         kind, value, x0, y0, width, h, colour);
    }
    // The values at the two ends (one of them may lie on the nominal side when both move the
    // same way): the smaller to the left of the bars, the larger to the right.
    const double left_value = std::min({b.low, b.high, nominal}), right_value = std::max({b.low, b.high, nominal});
    if (std::abs(b.low - nominal) > 1e-9 || std::abs(b.high - nominal) > 1e-9) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"end\" fill=\"#555\">{:.0f}</text>",
                         x.Map(left_value, a.left, a.right) - 4, y0 + h / 2 + 4, kSmallFont, left_value);
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" fill=\"#555\">{:.0f}</text>\n",
                         x.Map(right_value, a.left, a.right) + 4, y0 + h / 2 + 4, kSmallFont, right_value);
    }
  }
  svg += Markers(lines, x, a);
  return svg + "</svg>\n";
}

std::string LinesSvg(const std::vector<LineSeries>& series, const std::vector<ThresholdLine>& thresholds,
                     const std::string& title, const std::string& x_label, const std::string& y_label) {
  std::vector<LegendEntry> legend;
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const LineSeries& s : series) {
    if (s.x.empty() || s.x.size() != s.y.size()) continue;
    Extend(xlo, xhi, s.x);
    Extend(ylo, yhi, s.y);
    if (!s.label.empty())
      legend.push_back({s.label, s.colour, s.dashed ? LegendEntry::kDashedLine : LegendEntry::kLine});
  }
  const Area a = PlotArea(LegendRows(legend, kWidth - 78 - 24));
  if (!(xlo <= xhi)) return Open(kWidth, kHeight, title) + AxisTitles(a, x_label, y_label) + "</svg>\n";
  for (const ThresholdLine& t : thresholds) Extend(ylo, yhi, {t.value});
  const double pad = 0.05 * std::max(yhi - ylo, 1e-9);
  const Axis x = RoundedOut(xlo, xhi);
  const Axis y = RoundedOut(ylo - pad, yhi + pad);
  std::string svg = Open(kWidth, kHeight, title) + Legend(legend, a.left, a.right, 50) + YAxis(y, a) + XAxis(x, a, false) +
                    AxisTitles(a, x_label, y_label);
  for (const ThresholdLine& t : thresholds) {
    const double ty = y.Map(t.value, a.bottom, a.top);
    svg += fmt::format("<line class=\"threshold\" data-value=\"{:g}\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" "
                       "stroke-width=\"2\" stroke-dasharray=\"7 4\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\" text-anchor=\"end\">{}</text>\n",
                       t.value, a.left, ty, a.right, ty, Escape(t.colour), a.right - 4, ty - 5, kSmallFont, Escape(t.colour),
                       Escape(t.label));
  }
  for (const LineSeries& s : series) svg += SeriesPath(s, x, y, a);
  return svg + "</svg>\n";
}

std::string TwoAxisLinesSvg(const LineSeries& left, double left_lo, double left_hi, const LineSeries& right,
                            const std::string& title, const std::string& x_label, const std::string& left_label,
                            const std::string& right_label) {
  const std::vector<LegendEntry> legend{{left.label, left.colour, LegendEntry::kLine},
                                        {right.label, right.colour, LegendEntry::kLine}};
  const Area a = PlotArea(LegendRows(legend, kWidth - 78 - 70), 78, 70);
  if (left.x.empty() || left.x.size() != left.y.size() || right.x.size() != right.y.size())
    return Open(kWidth, kHeight, title) + AxisTitles(a, x_label, left_label) + "</svg>\n";
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, rlo = xlo, rhi = -xlo;
  Extend(xlo, xhi, left.x);
  Extend(xlo, xhi, right.x);
  Extend(rlo, rhi, right.y);
  if (!(rlo <= rhi)) rlo = rhi = 0.0;
  // A constant (a device without a climate) in the middle of its axis, not on the bottom line.
  if (rhi - rlo < 1.0) {
    rlo -= 5.0;
    rhi += 5.0;
  }
  const Axis x = RoundedOut(xlo, xhi);
  const Axis yl{left_lo, left_hi > left_lo ? left_hi : left_lo + 1.0};
  const Axis yr = RoundedOut(rlo, rhi);
  std::string svg = Open(kWidth, kHeight, title) + Legend(legend, a.left, a.right, 50) + YAxis(yl, a) +
                    YAxis(yr, a, true, right.colour) + XAxis(x, a, false) + AxisTitles(a, x_label, "");
  svg += fmt::format("<text class=\"axis-title\" x=\"18\" y=\"{0:.1f}\" text-anchor=\"middle\" fill=\"{1}\" "
                     "transform=\"rotate(-90 18 {0:.1f})\">{2}</text>\n"
                     "<text class=\"axis-title\" x=\"{3}\" y=\"{0:.1f}\" text-anchor=\"middle\" fill=\"{4}\" "
                     "transform=\"rotate(90 {3} {0:.1f})\">{5}</text>\n",
                     (a.top + a.bottom) / 2, Escape(left.colour), Escape(left_label), kWidth - 16, Escape(right.colour),
                     Escape(right_label));
  svg += SeriesPath(right, x, yr, a) + SeriesPath(left, x, yl, a);
  return svg + "</svg>\n";
}

std::string StackedBarSvg(const std::vector<BarPart>& parts, const std::string& title, const std::string& x_label,
                          const std::string& value_unit) {
  double total = 0.0;
  for (const BarPart& p : parts) total += std::max(0.0, p.value);
  // The legend in two columns under the bar: colour, label, value and share of each part.
  const std::size_t rows = (parts.size() + 1) / 2;
  constexpr double kBarTop = 52, kBarHeight = 46, kLegendTop = 170;
  const double height = kLegendTop + kLegendRow * static_cast<double>(rows) + 14;
  const Area a{24, kWidth - 24, kBarTop, kBarTop + kBarHeight};
  std::string svg = Open(kWidth, height, title);
  if (total <= 0.0) return svg + "</svg>\n";
  const Axis x = RoundedOut(0.0, total);
  double at = 0.0;
  for (const BarPart& p : parts) {
    const double value = std::max(0.0, p.value);
    const double x0 = x.Map(at, a.left, a.right), x1 = x.Map(at + value, a.left, a.right);
    svg += fmt::format("<rect class=\"segment\" data-share=\"{:.4f}\" x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\" "
                       "fill=\"{}\" stroke=\"white\" stroke-width=\"0.5\"/>\n",
                       value / total, x0, a.top, x1 - x0, kBarHeight, Escape(p.colour));
    // The share inside the segment where it fits.
    const std::string share = fmt::format("{:.0f}%", 100.0 * value / total);
    if (x1 - x0 > kCharWidth * static_cast<double>(share.size()) + 8)
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"white\" font-weight=\"bold\">{}</text>\n",
                         (x0 + x1) / 2, a.top + kBarHeight / 2 + 5, share);
    at += value;
  }
  svg += XAxis(x, a, false);
  svg += fmt::format("<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kWidth / 2,
                     a.bottom + 42, Escape(x_label));
  svg += "<g class=\"legend\">\n";
  const double column_width = (kWidth - 48) / 2;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const double lx = 24 + column_width * static_cast<double>(i / rows);
    const double ly = kLegendTop + kLegendRow * static_cast<double>(i % rows);
    const double value = std::max(0.0, parts[i].value);
    // Value and share in columns of their own (SVG collapses the spaces that would align them).
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"12\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\">{}</text>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"end\">{:#.3g} {}</text>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"end\">{:.1f}%</text>\n",
                       lx, ly - 10, Escape(parts[i].colour), lx + 21, ly, kSmallFont, Escape(parts[i].label),
                       lx + column_width - 72, ly, kSmallFont, value, Escape(value_unit), lx + column_width - 16, ly,
                       kSmallFont, 100.0 * value / total);
  }
  return svg + "</g>\n</svg>\n";
}

std::string StepSvg(const std::vector<double>& edges, const std::vector<double>& values, const std::vector<SvgSpan>& spans,
                    const std::string& title, const std::string& x_label, const std::string& y_label) {
  const Area area = PlotArea(0);
  if (values.empty() || edges.size() != values.size() + 1)
    return Open(kWidth, kHeight, title) + AxisTitles(area, x_label, y_label) + "</svg>\n";
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
  const double left = area.left, right = area.right, top = area.top, bottom = area.bottom;
  auto py = [&](double v) { return y.Map(v > 0.0 ? std::max(lo_decade, std::log10(v)) : lo_decade, bottom, top); };
  auto px = [&](double t) { return x.Map(t, left, right); };

  std::string svg = Open(kWidth, kHeight, title) + AxisTitles(area, x_label, y_label);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n", left, top, bottom, kAxisColour);
  for (double d = lo_decade; d <= hi_decade + 1e-9; d += 1.0) {
    const double at = y.Map(d, bottom, top);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\"/>"
                       "<text class=\"tick-y\" x=\"{4}\" y=\"{5:.1f}\" text-anchor=\"end\">{6:g}</text>\n",
                       left, at, right, kGridColour, left - 6, at + 4, std::pow(10.0, d));
  }
  svg += XAxis(x, area, false);
  // Events first, under the curve; each label in the first of three rows where it overlaps no
  // other (spans earlier in the list get their labels first), else none.
  std::vector<std::pair<double, double>> labelled[3];
  for (const SvgSpan& s : spans) {
    const double x0 = px(s.from), x1 = std::max(px(s.to), x0 + 1.0);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#f0a030\" fill-opacity=\"0.15\"/>\n",
                       x0, top, x1 - x0, bottom - top);
  }
  for (const SvgSpan& s : spans) {
    const double width = 6.4 * static_cast<double>(s.label.size()) + 4.0;
    const double x0 = std::min(px(s.from) + 2.0, right - width), x1 = x0 + width;
    for (int row = 0; row < 3; ++row) {
      auto& placed = labelled[row];
      if (std::any_of(placed.begin(), placed.end(), [&](const auto& p) { return x0 < p.second && p.first < x1; })) continue;
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#a05a00\">{}</text>\n", x0,
                         top + 12.0 + 12.0 * row, Escape(s.label));
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
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#4a7ab5\" stroke-width=\"1.5\"/>\n";
  return svg + "</svg>\n";
}

}  // namespace pb::cli
