# The front door. Every target installs what is missing (idempotent), builds
# incrementally through ccache, then runs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
export CCACHE_DIR ?= $(HOME)/.cache/ccache

.PHONY: deps demo test test-fast bench format fuzz soak clean package package-root

deps:
	@./scripts/install-deps.sh

build/%/build.ninja: CMakeLists.txt CMakePresets.json | deps
	@cmake --preset $* >/dev/null

build-%: deps
	@cmake --preset $* >/dev/null
	@cmake --build --preset $* -j $(JOBS)

# The demo needs only the three programs: build just those (Release, no debug
# info, no tests), so a cold build stays within a few minutes on 2 cores.
DEMO_PROGRAMS := smartstored smartstore-models smartstore-hq
demo: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target $(DEMO_PROGRAMS)
	@SMARTSTORE_BUILD=$(CURDIR)/build/release ./scripts/demo.sh

# Every test: the full suite (unit, integration, web, fuzz, crash) from the ci
# build, then the unit tests again under ASan + UBSan.
test: deps
	@./scripts/run-tests.sh

bench: build-release
	@./build/release/bench/smartstore-bench --out bench/results.json

# Debian packages smartstored and smartstore-hq (debian/, docs/packaging.md),
# built by dpkg-buildpackage into build/package/.
package: deps
	@./scripts/build-packages.sh

# The Debian 12 root the package test installs into (mmdebstrap, once; the
# test makes it itself on its first run, so this only makes it ahead).
package-root: deps
	@./scripts/package-root.sh

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

fuzz: deps
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} ./scripts/run-fuzz.sh

# A simulated store day at high speed (SOAK_SECONDS, default 600): memory,
# file descriptors and latency percentiles over time.
soak: build-release
	@SOAK_SECONDS=$${SOAK_SECONDS:-600} ./scripts/run-soak.sh

clean:
	rm -rf build
