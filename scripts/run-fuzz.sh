#!/usr/bin/env bash
# `make fuzz`: every libFuzzer target for FUZZ_SECONDS (default 300) each.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${JOBS:-$(nproc)}"
FUZZ_SECONDS=${FUZZ_SECONDS:-300} ctest --preset fuzz --timeout $(( ${FUZZ_SECONDS:-300} + 120 ))
