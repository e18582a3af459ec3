#!/usr/bin/env bash
# Installs the dependencies, builds powerbudget and runs the main job on the bundled
# mast-monitor profile (the customer's NB-IoT backup-battery monitor, one-year target), and
# leaves `powerbudget` on the PATH (/usr/local/bin/powerbudget, a link to this build) for the
# README's commands.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target powerbudget
# A link, not a copy: the binary finds the bundled profiles beside the build it is in
# (build/release/share/powerbudget/profiles; docs/cli.md, --profiles-dir), and a rebuild is seen.
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO ln -sfn "$PWD/build/release/cli/powerbudget" /usr/local/bin/powerbudget
echo "powerbudget: /usr/local/bin/powerbudget -> build/release/cli/powerbudget"
powerbudget simulate mast-monitor "$@"
