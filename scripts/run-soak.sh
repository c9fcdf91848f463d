#!/usr/bin/env bash
# run-soak.sh: a simulated store day at high speed against a real smartstored
# (uplink to a real mosquitto and smartstore-hq ingest) for SOAK_SECONDS.
# Every SOAK_INTERVAL seconds it records the daemon's RSS, open file
# descriptors and the request latency percentiles; prints a table, writes
# bench/soak-results.json and fails when RSS grows past SOAK_RSS_GROWTH_MB
# after the warm-up, the fd count keeps climbing, or an event the kiosk holds
# as acknowledged by HQ is missing from HQ's database.
#   SOAK_SECONDS (600)  SOAK_INTERVAL (10)  SOAK_RSS_GROWTH_MB (16)  SOAK_BUILD (build/release)
#   SOAK_OUT (bench/soak-results.json)  SOAK_CLIENTS (4)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SOAK_BUILD:-$root/build/release}
seconds=${SOAK_SECONDS:-600}
kiosk=$bin/edge/smartstored hq=$bin/sync/smartstore-hq
for p in "$kiosk" "$hq"; do [ -x "$p" ] || { echo "run-soak: $p not built (make build-release)" >&2; exit 2; }; done

work=$(mktemp -d /tmp/smartstore-soak.XXXXXX)
chmod 700 "$work"
umask 077
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${SOAK_KEEP:-0}" = 1 ] && echo "run-soak: kept $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # file text seconds
  for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

mkdir -p "$work/keys" "$work/data" "$work/broker"
head -c 32 /dev/urandom > "$work/keys/deployment.key"
head -c 32 /dev/urandom > "$work/keys/coupon.key"
token=$(openssl rand -hex 24)
till_token=$(openssl rand -hex 24)
printf '[[staff]]\nid = "soak"\ntoken_sha256 = "%s"\n\n[[staff]]\nid = "soak-till"\nrole = "till"\ntoken_sha256 = "%s"\n' \
  "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" "$(printf '%s' "$till_token" | sha256sum | cut -d' ' -f1)" > "$work/staff.toml"

mport=$(free_port)
cat > "$work/broker/mosquitto.conf" <<CONF
listener $mport 127.0.0.1
allow_anonymous true
persistence true
persistence_location $work/broker/
max_queued_messages 100000
max_inflight_messages 100
log_dest stderr
log_type error
CONF
[ "$(id -u)" -eq 0 ] && echo "user root" >> "$work/broker/mosquitto.conf"
mosquitto -c "$work/broker/mosquitto.conf" > "$work/broker/mosquitto.log" 2>&1 &
pids+=($!)
sleep 0.5
"$hq" ingest --broker "tcp://127.0.0.1:$mport" --db "$work/hq.db" --client-id soak-hq > "$work/ingest.log" 2>&1 &
pids+=($!)
wait_for "$work/ingest.log" "ingest: subscribed" 15 || { cat "$work/ingest.log"; echo "run-soak: ingest did not start" >&2; exit 1; }

hport=$(free_port)
cat > "$work/kiosk.toml" <<TOML
[kiosk]
store_id = "S001"
kiosk_id = "K01"
data_dir = "$work/data"
deployment_key_file = "$work/keys/deployment.key"
coupon_key_file = "$work/keys/coupon.key"
log_level = "warn"
[broker]
uri = "tcp://127.0.0.1:$mport"
allow_plaintext = true
uplink_interval_ms = 200
[http]
listen = "127.0.0.1:$hport"
staff_file = "$work/staff.toml"
# A day at high speed: every new member is welcomed, beyond a real kiosk's limit.
[policy]
welcome_per_hour = 100000
welcome_per_day = 1000000
TOML
"$kiosk" --config "$work/kiosk.toml" > "$work/smartstored.log" 2>&1 &
kpid=$!
pids+=($kpid)
# log_level warn hides the ready line: wait for the port instead.
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$hport/healthz" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$hport/healthz" || { cat "$work/smartstored.log"; echo "run-soak: smartstored did not start" >&2; exit 1; }

echo "run-soak: ${seconds}s against smartstored pid $kpid (http $hport, broker $mport)"
python3 "$root/bench/soak_driver.py" --port "$hport" --pid "$kpid" --token "$token" --till-token "$till_token" --seconds "$seconds" \
  --interval "${SOAK_INTERVAL:-10}" --clients "${SOAK_CLIENTS:-4}" --rss-growth-mb "${SOAK_RSS_GROWTH_MB:-16}" \
  --hq-db "$work/hq.db" --kiosk-db "$work/data/kiosk.db" --out "${SOAK_OUT:-$root/bench/soak-results.json}"
