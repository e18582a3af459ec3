// Small self-contained SVG charts for reports (no plotting library): a histogram with a
// marker line, a tornado, and a line chart with an optional threshold.
#pragma once

#include <string>
#include <vector>

namespace pb::cli {

std::string HistogramSvg(const std::vector<double>& values, double marker, const std::string& title,
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

}  // namespace pb::cli
