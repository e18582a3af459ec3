#include "engine/campaign/cell_campaign.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <queue>
#include <set>
#include <utility>

#include "engine/campaign/random_stream.hpp"

namespace pb::engine::campaign {
namespace {

constexpr double kShareTolerance = 1e-12;

enum class EventKind : std::uint8_t { kPark, kStart, kDone };

struct Event {
  double time_s;
  std::uint64_t sequence;  // ties go in the order the events were made: deterministic
  EventKind kind;
  std::uint32_t local;
  bool operator>(const Event& o) const { return time_s != o.time_s ? time_s > o.time_s : sequence > o.sequence; }
};

struct DeviceState {
  RandomStream stream{0};
  double admitted_frac = 0.0;  // downlink share this download holds
  double slowdown = 1.0;
  double start_s = 0.0;
  int download_attempts = 0;
  int installs = 0;
};

class CellCampaign {
 public:
  CellCampaign(const CellCampaignInputs& in, const std::vector<FleetDevice>& fleet,
               const std::vector<std::uint32_t>& members, std::vector<DeviceOutcome>& outcomes, CellTotals& totals)
      : in_(in), s_(in.scenario), fleet_(fleet), members_(members), outcomes_(outcomes), totals_(totals),
        state_(members.size()), parked_(s_.groups.size()) {
    for (std::size_t i = 0; i < members_.size(); ++i) state_[i].stream = RandomStream(fleet_[members_[i]].stream_state);
  }

  void Run() {
    std::vector<std::uint32_t> reachable;
    for (std::uint32_t i = 0; i < members_.size(); ++i) {
      if (Device(i).ce_level < 0) {
        Outcome(i).status = DeviceStatus::kOutOfCoverage;
      } else {
        reachable.push_back(i);
      }
    }
    if (in_.variant.delivery == Delivery::kMulticast) {
      Multicast(reachable);
    } else {
      for (std::uint32_t i : reachable) Park(i);
      Admit(0.0);
    }
    while (!events_.empty()) {
      const Event e = events_.top();
      events_.pop();
      switch (e.kind) {
        case EventKind::kPark: Park(e.local); Admit(e.time_s); break;
        case EventKind::kStart: Start(e.local, e.time_s); break;
        case EventKind::kDone: Done(e.local, e.time_s); break;
      }
    }
  }

 private:
  const FleetDevice& Device(std::uint32_t local) const { return fleet_[members_[local]]; }
  DeviceOutcome& Outcome(std::uint32_t local) { return outcomes_[members_[local]]; }
  const GroupCosts& Group(std::uint32_t local) const { return in_.costs[Device(local).group]; }
  const UpdateCost& Cost(std::uint32_t local) const { return Group(local).at(in_.variant.image, Device(local).ce_level); }
  double Share() const { return s_.schedule.downlink_share_frac; }

  void Push(double time_s, EventKind kind, std::uint32_t local) { events_.push({time_s, sequence_++, kind, local}); }

  // A parked device waits, keyed by its phase within its wake interval, for a free slot.
  void Park(std::uint32_t local) {
    const double interval_s = Group(local).wake_interval_s;
    parked_[Device(local).group].insert({std::fmod(Device(local).first_wake_s, interval_s), local});
  }

