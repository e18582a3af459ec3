#include "engine/timeline/lanes.hpp"

#include <algorithm>
#include <cmath>

namespace pb::engine::timeline::detail {
namespace {

// Pieces of one lane placed in the period: [start_s, end_s), end_s of one the start_s of the next
// where they abut, so that summing the lanes leaves no slivers.
struct Placed {
  double start_s;
  double end_s;
  const Piece* piece;
};

// Rounding of sums of durations: closer than this, two instants are one.
constexpr double kSnap_s = 1e-9;

void AddPart(std::vector<ActivityCurrent>& parts, const std::string& activity, double current_A) {
  if (current_A == 0.0) return;
  for (ActivityCurrent& p : parts)
    if (p.activity == activity) {
      p.current_A += current_A;
      return;
    }
  parts.push_back({activity, current_A});
}

bool SameLabel(const Segment& a, const Segment& b) {
  if (a.phase != b.phase || a.activity != b.activity || a.modem_state != b.modem_state || a.share_frac != b.share_frac ||
      a.current_A != b.current_A || a.parts.size() != b.parts.size())
    return false;
  for (std::size_t i = 0; i < a.parts.size(); ++i)
    if (a.parts[i].activity != b.parts[i].activity || a.parts[i].current_A != b.parts[i].current_A) return false;
  return true;
}

// The foreground of a moment: the modem's phase unless it only fills time, then the MCU's work,
// then the sensor's, then whatever fills.
const Piece* Foreground(const std::array<const Piece*, kNumLanes>& active) {
  const Piece* modem = active[0];
  const Piece* mcu = active[1];
  const Piece* sensor = active[2];
  if (modem && !modem->background) return modem;
  if (mcu && !mcu->background) return mcu;
  if (sensor && !sensor->background) return sensor;
  return modem ? modem : (mcu ? mcu : sensor);
}

}  // namespace

void Occurrence::AddModem(Piece piece) {
  if (!(piece.duration_s > 0.0)) return;
  piece.start_s = ends_s_[0];
  ends_s_[0] += piece.duration_s;
  lanes_[0].push_back(std::move(piece));
}

void Occurrence::AddLoad(Lane lane, Piece piece, bool sequential) {
  if (!(piece.duration_s > 0.0)) return;
  const auto l = static_cast<std::size_t>(lane);
  if (sequential) {
    piece.start_s = *std::max_element(ends_s_.begin(), ends_s_.end());
    ends_s_.fill(piece.start_s + piece.duration_s);
  } else {
    piece.start_s = std::max(ends_s_[0], ends_s_[l]);
    ends_s_[l] = piece.start_s + piece.duration_s;
  }
  lanes_[l].push_back(std::move(piece));
}

void Occurrence::Mark(const char* activity, std::string label, double start_s, double share_frac) {
  events_.push_back({activity, std::move(label), start_s, ends_s_[0] - start_s, share_frac});
}

double Occurrence::Duration_s() const { return *std::max_element(ends_s_.begin(), ends_s_.end()); }

void LayOut(const Period& period, Timeline& timeline) {
  std::vector<const Occurrence*> order;
  double remaining_s = 0.0;
  for (const Occurrence& o : period.occurrences) {
    order.push_back(&o);
    remaining_s += o.Duration_s();
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const Occurrence* a, const Occurrence* b) { return a->nominal_start_s() < b->nominal_start_s(); });

  std::array<std::vector<Placed>, kNumLanes> lanes;
  std::array<std::vector<Piece>, kNumLanes> fills;  // reserved below: Placed points into them
  double t_s = 0.0;
  for (const Occurrence* o : order) {
    const double duration_s = o->Duration_s();
    remaining_s -= duration_s;
    const double latest_s = period.duration_s - remaining_s - duration_s;
    const double start_s = std::max(t_s, std::min(o->nominal_start_s(), latest_s));
    for (std::size_t l = 0; l < kNumLanes; ++l) {
      for (const Piece& p : o->lane(static_cast<Lane>(l))) {
        double from_s = start_s + p.start_s;
        if (!lanes[l].empty() && std::abs(from_s - lanes[l].back().end_s) < kSnap_s) from_s = lanes[l].back().end_s;
        lanes[l].push_back({from_s, from_s + p.duration_s, &p});
      }
    }
    for (Event e : o->events()) {
      e.start_s += start_s;
      timeline.events.push_back(std::move(e));
    }
    t_s = start_s + duration_s;
  }
  const double total_s = std::max(period.duration_s, t_s);
  std::stable_sort(timeline.events.begin(), timeline.events.end(),
                   [](const Event& a, const Event& b) { return a.start_s < b.start_s; });

