#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer (docs/fuzzing.md): builds the preset "fuzz" (clang, ASan +
# UBSan), gathers each target's seeds into build/fuzz/corpus/<target>/, runs each target for a
# bounded time and prints its executions. Exits 1 when a target crashed (or leaked, timed out,
# ran out of memory), leaving the reproducer and saying how to keep it as a regression input.
#
#   scripts/fuzz.sh [SECONDS] [--strict] [--keep-going] [TARGET...]
#     SECONDS       time per target (default 60)
#     --strict      also report the known open faults that tests/fuzz/known_faults.hpp tolerates
#     --keep-going  go on fuzzing after a crash, timeout or out-of-memory (libFuzzer's fork mode),
#                   to collect every reproducer a run can find; the run still fails at the end
#     TARGET        only these targets (names as in tests/fuzz/CMakeLists.txt, e.g. trace)
#
# The targets, their input limits, seeds and dictionaries come from the build
# (build/fuzz/fuzz_targets.tsv, written by tests/fuzz/CMakeLists.txt). The corpus folders stay
# between runs, so a local run goes on from what the last one found; CI starts from the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
strict=0
keep_going=0
only=()
for argument in "$@"; do
  case "$argument" in
    --strict) strict=1 ;;
    --keep-going) keep_going=1 ;;
    ''|*[!0-9]*) only+=("$argument") ;;
    *) seconds="$argument" ;;
  esac
done

bash scripts/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

build=build/fuzz
targets_file="$build/fuzz_targets.tsv"
[ "$strict" -eq 1 ] || export PB_FUZZ_KNOWN_FAULTS=tolerate
# Reports abort (a UBSan finding too, so libFuzzer keeps the input) and name the source line.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"

# Seeds into the corpus folder, named by content (as libFuzzer names its own units), each cut to
# the target's input limit as libFuzzer would read it.
gather_seeds() {
  local corpus="$1" max_len="$2" seeds="$3" seed file
  local -a seed_paths
  mkdir -p "$corpus"
  IFS=';' read -r -a seed_paths <<< "$seeds"
  for seed in "${seed_paths[@]}"; do
    [ -n "$seed" ] && [ "$seed" != "-" ] || continue
    if [ -d "$seed" ]; then
      for file in "$seed"/*; do
        [ -f "$file" ] || continue
        head -c "$max_len" "$file" > "$corpus/.seed"
        mv "$corpus/.seed" "$corpus/$(sha1sum < "$corpus/.seed" | cut -c1-40)"
      done
    elif [ -f "$seed" ]; then
      head -c "$max_len" "$seed" > "$corpus/.seed"
      mv "$corpus/.seed" "$corpus/$(sha1sum < "$corpus/.seed" | cut -c1-40)"
    fi
  done
}

# libFuzzer's own count at the end of a run: in fork mode the last "#N: cov: ..." line (all jobs),
# else -print_final_stats' line, else "Done N runs".
executions_of() {
  local log="$1" n
  n=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
  [ -n "$n" ] || n=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  [ -n "$n" ] || n=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  echo "${n:-0}"
}

failed=()
summary=()
while IFS=$'\t' read -r name program max_len seeds dictionary; do
  case "$name" in '#'*|'') continue ;; esac
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  corpus="$build/corpus/$name"
  artifacts="$build/artifacts/$name"
  log="$build/logs/$name.log"
  rm -rf "$artifacts"
  mkdir -p "$artifacts" "$(dirname "$log")"
  gather_seeds "$corpus" "$max_len" "$seeds"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len"
           -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ "$dictionary" = "-" ] || options+=(-dict="$dictionary")
  [ "$keep_going" -eq 0 ] || options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  echo "== fuzz_$name: ${seconds} s, $(find "$corpus" -type f | wc -l) corpus inputs, max_len $max_len =="
  start=$(date +%s)
  status=0
  "$program" "${options[@]}" "$corpus" > "$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  executions=$(executions_of "$log")
  reproducers=$(find "$artifacts" -type f | sort)
  if [ "$status" -ne 0 ] || [ -n "$reproducers" ]; then
    failed+=("$name")
    summary+=("$(printf '%-18s %12s executions %5s s   FAILED (exit %s)' "$name" "$executions" "$elapsed" "$status")")
    echo "fuzz_$name FAILED (exit $status); from its log ($log):"
    # From the first line of the report (an escaped exception, a sanitizer or a target's check).
    first=$(grep -n -m1 -E 'terminate called|==ERROR|runtime error:|^fuzz_[a-z_]+: ' "$log" | cut -d: -f1 || true)
    if [ -n "$first" ]; then sed -n "${first},$((first + 40))p" "$log"; else tail -n 40 "$log"; fi
    for reproducer in $reproducers; do
      echo
      echo "reproducer: $reproducer"
      echo "  replay:   $program $reproducer"
      echo "  minimise: $program -minimize_crash=1 -runs=100000 -max_len=$max_len $reproducer"
      echo "  keep it:  cp <the minimised input> tests/fuzz/regressions/$name/<what-it-does>"
      echo "            (ctest fuzz_replay_$name replays it in scripts/test.sh ci and asan)"
    done
  else
    summary+=("$(printf '%-18s %12s executions %5s s   ok' "$name" "$executions" "$elapsed")")
    echo "fuzz_$name: $executions executions in $elapsed s"
  fi
done < "$targets_file"

echo
echo "== fuzzing summary (${seconds} s per target; logs in $build/logs) =="
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
