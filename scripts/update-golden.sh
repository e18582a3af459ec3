#!/usr/bin/env bash
# Rewrites tests/golden/ from the current build. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
cmake --build --preset "$preset" -j "$(nproc)"
for t in "build/$preset"/tests/tests_*; do
  [[ -f "$t" && -x "$t" ]] || continue  # the test programs, not CTest's generated scripts beside them
  POWERBUDGET_UPDATE_GOLDEN=1 "$t" --gtest_filter="*Golden*"
done
git --no-pager diff --stat -- tests/golden
