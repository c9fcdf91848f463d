#!/usr/bin/env bash
# run-fuzzer.sh BINARY NAME: replay regressions, then fuzz for FUZZ_SECONDS
# (from FUZZ_SEED when set, else a random seed).
# New inputs go to a scratch corpus beside the binary, never into the repo.
set -euo pipefail
bin=$1 name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-10}
work=$(dirname "$bin")/fuzz-work/$name
mkdir -p "$work/corpus" "$work/artifacts"
rm -f "$work/artifacts"/*  # only this run's findings count
regressions=$root/tests/fuzz/regressions/$name
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
  "$bin" -runs=1 "$regressions"/* 2>&1 | tail -n 2
fi
seeds=()
[ -d "$root/tests/fuzz/corpus/$name" ] && seeds=("$root/tests/fuzz/corpus/$name")
seed=()
[ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")
log=$work/fuzz.log
status=0
"$bin" "${seed[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
grep -E "^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)" "$log" || true
found=$(find "$work/artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | head -n 1)
if [ -n "$found" ]; then
  echo "fuzz/$name: found a failing input: $found (add it to tests/fuzz/regressions/$name/ once fixed)"
  exit 1
fi
# Any other failure (a bad flag, a missing corpus, a sanitizer report that
# left no artifact, a crash before fuzzing began) fails loudly as well.
if [ "$status" -ne 0 ]; then
  tail -n 30 "$log"
  echo "fuzz/$name: the fuzzer exited with status $status without leaving an input (log: $log)"
  exit 1
fi
units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ -z "$units" ] || [ "$units" -eq 0 ]; then
  tail -n 30 "$log"
  echo "fuzz/$name: no input was executed (log: $log)"
  exit 1
fi
