// Grouping similar events and finding their period (declared in trace_analyzer.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <string>

#include "engine/trace/trace_analyzer.hpp"

namespace pb::engine::trace {
namespace {

struct Cluster {
  double log_charge_sum = 0.0;
  double log_duration_sum = 0.0;
  std::size_t n = 0;
  double MeanLogCharge() const { return log_charge_sum / static_cast<double>(n); }
  double MeanLogDuration() const { return log_duration_sum / static_cast<double>(n); }
};

// Charges and durations of real events are positive; the guard keeps log() finite for
// degenerate ones (a zero-length event at a break).
double SafeLog(double value) { return std::log(std::max(value, 1e-15)); }

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  double median = values[mid];
  if (values.size() % 2 == 0) {
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    median = 0.5 * (median + lower);
  }
  return median;
}

// 3 significant digits, no exponent: 3600, 1.28, 86400, 0.5.
std::string PeriodText(double period_s) {
  if (period_s <= 0.0) return "0";
  const int digits = static_cast<int>(std::floor(std::log10(period_s))) + 1;
  const double scale = std::pow(10.0, 3 - digits);
  const double rounded = std::round(period_s * scale) / scale;
  char buffer[32];
  const int decimals = std::max(0, 3 - digits);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

}  // namespace

std::vector<EventGroup> GroupEvents(std::vector<TraceEvent>& events, const AnalysisOptions& options,
                                    double measured_time_s) {
  const double charge_tolerance = std::log1p(options.group_charge_tolerance_frac);
  const double duration_tolerance = std::log1p(options.group_duration_tolerance_frac);
  std::vector<Cluster> clusters;
  for (TraceEvent& e : events) {
    e.group = -1;
    if (e.incomplete) continue;
    const double lq = SafeLog(e.charge_C), ld = SafeLog(e.duration_s);
    int best = -1;
    double best_distance = 2.0;
    for (std::size_t g = 0; g < clusters.size(); ++g) {
      const double dq = std::abs(lq - clusters[g].MeanLogCharge()) / charge_tolerance;
      const double dd = std::abs(ld - clusters[g].MeanLogDuration()) / duration_tolerance;
      if (dq < 1.0 && dd < 1.0 && dq + dd < best_distance) {
        best_distance = dq + dd;
        best = static_cast<int>(g);
      }
    }
    if (best < 0) {
      clusters.emplace_back();
      best = static_cast<int>(clusters.size() - 1);
    }
    Cluster& c = clusters[static_cast<std::size_t>(best)];
    c.log_charge_sum += lq;
    c.log_duration_sum += ld;
    ++c.n;
    e.group = best;
  }

  std::vector<EventGroup> groups(clusters.size());
  std::vector<std::vector<double>> starts(clusters.size());
  std::vector<double> charge_sq(clusters.size(), 0.0);
  for (const TraceEvent& e : events) {
    if (e.group < 0) continue;
    const std::size_t g = static_cast<std::size_t>(e.group);
    EventGroup& group = groups[g];
    ++group.count;
    group.mean_charge_C += e.charge_C;
    charge_sq[g] += e.charge_C * e.charge_C;
    group.mean_duration_s += e.duration_s;
    group.mean_peak_A += e.peak_A;
    starts[g].push_back(e.start_s);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    EventGroup& group = groups[g];
    const double n = static_cast<double>(group.count);
    group.mean_charge_C /= n;
    group.mean_duration_s /= n;
    group.mean_peak_A /= n;
    const double variance = std::max(0.0, charge_sq[g] / n - group.mean_charge_C * group.mean_charge_C);
    group.charge_spread_frac = group.mean_charge_C > 0.0 ? std::sqrt(variance) / group.mean_charge_C : 0.0;
    std::vector<double> intervals;
    for (std::size_t k = 1; k < starts[g].size(); ++k) intervals.push_back(starts[g][k] - starts[g][k - 1]);
    group.median_interval_s = Median(intervals);
    // Regular: at least two intervals, each within the tolerance of a whole number of median
    // intervals (an occurrence lost in a gap leaves a double interval), and no more than a
    // quarter of the occurrences missing. A burst of paging occasions after each report has
    // a short median interval but far fewer events than the span holds: not regular.
    const double median = group.median_interval_s;
    const bool aligned = std::all_of(intervals.begin(), intervals.end(), [&](double interval) {
      const double multiple = std::max(1.0, std::round(interval / median));
      return std::abs(interval - multiple * median) <= options.regular_tolerance_frac * median;
    });
    const double expected = intervals.empty() || median <= 0.0 ? 0.0 : (starts[g].back() - starts[g].front()) / median + 1.0;
    group.regular = intervals.size() >= 2 && median > 0.0 && aligned && n >= 0.75 * expected;
    group.period_s = group.regular ? group.median_interval_s : measured_time_s / n;
    group.period_s = std::max(group.period_s, group.mean_duration_s);
    group.charge_C_per_s = group.period_s > 0.0 ? group.mean_charge_C / group.period_s : 0.0;
  }

  // Largest average current first; renumber the events' group indices to match.
  std::vector<std::size_t> order(groups.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return groups[a].charge_C_per_s > groups[b].charge_C_per_s; });
  std::vector<int> rank(groups.size());
  std::vector<EventGroup> sorted;
  std::set<std::string> names;
  for (std::size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = static_cast<int>(r);
    EventGroup group = groups[order[r]];
    // fmt-free appends: "literal" + std::string trips GCC 12's -Wrestrict.
    std::string name = group.regular ? std::string("every_").append(PeriodText(group.period_s)).append("s")
                                     : std::string("group_").append(std::to_string(r + 1));
    if (names.count(name)) name.append("_").append(std::to_string(r + 1));
    names.insert(name);
    group.name = name;
    sorted.push_back(std::move(group));
  }
  for (TraceEvent& e : events)
    if (e.group >= 0) e.group = rank[static_cast<std::size_t>(e.group)];
  return sorted;
}

}  // namespace pb::engine::trace
