// Small self-contained SVG charts for reports (no plotting library): a histogram with a
// marker line (single or stacked groups), a tornado, and a line chart with an optional threshold.
#pragma once

#include <string>
#include <vector>

namespace pb::cli {

std::string HistogramSvg(const std::vector<double>& values, double marker, const std::string& title,
                         const std::string& x_label, const std::string& marker_label);

// A histogram of several groups of one quantity (e.g. the lifetimes of the devices at each CE
// level), stacked bar on bar in shared bins, with a legend (label, count) and the marker line.
struct HistogramGroup {
  std::string label;
  std::string colour;  // SVG colour, e.g. "#4a7ab5"
  std::vector<double> values;
};
std::string StackedHistogramSvg(const std::vector<HistogramGroup>& groups, double marker, const std::string& title,
                                const std::string& x_label, const std::string& marker_label);

struct TornadoBar {
  std::string label;
  double low;   // result with the input at its low value
  double high;  // result with the input at its high value
};
std::string TornadoSvg(const std::vector<TornadoBar>& bars, double nominal, const std::string& title,
                       const std::string& x_label);

std::string LineSvg(const std::vector<double>& x, const std::vector<double>& y, const std::string& title,
                    const std::string& x_label, const std::string& y_label, double threshold, const std::string& threshold_label);

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

}  // namespace pb::cli
