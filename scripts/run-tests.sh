#!/usr/bin/env bash
# What `make test` and CI run: the ci build (warnings as errors) with every test
# label, then the ASan + UBSan build with the unit label. Fails on the first red.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

./scripts/web-deps.sh

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$JOBS"
ctest --preset ci ${CTEST_ARGS:-}

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan

# libFuzzer targets (clang-14 + ASan + UBSan), each fuzzed for FUZZ_SECONDS.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS"
FUZZ_SECONDS=${FUZZ_SECONDS:-10} ctest --preset fuzz
