// Small self-contained SVG charts for reports (no plotting library, docs/architecture.md): a
// stacked histogram with marker lines, a tornado, line charts (one value axis or two), a stacked
// bar of shares, and a step curve on a logarithmic axis.
//
// Every chart has a title, axis titles with units, tick labels at round numbers (never "-0")
// and, where it shows more than one thing, a legend. Elements that tests read carry a class
// (bar, marker, segment, legend, tick-x, tick-y) and their data value (data-count, data-value,
// data-share), so that a structural test need not reverse the pixel mapping.
#pragma once

#include <string>
#include <vector>

namespace pb::cli {

// A tick value as shown: as many decimals as the tick step needs, and zero as "0" (a value that
// rounds to zero from below would otherwise print "-0").
std::string TickText(double value, double step);

// A vertical line at a value of the x axis, labelled at the top of the plot (the target, P1...).
// Emphasised markers (the target) are drawn thick and dashed and get their label first.
struct ChartMarker {
  double value;
  std::string label;
  std::string colour;  // SVG colour, e.g. "#c0392b"
  bool emphasised = false;
};

// A histogram of several groups of one quantity (e.g. the lifetimes of the devices at each CE
// level), stacked bar on bar in shared bins, with a legend (label and count per group) and the
// markers. Groups without values are left out of the legend.
struct HistogramGroup {
  std::string label;
  std::string colour;
  std::vector<double> values;
};
std::string StackedHistogramSvg(const std::vector<HistogramGroup>& groups, const std::vector<ChartMarker>& markers,
                                const std::string& title, const std::string& x_label, const std::string& y_label);

// One row per input: a bar from the nominal result to the result with the input at its low
// value, and one to the result at its high value, in two colours named by the legend; the
// nominal line and the markers (the target) across the rows.
struct TornadoBar {
  std::string label;
  double low;   // result with the input at its low value
  double high;  // result with the input at its high value
};
std::string TornadoSvg(const std::vector<TornadoBar>& bars, double nominal, const std::string& nominal_label,
                       const std::vector<ChartMarker>& markers, const std::string& title, const std::string& x_label,
                       const std::string& low_legend, const std::string& high_legend);

// Line charts. Series with a label appear in the legend; thresholds are horizontal dashed lines
// labelled at the right end (the brown-out voltage).
struct LineSeries {
  std::string label;
  std::string colour;
  std::vector<double> x;
  std::vector<double> y;
  bool dashed = false;
};
struct ThresholdLine {
  double value;
  std::string label;
  std::string colour;
};
std::string LinesSvg(const std::vector<LineSeries>& series, const std::vector<ThresholdLine>& thresholds,
                     const std::string& title, const std::string& x_label, const std::string& y_label);
// Two quantities against one x: the left series on the left axis (from left_lo to left_hi), the
// right one on its own axis at the right (range from its values), each axis titled in its
// series' colour.
std::string TwoAxisLinesSvg(const LineSeries& left, double left_lo, double left_hi, const LineSeries& right,
                            const std::string& title, const std::string& x_label, const std::string& left_label,
                            const std::string& right_label);

// One bar split into parts (e.g. a day's energy by activity), on an axis of the total's unit,
// with a legend that gives each part's value and share.
struct BarPart {
  std::string label;
  std::string colour;
  double value;
};
std::string StackedBarSvg(const std::vector<BarPart>& parts, const std::string& title, const std::string& x_label,
                          const std::string& value_unit);

// A step curve (value constant from edges[i] to edges[i+1]) on a logarithmic value axis, for a
// current against time; spans mark events (a shaded band with its label) and, with few steps,
// a tick marks each step on the time axis. Values at or below zero sit at the axis' bottom.
struct SvgSpan {
  double from;
  double to;
  std::string label;
};
std::string StepSvg(const std::vector<double>& edges, const std::vector<double>& values, const std::vector<SvgSpan>& spans,
                    const std::string& title, const std::string& x_label, const std::string& y_label);

// A fixed colour per index, for charts whose parts have no colour of their own.
std::string PaletteColour(std::size_t index);

}  // namespace pb::cli
