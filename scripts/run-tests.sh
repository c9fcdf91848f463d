#!/usr/bin/env bash
# What `make test` and CI run: the ci build (g++, -O1, warnings as errors) with
# every test label, then one clang build with ASan + UBSan that runs the unit
# tests and each libFuzzer target (FUZZ_SECONDS, default 10). Fails on the
# first red, and when a security, crash, web or fuzz test was skipped
# (scripts/check-skips.py: such a run proves nothing about them). The ci build is -O1, not -O2: the tests need correct code, not
# the fastest, and -O1 compiles a third faster on a cold cache (http_server.cpp
# 32 s instead of 53 s), which keeps `make test` within 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

./scripts/web-deps.sh

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$JOBS"

# The ci tests mostly wait (brokers, browsers, daemons, kills): the sanitizer
# build compiles meanwhile at the lowest priority, so it takes CPU the tests
# leave idle and never the other way round. Its output is kept apart.
cmake --preset asan >/dev/null
asan_log=build/asan/build.log
setsid nice -n 19 cmake --build --preset asan -j "$JOBS" >"$asan_log" 2>&1 &  # own process group
asan_build=$!
if ! ctest --preset ci --output-junit junit.xml ${CTEST_ARGS:-} ||
  ! python3 scripts/check-skips.py build/ci/junit.xml build/ci; then
  kill -- "-$asan_build" 2>/dev/null || true
  wait "$asan_build" 2>/dev/null || true
  exit 1
fi
if ! wait "$asan_build"; then
  tail -n 80 "$asan_log"
  echo "the ASan + UBSan build failed (whole log: $asan_log)"
  exit 1
fi
echo "ASan + UBSan build: $(tail -n 1 "$asan_log")"

# A fixed fuzzing seed here, so that the gate is reproducible: a run that
# fails fails again with the same input. `make fuzz` draws a new seed each run.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 FUZZ_SECONDS=${FUZZ_SECONDS:-10} \
  FUZZ_SEED=${FUZZ_SEED:-20261123} ctest --preset asan --output-junit junit.xml
python3 scripts/check-skips.py build/asan/junit.xml build/asan
