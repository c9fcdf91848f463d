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
"$bin" "${seed[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "${seeds[@]}" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)" || true
# libFuzzer exits non-zero on a crash; pipefail + grep would hide it, so check artifacts.
found=$(find "$work/artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | head -n 1)
if [ -n "$found" ]; then
  echo "fuzz/$name: found a failing input: $found (add it to tests/fuzz/regressions/$name/ once fixed)"
  exit 1
fi
