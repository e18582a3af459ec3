// Random-access contention on one CE level's NPRACH: slotted ALOHA over the preambles of an
// opportunity, with retries.
//
// An NPRACH opportunity of CE level c offers N_c preambles (one per subcarrier, TS 36.211
// §10.1.6). Attempts arrive as a Poisson stream, G per opportunity on average, and each picks a
// preamble uniformly; an attempt collides when another attempt picks the same preamble:
//     p = 1 − e^(−G/N)                                   (slotted ALOHA, Poisson arrivals)
// A collided attempt is retried after a back-off (TS 36.321 §5.1.4), up to M attempts
// (preambleTransMax-CE). With a new arrivals per opportunity the retries add to the load:
//     G = a · M̄(p),   M̄(p) = 1 + p + … + p^(M−1) = (1 − p^M)/(1 − p)   (mean attempts per access)
// and an access fails after M collisions with probability p^M. The fixed point is found by
// iterating p ← 1 − exp(−a·M̄(p)/N) from p = 0: the map is increasing in p, so the iteration
// climbs monotonically to the smallest fixed point, the operating point a loaded cell reaches.
// Approximations (docs/cell-and-campaigns.md): collisions are the only failure (no missed
// detection, no capture), retries are independent of each other (back-off spreads them over
// many opportunities), a UE stays on its CE level (no CE-level escalation after M attempts).
#pragma once

namespace pb::engine::cell {

// 1 − e^(−G/N); throws std::invalid_argument for negative G or N < 1.
double CollisionProbability(double attempts_per_opportunity, int preambles);
// (1 − p^M)/(1 − p), M for p = 1.
double MeanAttempts(double collision_probability_frac, int max_attempts);

struct AccessOutcome {
  double new_per_opportunity = 0.0;       // a: first attempts per opportunity
  double attempts_per_opportunity = 0.0;  // G = a·M̄
  double collision_probability_frac = 0.0;
  double mean_attempts = 1.0;
  double failure_probability_frac = 0.0;  // p^M: the access is given up
};

AccessOutcome SolveAccess(double new_per_opportunity, int preambles, int max_attempts);

}  // namespace pb::engine::cell