  // Gives free slots to the parked devices that contact the server first, while they fit.
  void Admit(double now_s) {
    while (reserved_ < s_.schedule.max_concurrent_downloads_per_cell) {
      double best_s = std::numeric_limits<double>::infinity();
      std::size_t best_group = 0;
      std::set<std::pair<double, std::uint32_t>>::iterator best;
      for (std::size_t g = 0; g < parked_.size(); ++g) {
        auto& set = parked_[g];
        if (set.empty()) continue;
        const double interval_s = in_.costs[g].wake_interval_s;
        const double phase_s = std::fmod(now_s, interval_s);
        auto it = set.lower_bound({phase_s, 0});
        const double wait_s = it == set.end() ? interval_s - phase_s + (it = set.begin())->first : it->first - phase_s;
        if (now_s + wait_s < best_s) {
          best_s = now_s + wait_s;
          best_group = g;
          best = it;
        }
      }
      if (best_s == std::numeric_limits<double>::infinity()) return;
      const std::uint32_t local = best->second;
      const UpdateCost& cost = Cost(local);
      const double demand = cost.download_downlink_s / cost.download_duration_s / in_.available_downlink_frac;
      const double admitted = std::min(demand, Share());
      if (reserved_ > 0 && reserved_frac_ + admitted > Share() + kShareTolerance) return;
      parked_[best_group].erase(best);
      ++reserved_;
      reserved_frac_ += admitted;
      state_[local].admitted_frac = admitted;
      state_[local].slowdown = std::max(1.0, demand / Share());
      Push(best_s, EventKind::kStart, local);
    }
  }

  void Start(std::uint32_t local, double now_s) {
    DeviceState& st = state_[local];
    st.start_s = now_s;
    active_frac_ += st.admitted_frac;
    totals_.peak_downlink_frac = std::max(totals_.peak_downlink_frac, active_frac_);
    Push(now_s + Cost(local).download_duration_s * st.slowdown, EventKind::kDone, local);
  }

  void Done(std::uint32_t local, double now_s) {
    DeviceState& st = state_[local];
    const UpdateCost& cost = Cost(local);
    active_frac_ -= st.admitted_frac;
    --reserved_;
    reserved_frac_ -= st.admitted_frac;
    totals_.segments.push_back({st.start_s, now_s, st.admitted_frac});
    ++st.download_attempts;
    ++Outcome(local).download_attempts;
    const double waited_s = (now_s - st.start_s) - cost.download_duration_s;
    const double energy_J = cost.download_energy_J + waited_s * cost.connected_wait_power_W;
    if (st.stream.Uniform() < s_.failures.download_failure_frac) {
      const double received_frac = st.stream.Uniform();
      Outcome(local).energy_J += received_frac * energy_J;
      totals_.downlink_s += received_frac * cost.download_downlink_s;
      totals_.partial_download_B += std::floor(received_frac * cost.blocks) * s_.image.block_size_B;
      ++totals_.failed_downloads;
      if (st.download_attempts < s_.retry.max_download_attempts)
        Park(local);
      else
        Finish(local, DeviceStatus::kFailed, now_s);
    } else {
      Outcome(local).energy_J += energy_J;
      totals_.downlink_s += cost.download_downlink_s;
      totals_.complete_download_B += cost.download_B;
      ++totals_.completed_downloads;
      Install(local, now_s);
    }
    Admit(now_s);
  }

  void Install(std::uint32_t local, double now_s) {
    DeviceState& st = state_[local];
    const UpdateCost& cost = Cost(local);
    const double installed_s = now_s + cost.install_duration_s;
    if (st.stream.Uniform() < s_.failures.install_failure_frac) {
      Outcome(local).energy_J += cost.install_energy_J + cost.rollback_energy_J;
      ++totals_.failed_installs;
      ++Outcome(local).failed_installs;
      ++st.installs;
      if (s_.retry.on_install_failure == InstallFailurePolicy::kRetry && st.installs < s_.retry.max_install_attempts)
        Push(std::max(installed_s, unicast_from_s_), EventKind::kPark, local);
      else
        Finish(local, DeviceStatus::kRolledBack, installed_s);
    } else {
      Outcome(local).energy_J += cost.install_energy_J;
      Finish(local, DeviceStatus::kUpdated, installed_s);
    }
  }

  void Finish(std::uint32_t local, DeviceStatus status, double at_s) {
    Outcome(local).status = status;
    Outcome(local).finished_s = at_s;
    totals_.last_event_s = std::max(totals_.last_event_s, at_s);
  }

