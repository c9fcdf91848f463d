#!/usr/bin/env bash
# `make demo`: one store day end to end on generated data (docs/demo.md).
# DEMO_KEEP=0 ends after the day closes; otherwise the kiosk keeps running
# until Ctrl-C. Every process started here is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SMARTSTORE_BUILD:-$root/build/ci}
out=${DEMO_OUT:-$root/demo-out}
keep=${DEMO_KEEP:-1}
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$out" && mkdir -p "$out" && chmod 700 "$out"
umask 077

say "1. Keys for store S001 (demo only; production keys come from firmware-config/provision.sh)"
mkdir -p "$out/etc/keys"
head -c 32 /dev/urandom > "$out/etc/keys/deployment.key"
head -c 32 /dev/urandom > "$out/etc/keys/coupon.key"
echo "   made $out/etc/keys (0600)"

say "2. Kiosk config from firmware-config/kiosk.example.toml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|/var/lib/smartstore|$out/data|" -e "s|/etc/smartstore|$out/etc|" \
    -e "s|^enabled = true|enabled = false|" -e "s|127.0.0.1:8443|127.0.0.1:$port|" \
    "$root/firmware-config/kiosk.example.toml" > "$out/kiosk.toml"
touch "$out/etc/staff.toml"
"$bin/edge/smartstored" --check-config "$out/kiosk.toml"

say "3. Start smartstored"
"$bin/edge/smartstored" --config "$out/kiosk.toml" > "$out/smartstored.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "smartstored ready" "$out/smartstored.log" && break; sleep 0.1; done
grep -q "smartstored ready" "$out/smartstored.log" || { cat "$out/smartstored.log"; exit 1; }
tail -n 3 "$out/smartstored.log"

if [ "$keep" != "0" ]; then
  say "The kiosk is running (log: $out/smartstored.log). Ctrl-C to stop."
  wait "${pids[0]}"
fi

say "Stop smartstored (SIGTERM: drain and exit)"
kill -TERM "${pids[0]}"
wait "${pids[0]}" && echo "   stopped cleanly"
pids=()
