#!/usr/bin/env bash
# scripts/run-fuzzer.sh must fail loudly whenever the fuzzer did not fuzz:
# an exit status without a crash file, or no input executed. A stand-in
# fuzzer (a script answering libFuzzer's flags) plays each case.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fake() {  # fake NAME EXIT_STATUS UNITS: a fuzzer that replays fine, then ends so
  cat >"$work/$1" <<SCRIPT
#!/usr/bin/env bash
for a in "\$@"; do [ "\$a" = -runs=1 ] && exit 0; done
echo "stat::number_of_executed_units: $3"
exit $2
SCRIPT
  chmod +x "$work/$1"
}

expect() {  # expect RC FAKE what
  "$root/scripts/run-fuzzer.sh" "$work/$2" "gate_$2" >"$work/out" 2>&1
  local rc=$?
  if { [ "$1" = 0 ] && [ "$rc" -ne 0 ]; } || { [ "$1" != 0 ] && [ "$rc" -eq 0 ]; }; then
    echo "FAIL: $3 (exit $rc)"; cat "$work/out"; failures=$((failures + 1))
  else
    echo "ok: $3"
  fi
}

fake exits_without_crash_file 1 5000
fake ran_nothing 0 0
fake fuzzed 0 5000
expect 1 exits_without_crash_file "a fuzzer that exits 1 and leaves no input fails the test"
expect 1 ran_nothing "a fuzzer that executed no input fails the test"
expect 0 fuzzed "a fuzzer that ran and found nothing passes"
grep -q "without leaving an input" <(FUZZ_SECONDS=1 "$root/scripts/run-fuzzer.sh" "$work/exits_without_crash_file" gate_x 2>&1) ||
  { echo "FAIL: the failure does not say why"; failures=$((failures + 1)); }
exit $((failures > 0))
