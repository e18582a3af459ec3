// The timeline's working form: what each load does, as pieces on its own lane (modem, MCU,
// sensor), before the lanes are summed into one current against time. An Occurrence is one wake
// of the device (a report, a TAU, a firmware update) with times from its own start. LayOut places
// occurrences in a period at their nominal times (later when the previous one has not ended),
// fills what they leave on each lane (PSM or idle paging, MCU sleep) and sums the lanes into
// segments. Private to engine/timeline.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "engine/timeline/timeline.hpp"

namespace pb::engine::timeline::detail {

enum class Lane { kModem, kMcu, kSensor };
inline constexpr std::size_t kNumLanes = 3;

struct Piece {
  double start_s = 0.0;
  double duration_s = 0.0;
  double current_A = 0.0;  // from the battery
  std::string phase;
  const char* activity = "";
  models::radio::ModemState modem_state = models::radio::ModemState::kPsm;
  double share_frac = 1.0;
  // Fills what the occurrences leave (PSM, MCU sleep): names a segment only when nothing else runs.
  bool background = false;
};

class Occurrence {
 public:
  explicit Occurrence(double nominal_start_s) : nominal_start_s_(nominal_start_s) {}

  // Modem time from where the modem's previous phase ended (piece.start_s is set here).
  void AddModem(Piece piece);
  // Work of the MCU or the sensor. Sequential work starts once everything before it has ended and
  // holds the modem back (reading the sensor before the connection, writing flash); concurrent
  // work starts with the modem's next phase (a handshake's crypto during its messages).
  void AddLoad(Lane lane, Piece piece, bool sequential);
  double ModemEnd_s() const { return ends_s_[0]; }
  // Marks an event from `start_s` to where the modem is now.
  void Mark(const char* activity, std::string label, double start_s, double share_frac);

  double nominal_start_s() const { return nominal_start_s_; }
  double Duration_s() const;
  const std::vector<Piece>& lane(Lane l) const { return lanes_[static_cast<std::size_t>(l)]; }
  const std::vector<Event>& events() const { return events_; }

 private:
  double nominal_start_s_;
  std::array<std::vector<Piece>, kNumLanes> lanes_;
  std::array<double, kNumLanes> ends_s_{};
  std::vector<Event> events_;
};

// Appends what a lane does from start_s for duration_s when no occurrence uses it.
using Filler = std::function<void(double start_s, double duration_s, std::vector<Piece>& lane)>;

struct Period {
  double duration_s = 0.0;
  std::vector<Occurrence> occurrences;
  std::array<Filler, kNumLanes> fillers;  // an empty one leaves the lane without current
  std::vector<ActivityCurrent> floors;    // drawn all the time, at the battery
};

// Occurrences keep their order by nominal start; each starts at its nominal time, or when the one
// before it has ended, or early enough that the rest still fit in the period. The timeline is
// longer than the period only when the occurrences alone are.
void LayOut(const Period& period, Timeline& timeline);

}  // namespace pb::engine::timeline::detail
