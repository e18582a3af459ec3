// The report charts (cli/svg_chart.*) read back as structure: the bars of a histogram hold every
// value once, marker lines sit where the axis puts their value, legends name what is drawn, and
// no tick reads "-0".
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <regex>
#include <string>
#include <vector>

#include "cli/svg_chart.hpp"

namespace pb::cli {
namespace {

struct Tick {
  double value;
  double position;
};

std::vector<Tick> TicksOf(const std::string& svg, const char* axis) {
  const std::regex tick(std::string("<text class=\"tick-") + axis + "\" data-value=\"([^\"]+)\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\"");
  std::vector<Tick> ticks;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tick); it != std::sregex_iterator(); ++it)
    ticks.push_back({std::stod((*it)[1]), std::stod((*it)[axis[0] == 'x' ? 2 : 3])});
  return ticks;
}

// The pixel of an x value, from the first and last labelled ticks (the axis is linear).
double PixelOf(const std::string& svg, double value) {
  const std::vector<Tick> ticks = TicksOf(svg, "x");
  EXPECT_GE(ticks.size(), 2u);
  if (ticks.size() < 2) return std::nan("");
  const Tick& a = ticks.front();
  const Tick& b = ticks.back();
  return a.position + (value - a.value) / (b.value - a.value) * (b.position - a.position);
}

// x1 of the marker line drawn for a value.
double MarkerPixel(const std::string& svg, const std::string& value) {
  const std::regex marker("<line class=\"marker\" data-value=\"" + value + "\" x1=\"([-0-9.]+)\"");
  std::smatch m;
  if (!std::regex_search(svg, m, marker)) return std::nan("");
  return std::stod(m[1]);
}

std::vector<std::string> TickTexts(const std::string& svg) {
  const std::regex text("<text class=\"tick-[xy]\"[^>]*>([^<]*)</text>");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator(); ++it) out.push_back((*it)[1]);
  return out;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool HasNegativeZero(const std::string& svg) { return std::regex_search(svg, std::regex(">-0(\\.0*)?<")); }

std::vector<double> Spread(double from, double to, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(from + (to - from) * (i + 0.5) / n);
  return v;
}

TEST(SvgChart, TickTextHasNoNegativeZeroAndTheStepsDecimals) {
  EXPECT_EQ(TickText(-1e-17, 0.2), "0.0");
  EXPECT_EQ(TickText(-0.0, 1.0), "0");
  EXPECT_EQ(TickText(-0.04, 0.5), "0.0");  // rounds to zero at one decimal
  EXPECT_EQ(TickText(-0.2, 0.2), "-0.2");
  EXPECT_EQ(TickText(3.2000000000000006, 0.2), "3.2");
  EXPECT_EQ(TickText(1000.0, 500.0), "1000");
  EXPECT_EQ(TickText(0.05, 0.05), "0.05");
}

TEST(SvgChart, NoAxisShowsMinusZero) {
  // Ranges whose padded axis starts less than a step below zero (the first tick is then -0 x step,
  // which "{:g}" prints as "-0": a state of charge from 0 to 100 %), and ranges that cross zero at
  // steps whose multiples are not exact in binary.
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0.0, 100.0}, {-0.01, 1.0}, {-0.3, 0.3}, {-0.07, 0.11}, {-3.3, 2.9}, {-1e-3, 7e-4}}) {
    LineSeries s{"series", "#4a7ab5", {lo, hi}, {lo, hi}};
    const std::string svg = LinesSvg({s}, {}, "t", "x, units", "y, units");
    EXPECT_FALSE(HasNegativeZero(svg)) << lo << ".." << hi;
    const std::vector<std::string> ticks = TickTexts(svg);
    EXPECT_TRUE(std::any_of(ticks.begin(), ticks.end(), [](const std::string& t) { return std::stod(t) == 0.0 && t[0] == '0'; }))
        << lo << ".." << hi;
  }
}

TEST(SvgChart, StackedHistogramHoldsEveryValueOnceAndMarksItsMarkersWhereTheAxisPutsThem) {
  const std::vector<HistogramGroup> groups{{"CE0", "#4a7ab5", Spread(900, 1400, 700)},
                                           {"CE1", "#e39b2d", Spread(600, 1100, 250)},
                                           {"CE2", "#7d4f9e", Spread(150, 650, 50)},
                                           {"no service", "#8c8c8c", {}}};
  const std::vector<ChartMarker> markers{{365, "target 365 d", "#c0392b", true}, {420, "P1 420 d", "#333"}};
  const std::string svg = StackedHistogramSvg(groups, markers, "Lifetime", "lifetime, days", "devices");

  const std::regex bar("<rect class=\"bar\" data-group=\"([0-9]+)\" data-count=\"([0-9]+)\"");
  std::vector<int> per_group(groups.size(), 0);
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    per_group[std::stoul((*it)[1])] += std::stoi((*it)[2]);
  EXPECT_EQ(per_group, (std::vector<int>{700, 250, 50, 0}));

  EXPECT_NEAR(MarkerPixel(svg, "365"), PixelOf(svg, 365.0), 0.05);
  EXPECT_NEAR(MarkerPixel(svg, "420"), PixelOf(svg, 420.0), 0.05);
  EXPECT_NE(svg.find(">target 365 d<"), std::string::npos);
  EXPECT_NE(svg.find(">P1 420 d<"), std::string::npos);
  // The legend names each group that has devices, with its count, and leaves out the empty one.
  EXPECT_NE(svg.find("<g class=\"legend\">"), std::string::npos);
  EXPECT_NE(svg.find(">CE0 (700)<"), std::string::npos);
  EXPECT_NE(svg.find(">CE2 (50)<"), std::string::npos);
  EXPECT_EQ(svg.find("no service"), std::string::npos);
  EXPECT_NE(svg.find(">lifetime, days<"), std::string::npos);
  EXPECT_FALSE(HasNegativeZero(svg));
}

