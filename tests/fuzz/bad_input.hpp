// Bad input is expected, bugs are not. A fuzz target runs its parser inside ExpectBadInputOnly:
// the errors every powerbudget command reports as bad input (exit code 2: cli::GuardBadInput in
// cli/profile_arguments.cpp) are caught; any other exception leaves the target, so that libFuzzer
// reports it as a crash, as the command would report "internal error" (exit code 3) for it.
#pragma once

#include <exception>
#include <stdexcept>

#include "engine/errors.hpp"
#include "engine/estimation/fleet/fleet_estimator.hpp"
#include "engine/trace/trace_error.hpp"
#include "tests/fuzz/known_faults.hpp"

namespace pb::fuzz {

template <typename Body>
void ExpectBadInputOnly(Body&& body) {
  try {
    body();
  } catch (const engine::ProfileError&) {
  } catch (const engine::trace::TraceError&) {
  } catch (const engine::estimation::SnapshotError&) {
  } catch (const std::invalid_argument&) {
  } catch (const std::exception& e) {
    if (!IsToleratedKnownFault(e)) throw;
  }
}

}  // namespace pb::fuzz
