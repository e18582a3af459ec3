#!/usr/bin/env bash
# Rewrites tests/golden/ from the current build. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
cmake --build --preset "$preset" -j "$(nproc)"
POWERBUDGET_UPDATE_GOLDEN=1 "build/$preset/tests/powerbudget_tests" --gtest_filter='*Golden*'
git --no-pager diff --stat -- tests/golden
