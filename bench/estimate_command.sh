#!/usr/bin/env bash
# `powerbudget estimate` as a user runs it, file to estimates, over a sweep of fleet sizes:
# fleet-sim's mast-monitor telemetry as InfluxDB line protocol (10 k devices x 10 days, 100 k x 1
# day, 1 M x 1 day; generated once into $PB_BENCH_DIR and reused), then
#   powerbudget estimate --profile mast-monitor --input FILE --format json -o /dev/null
# timed RUNS times; the minimum wall time gives records/s and ns per record (docs/estimation.md,
# "Benchmarks"). One core: estimate is single-threaded.
#
#   bench/estimate_command.sh [BUILD_DIR] [SIZE ...]     SIZE: 10k, 100k or 1M (default: all three)
#   RUNS=5 PB_BENCH_DIR=/tmp/pb-bench bench/estimate_command.sh build/release 10k 100k
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10k 100k 1M)
pb=$build/cli/powerbudget
dir=${PB_BENCH_DIR:-/tmp/pb-bench}
runs=${RUNS:-3}
export POWERBUDGET_PROFILES=${POWERBUDGET_PROFILES:-$root/profiles}
mkdir -p "$dir"
printf '%-6s %10s %12s %9s %12s %10s\n' size devices records 'best s' 'records/s' 'ns/record'
for size in "${sizes[@]}"; do
  case $size in
    10k) devices=10000 days=10 ;;
    100k) devices=100000 days=1 ;;
    1M) devices=1000000 days=1 ;;
    *) echo "unknown size $size (10k, 100k, 1M)" >&2; exit 2 ;;
  esac
  file=$dir/fleet_$size.lp
  if [ ! -s "$file" ]; then
    "$pb" fleet-sim mast-monitor --devices $devices --days $days --seed 1 --telemetry-format influx --truth /dev/null \
      -o "$file.part" >/dev/null
    mv "$file.part" "$file"
  fi
  cat "$file" >/dev/null  # into the page cache: the figure is the command's, not the disk's
  best=
  for ((i = 0; i < runs; ++i)); do
    start=$(date +%s.%N)
    "$pb" estimate --profile mast-monitor --input "$file" --format json -o /dev/null 2>"$dir/estimate.err"
    end=$(date +%s.%N)
    # awk (Debian base) for the arithmetic: bash has integers only, and bc is not always installed.
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.9f", b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  records=$(sed -n 's/.* \([0-9]*\) lines,.*/\1/p' "$dir/estimate.err" | tail -1)
  printf '%-6s %10d %12d %9.3f %12.0f %10.0f\n' "$size" $devices "$records" "$best" \
    "$(awk -v r="$records" -v t="$best" 'BEGIN { print r / t }')" \
    "$(awk -v r="$records" -v t="$best" 'BEGIN { print t * 1e9 / r }')"
done
