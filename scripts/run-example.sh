#!/usr/bin/env bash
# Installs the dependencies, builds powerbudget and runs the main job on the bundled
# mast-monitor profile (the customer's NB-IoT backup-battery monitor, one-year target).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target powerbudget
./build/release/cli/powerbudget simulate mast-monitor "$@"