TEST(SvgChart, TornadoHasALegendTheNominalLineAndTheTarget) {
  const std::vector<TornadoBar> bars{{"coupling_loss_dB", 600, 1070}, {"interval_frac", 930, 1300}, {"capacity_frac", 1040, 1070}};
  const std::string svg = TornadoSvg(bars, 1053, "nominal 1053 d", {{365, "target 365 d", "#c0392b", true}}, "Swing",
                                     "lifetime, days", "input at its P10", "input at its P90");
  EXPECT_NE(svg.find(">input at its P10<"), std::string::npos);
  EXPECT_NE(svg.find(">input at its P90<"), std::string::npos);
  EXPECT_NEAR(MarkerPixel(svg, "1053"), PixelOf(svg, 1053.0), 0.05);
  EXPECT_NEAR(MarkerPixel(svg, "365"), PixelOf(svg, 365.0), 0.05);
  EXPECT_NE(svg.find(">nominal 1053 d<"), std::string::npos);
  // One bar each way per input, ending at its value on the axis.
  const std::regex low("<rect class=\"low\" data-value=\"([^\"]+)\" x=\"([-0-9.]+)\"");
  int lows = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), low); it != std::sregex_iterator(); ++it) {
    ++lows;
    EXPECT_NEAR(std::stod((*it)[2]), std::min(PixelOf(svg, std::stod((*it)[1])), PixelOf(svg, 1053.0)), 0.1);
  }
  EXPECT_EQ(lows, 3);
  EXPECT_EQ(Count(svg, "<rect class=\"high\""), 3);
}

TEST(SvgChart, StackedBarSharesSumToOneAndTheLegendGivesEachPart) {
  const std::vector<BarPart> parts{{"rrc_inactivity_tail", "#4a7ab5", 26.03}, {"pulse_buffer_leakage", "#e39b2d", 4.67},
                                   {"report", "#7d4f9e", 2.86}, {"3 others", "#bbb", 1.2}};
  const std::string svg = StackedBarSvg(parts, "Energy per day", "energy from the battery, J/day", "J/day");
  double shares = 0.0;
  const std::regex segment("<rect class=\"segment\" data-share=\"([0-9.]+)\"");
  int n = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), segment); it != std::sregex_iterator(); ++it, ++n)
    shares += std::stod((*it)[1]);
  EXPECT_EQ(n, 4);
  EXPECT_NEAR(shares, 1.0, 1e-3);
  EXPECT_NE(svg.find(">rrc_inactivity_tail<"), std::string::npos);
  EXPECT_NE(svg.find(">26.0 J/day<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">74.9%<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">energy from the battery, J/day<"), std::string::npos);
}

TEST(SvgChart, TwoAxisChartTitlesBothAxesAndLinesCarryTheirThreshold) {
  LineSeries soc{"state of charge", "#4a7ab5", {0, 1, 2, 3}, {100, 70, 40, 5}};
  LineSeries temperature{"temperature", "#c0504d", {0, 1, 2, 3}, {-15, 12, -18, 10}};
  const std::string two = TwoAxisLinesSvg(soc, 0, 100, temperature, "SOC", "years since installation",
                                          "state of charge, %", "temperature, °C");
  EXPECT_NE(two.find(">state of charge, %<"), std::string::npos);
  EXPECT_NE(two.find(">temperature, °C<"), std::string::npos);
  EXPECT_NE(two.find("text-anchor=\"start\" fill=\"#c0504d\">-20<"), std::string::npos);  // the right axis' ticks
  EXPECT_FALSE(HasNegativeZero(two));

  LineSeries buffered{"with the buffer", "#4a7ab5", {0, 1, 2}, {3.6, 3.55, 3.4}};
  LineSeries bare{"without", "#e39b2d", {0, 1, 2}, {3.2, 3.1, 2.9}, true};
  const std::string lines = LinesSvg({buffered, bare}, {{3.0, "brown-out 3.00 V", "#c0392b"}}, "V", "years", "loaded voltage, V");
  EXPECT_NE(lines.find("<line class=\"threshold\" data-value=\"3\""), std::string::npos);
  EXPECT_NE(lines.find(">brown-out 3.00 V<"), std::string::npos);
  EXPECT_NE(lines.find(">with the buffer<"), std::string::npos);
  EXPECT_NE(lines.find(">without<"), std::string::npos);
  EXPECT_EQ(Count(lines, "<path class=\"series\""), 2);
}

TEST(SvgChart, NamesFromInputAreEscaped) {
  const std::string svg = LinesSvg({{"a<b & \"c\"\x1b[2J", "#000", {0, 1}, {0, 1}}}, {}, "t\x07", "x", "y");
  EXPECT_EQ(svg.find('\x1b'), std::string::npos);
  EXPECT_EQ(svg.find('\x07'), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b &amp; &quot;c&quot;\\x1B[2J"), std::string::npos);
}

}  // namespace
}  // namespace pb::cli