  void Multicast(const std::vector<std::uint32_t>& reachable) {
    if (reachable.empty()) return;
    std::vector<double> first_wake_s;
    for (std::uint32_t i : reachable) first_wake_s.push_back(Device(i).first_wake_s);
    std::sort(first_wake_s.begin(), first_wake_s.end());
    const auto known = static_cast<std::size_t>(std::ceil(s_.multicast.session_after_frac * static_cast<double>(first_wake_s.size())));
    const double announce_s = first_wake_s[std::clamp<std::size_t>(known, 1, first_wake_s.size()) - 1];

    // One session per device type and CE level among the devices that know, one after another.
    struct Session {
      double start_s = 0.0, end_s = 0.0;
    };
    std::vector<std::array<Session, 3>> sessions(s_.groups.size());
    std::vector<std::array<bool, 3>> wanted(s_.groups.size());
    for (std::uint32_t i : reachable)
      if (Device(i).first_wake_s <= announce_s) wanted[Device(i).group][Device(i).ce_level] = true;
    double cursor_s = announce_s;
    for (std::size_t g = 0; g < s_.groups.size(); ++g) {
      for (int level = 0; level < 3; ++level) {
        if (!wanted[g][level]) continue;
        const UpdateCost& cost = in_.costs[g].at(in_.variant.image, level);
        const double duration_s = std::max(cost.multicast_downlink_s / (Share() * in_.available_downlink_frac),
                                           cost.multicast_min_duration_s);
        const double frac = cost.multicast_downlink_s / duration_s / in_.available_downlink_frac;
        sessions[g][level] = {cursor_s, cursor_s + duration_s};
        totals_.segments.push_back({cursor_s, cursor_s + duration_s, frac});
        totals_.peak_downlink_frac = std::max(totals_.peak_downlink_frac, frac);
        totals_.downlink_s += cost.multicast_downlink_s;
        totals_.multicast_B += cost.download_B;
        cursor_s += duration_s;
      }
    }
    unicast_from_s_ = cursor_s;

    for (std::uint32_t i : reachable) {
      const FleetDevice& d = Device(i);
      if (d.first_wake_s > announce_s) {  // heard of it too late: unicast after the sessions
        Push(std::max(d.first_wake_s, unicast_from_s_), EventKind::kPark, i);
        continue;
      }
      const Session& session = sessions[d.group][d.ce_level];
      const UpdateCost& cost = Cost(i);
      DeviceState& st = state_[i];
      Outcome(i).energy_J += cost.multicast_wake_energy_J + (session.end_s - session.start_s) * cost.multicast_rx_power_W;
      ++st.download_attempts;
      ++Outcome(i).download_attempts;
      if (st.stream.Uniform() < s_.failures.download_failure_frac) {
        ++totals_.failed_downloads;
        Push(unicast_from_s_, EventKind::kPark, i);
        continue;
      }
      ++totals_.multicast_receptions;
      const double lost = s_.multicast.block_loss_frac;
      Outcome(i).energy_J += lost * cost.download_energy_J;
      totals_.repair_B += lost * cost.download_B;
      totals_.downlink_s += lost * cost.download_downlink_s;
      Install(i, session.end_s);
    }
  }

  const CellCampaignInputs& in_;
  const CampaignScenario& s_;
  const std::vector<FleetDevice>& fleet_;
  const std::vector<std::uint32_t>& members_;
  std::vector<DeviceOutcome>& outcomes_;
  CellTotals& totals_;
  std::vector<DeviceState> state_;
  std::vector<std::set<std::pair<double, std::uint32_t>>> parked_;  // per device group
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::uint64_t sequence_ = 0;
  int reserved_ = 0;           // slots given, started or about to start
  double reserved_frac_ = 0.0; // their downlink share
  double active_frac_ = 0.0;   // of the downloads running now
  double unicast_from_s_ = 0.0;
};

}  // namespace

void RunCellCampaign(const CellCampaignInputs& inputs, const std::vector<FleetDevice>& fleet,
                     const std::vector<std::uint32_t>& members, std::vector<DeviceOutcome>& outcomes,
                     CellTotals& totals) {
  CellCampaign(inputs, fleet, members, outcomes, totals).Run();
}

}  // namespace pb::engine::campaign
