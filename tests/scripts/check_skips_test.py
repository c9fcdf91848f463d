#!/usr/bin/env python3
"""scripts/check-skips.py fails a run in which a security, crash, web or fuzz
test was skipped, and lets unit skips and SMARTSTORE_ALLOW_SKIPS=1 through.
A throwaway CMake project gives ctest real skipped tests to report."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROJECT = """cmake_minimum_required(VERSION 3.21)
project(skips NONE)
enable_testing()
add_test(NAME attack COMMAND sh -c "echo 'SKIP: needs root'; exit 77")
set_tests_properties(attack PROPERTIES LABELS "security;integration" SKIP_RETURN_CODE 77)
add_test(NAME plain COMMAND sh -c "exit 77")
set_tests_properties(plain PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
add_test(NAME fine COMMAND sh -c "exit 0")
set_tests_properties(fine PROPERTIES LABELS crash)
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check(build, regex, env_extra=None):
    run(["ctest", "--test-dir", build, "-R", regex, "--output-junit", "junit.xml"])
    env = {k: v for k, v in os.environ.items() if k != "SMARTSTORE_ALLOW_SKIPS"}
    env.update(env_extra or {})
    return run([sys.executable, os.path.join(ROOT, "scripts", "check-skips.py"),
                os.path.join(build, "junit.xml"), build], env=env)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        src, build = os.path.join(tmp, "src"), os.path.join(tmp, "build")
        os.makedirs(src)
        with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
            f.write(PROJECT)
        configured = run(["cmake", "-S", src, "-B", build])
        if configured.returncode != 0:
            print(configured.stderr)
            return 1
        r = check(build, "attack|fine")
        if r.returncode == 0 or "skipped (security): attack: SKIP: needs root" not in r.stdout:
            failures.append("a skipped security test did not fail the run:\n" + r.stdout)
        r = check(build, "plain|fine")
        if r.returncode != 0:
            failures.append("a skipped unit test failed the run:\n" + r.stdout)
        r = check(build, "attack|fine", {"SMARTSTORE_ALLOW_SKIPS": "1"})
        if r.returncode != 0 or "allowed by SMARTSTORE_ALLOW_SKIPS=1" not in r.stdout:
            failures.append("SMARTSTORE_ALLOW_SKIPS=1 did not allow the skip:\n" + r.stdout)
    for f in failures:
        print("FAIL:", f)
    print(f"{3 - len(failures)} of 3 checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
