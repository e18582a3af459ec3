// What a population of N devices does to one carrier: the utilisation of each channel, the
// random-access collisions of each CE level, and what the retries cost the devices.
//
// Randomised reporting: every device's accesses are spread uniformly in time, so CE level c sees
//   a_c = T_c · N · Σ_classes share·accesses_per_s    new attempts per NPRACH opportunity
// and its collision probability, mean attempts and failures follow from random_access.hpp.
// Utilisation is the day's average: downlink = Σ (NPDCCH + NPDSCH time) per second / the
// available downlink subframes (carrier.hpp); uplink = Σ NPUSCH bandwidth·time per second / the
// bandwidth NPRACH leaves. Retries add a preamble and a RAR each.
//
// Synchronised reporting: every report falls on a common epoch (the full hour, 00:00 ...). The
// epochs are the multiples of g = gcd of the report intervals over one hyper-period lcm; at
// epoch k the devices whose interval divides k·g report together, spread over the window W, so
//   a_c(k) = burst_c(k) · min(1, T_c / W) + background_c
// (background: TAU and keep-alive accesses, random). A device pays the retries of the epochs it
// reports at. The burst also queues for the carrier: with D(k) the burst's downlink (or uplink,
// whichever is larger) time over the available rate, a fluid queue fed uniformly over W and
// drained at full rate makes an access that got through wait max(0, (D(k) − W)/2) on average.
// That wait is reported as latency, not charged as energy: an overloaded eNB rejects or defers
// connections (RRCConnectionReject-NB with a wait time, TS 36.331 §5.3.3.8) and the UE waits in
// idle near its floor current; connected-mode current for the whole wait would overstate it.
// The collisions reported for synchronised reporting are those of the worst epoch.
//
// Energy: a device of class i pays per day ΔE_i = Σ accesses·(M̄ − 1)·E_retry,i; its lifetime on the budget's ideal battery falls from L_i to
// L_i · E_day,i / (E_day,i + ΔE_i).
#pragma once

#include <array>

#include "engine/cell/device_classes.hpp"
#include "engine/cell/random_access.hpp"

namespace pb::engine::cell {

enum class ArrivalPattern { kRandomised, kSynchronised };
const char* ArrivalPatternName(ArrivalPattern pattern);

struct CeLevelLoad {
  double devices = 0.0;
  double accesses_per_s = 0.0;    // first attempts, averaged over the day
  int preambles = 0;
  double nprach_period_s = 0.0;
  AccessOutcome access;           // randomised: steady state; synchronised: the worst epoch
  double downlink_frac = 0.0;     // this level's share of the available downlink
  double uplink_frac = 0.0;       // this level's share of the NPUSCH bandwidth
};

struct ChannelLoad {
  double npdcch_frac = 0.0;   // of the available downlink subframes
  double npdsch_frac = 0.0;
  double downlink_frac = 0.0;
  double npusch_frac = 0.0;   // of the uplink bandwidth left to NPUSCH
  double nprach_reserved_frac = 0.0;  // of the 180 kHz uplink, fixed by the configuration
};

struct EnergyPenalty {
  double extra_attempts_per_access = 0.0;   // device mean
  double extra_energy_J_per_report = 0.0;   // device mean
  double extra_energy_J_per_day = 0.0;      // device mean
  double queueing_wait_s_per_report = 0.0;  // synchronised only; device mean; latency, not energy
  double failed_access_frac = 0.0;          // reports whose access was given up after M attempts
  double lifetime_loss_days = 0.0;          // device mean
  double lifetime_loss_days_max = 0.0;      // the worst class
  std::array<double, 3> lifetime_loss_days_by_ce{};  // mean over the devices of each CE level
};

struct CellLoad {
  ArrivalPattern pattern = ArrivalPattern::kRandomised;
  double devices = 0.0;
  std::array<CeLevelLoad, 3> ce{};
  ChannelLoad channels;
  EnergyPenalty penalty;

  double max_utilisation_frac() const;
  double max_collision_probability_frac() const;
};

CellLoad EvaluateLoad(const CellScenario& scenario, const DeviceClasses& classes, double devices,
                      ArrivalPattern pattern);

}  // namespace pb::engine::cell
