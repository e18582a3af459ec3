#!/usr/bin/env bash
# Regenerates docs/validation.md from the reference cases (profiles/reference/*.json).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
cmake --build --preset "$preset" --target powerbudget
"build/$preset/cli/powerbudget" validate --format md --profiles-dir profiles > docs/validation.md || true
git --no-pager diff --stat -- docs/validation.md
