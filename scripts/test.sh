#!/usr/bin/env bash
# Installs the dependencies, builds with warnings as errors and runs every test.
#   scripts/test.sh          the CI build (Release, -Werror)
#   scripts/test.sh asan     the same tests under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
