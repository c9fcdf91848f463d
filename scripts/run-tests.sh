#!/usr/bin/env bash
# What `make test` and CI run: the ci build (g++, -O2, warnings as errors) with
# every test label, then one clang build with ASan + UBSan that runs the unit
# tests and each libFuzzer target (FUZZ_SECONDS, default 10). Fails on the
# first red.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

./scripts/web-deps.sh

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$JOBS"
ctest --preset ci ${CTEST_ARGS:-}

# A fixed fuzzing seed here, so that the gate is reproducible: a run that
# fails fails again with the same input. `make fuzz` draws a new seed each run.
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 FUZZ_SECONDS=${FUZZ_SECONDS:-10} \
  FUZZ_SEED=${FUZZ_SEED:-20261123} ctest --preset asan
