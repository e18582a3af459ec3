#!/usr/bin/env bash
# Installs the dependencies, builds with warnings as errors, leaves `powerbudget` on the PATH
# (/usr/local/bin/powerbudget, a link to this build, as scripts/run-example.sh does) and runs
# every test.
#   scripts/test.sh          the CI build (Release, -Werror)
#   scripts/test.sh asan     the same tests under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO ln -sfn "$PWD/build/$preset/cli/powerbudget" /usr/local/bin/powerbudget
ctest --preset "$preset" -j "$(nproc)"