  // What each lane does between occurrences.
  for (std::size_t l = 0; l < kNumLanes; ++l) {
    if (!period.fillers[l]) continue;
    std::vector<std::pair<double, double>> gaps;
    double at_s = 0.0;
    for (const Placed& p : lanes[l]) {
      if (p.start_s - at_s > kSnap_s) gaps.emplace_back(at_s, p.start_s);
      at_s = std::max(at_s, p.end_s);
    }
    if (total_s - at_s > kSnap_s) gaps.emplace_back(at_s, total_s);
    std::vector<std::size_t> first_of_gap;
    for (const auto& [from_s, to_s] : gaps) {
      first_of_gap.push_back(fills[l].size());
      period.fillers[l](from_s, to_s - from_s, fills[l]);
    }
    std::vector<Placed> filled;
    filled.reserve(lanes[l].size() + fills[l].size());
    for (std::size_t g = 0; g < gaps.size(); ++g) {
      const std::size_t first = first_of_gap[g];
      const std::size_t last = g + 1 < gaps.size() ? first_of_gap[g + 1] : fills[l].size();
      double from_s = gaps[g].first;
      for (std::size_t i = first; i < last; ++i) {
        const double to_s = i + 1 == last ? gaps[g].second : from_s + fills[l][i].duration_s;
        filled.push_back({from_s, to_s, &fills[l][i]});
        from_s = to_s;
      }
    }
    filled.insert(filled.end(), lanes[l].begin(), lanes[l].end());
    std::sort(filled.begin(), filled.end(), [](const Placed& a, const Placed& b) { return a.start_s < b.start_s; });
    lanes[l] = std::move(filled);
  }

  // Sum the lanes between every two instants where any piece starts or ends.
  std::vector<double> instants{0.0, total_s};
  for (const auto& lane : lanes)
    for (const Placed& p : lane) {
      instants.push_back(p.start_s);
      instants.push_back(p.end_s);
    }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  std::array<std::size_t, kNumLanes> next{};
  for (std::size_t k = 0; k + 1 < instants.size(); ++k) {
    const double from_s = instants[k];
    const double to_s = instants[k + 1];
    if (!(to_s > from_s) || from_s >= total_s) continue;
    std::array<const Piece*, kNumLanes> active{};
    Segment s;
    s.start_s = from_s;
    s.duration_s = to_s - from_s;
    for (std::size_t l = 0; l < kNumLanes; ++l) {
      while (next[l] < lanes[l].size() && lanes[l][next[l]].end_s <= from_s) ++next[l];
      if (next[l] < lanes[l].size() && lanes[l][next[l]].start_s <= from_s) {
        active[l] = lanes[l][next[l]].piece;
        AddPart(s.parts, active[l]->activity, active[l]->current_A);
        s.current_A += active[l]->current_A;
      }
    }
    for (const ActivityCurrent& f : period.floors) {
      AddPart(s.parts, f.activity, f.current_A);
      s.current_A += f.current_A;
    }
    if (const Piece* fg = Foreground(active)) {
      s.phase = fg->phase;
      s.activity = fg->activity;
      s.share_frac = fg->share_frac;
    }
    if (active[0]) s.modem_state = active[0]->modem_state;
    if (!timeline.segments.empty() && SameLabel(timeline.segments.back(), s)) {
      Segment& previous = timeline.segments.back();
      previous.duration_s = to_s - previous.start_s;
    } else {
      timeline.segments.push_back(std::move(s));
    }
  }
  timeline.duration_s = total_s;
}

}  // namespace pb::engine::timeline::detail
