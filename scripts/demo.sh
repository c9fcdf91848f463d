#!/usr/bin/env bash
# `make demo`: two store days end to end on generated data.
#   Day 1: HQ builds profiles -> publishes to store S001 over MQTT/TLS -> the
#   kiosk applies them -> customers scan in -> coupons -> a staff note over
#   HTTPS -> a member asks to be forgotten -> a redemption and a forged coupon
#   -> the day closes -> HQ's report.
#   Night: `smartstore-hq nightly` folds what the store sent into the profiles
#   and publishes the snapshot, the catalog and the dip campaigns.
#   Day 2 (scripts/demo_day2.sh): the note's effect, the erased member gone,
#   one price online and offline, the dip campaign's coupon.
# DEMO_KEEP=0 ends after the report; otherwise the kiosk keeps running until
# Ctrl-C. Every process started here is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SMARTSTORE_BUILD:-$root/build/ci}
out=${DEMO_OUT:-$root/demo-out}
keep=${DEMO_KEEP:-1}
customers=${DEMO_CUSTOMERS:-20000}
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for FILE TEXT SECONDS
  for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
# Whether the kiosk's /metrics reports snapshot VERSION. The page is read
# whole first: `curl | grep -q` under pipefail fails when grep's early exit
# cuts curl's write (the longer the page after the line, the likelier).
kiosk_has_version() {
  local page
  page=$(curl -s "https://127.0.0.1:$hport/metrics" --cacert "$out/etc/kiosk-https.crt") || return 1
  grep -q "^smartstore_snapshot_version $1" <<<"$page"
}

models=$bin/models/smartstore-models
hq=$bin/sync/smartstore-hq
kiosk=$bin/edge/smartstored
rm -rf "$out" && mkdir -p "$out" && chmod 700 "$out"
umask 077

say "1. Headquarters: demo data for $customers customers and the profile batch"
pki=$out/pki
sh "$root/firmware-config/provision.sh" "$pki" S001 >/dev/null
# The chain's data runs to yesterday, so the forecast's days (and its dip
# campaigns) are the days the kiosk is open.
"$models" generate --customers "$customers" --days 365 --seed 7 --new-members 50 \
  --end-date "$(date -d yesterday +%F)" --out "$out/hq/data" >/dev/null
"$models" build --customers "$out/hq/data/customers.csv" --purchases "$out/hq/data/purchases.csv" \
  --products "$out/hq/data/products.csv" --sessions "$out/hq/data/sessions.csv" \
  --members "$out/hq/data/members.csv" --store-zones "$out/hq/data/stores.csv" \
  --weather "$out/hq/data/weather.csv" --survey "$out/hq/data/survey.csv" \
  --deployment-key "$pki/deployment.key" --out "$out/hq/build" > "$out/hq/build.log" 2>&1 \
  || { cat "$out/hq/build.log"; fail "profile batch failed"; }
records=$(python3 -c "import json;print(json.load(open('$out/hq/build/snapshots/S001/manifest.json'))['record_count'])")
echo "   profiles for store S001: $records (snapshot $out/hq/build/snapshots/S001)"
echo "   analyst's report: $out/hq/build/report.html"

say "2. Broker (mosquitto, TLS with per-store certificates and the topic ACL) and HQ ingest"
mport=$(free_port)
mkdir -p "$out/broker"
sed -e "s|^listener 8883|listener $mport 127.0.0.1|" -e "s|/etc/mosquitto/smartstore|$pki|" \
    -e "s|^persistence_location .*|persistence_location $out/broker/|" \
    "$root/firmware-config/mosquitto.conf.example" > "$out/broker/mosquitto.conf"
cp "$root/firmware-config/mosquitto.acl" "$pki/mosquitto.acl"
# Started as root, mosquitto would drop to its own user and could not read the 0600 keys.
[ "$(id -u)" -eq 0 ] && echo "user root" >> "$out/broker/mosquitto.conf"
mosquitto -c "$out/broker/mosquitto.conf" > "$out/broker/mosquitto.log" 2>&1 &
pids+=($!)
sleep 0.5
broker=ssl://127.0.0.1:$mport
hqtls=(--ca "$pki/ca.crt" --cert "$pki/hq.crt" --key "$pki/hq.key" --signing-key "$pki/hq-ed25519.key")
# Ingest answers chunk requests from work/snapshots: today's batch until the
# nightly points it at the one it builds.
mkdir -p "$out/hq/work" && ln -s ../build/snapshots "$out/hq/work/snapshots"
"$hq" ingest --broker "$broker" "${hqtls[@]}" --db "$out/hq/hq.db" --snapshots "$out/hq/work/snapshots" \
  > "$out/hq/ingest.log" 2>&1 &
pids+=($!)
# HQ must hold its subscription before any store publishes: a broker drops
# (yet acknowledges) what nobody is subscribed to yet.
wait_for "$out/hq/ingest.log" "ingest: subscribed" 20 || fail "HQ ingest did not subscribe (see $out/hq/ingest.log)"
echo "   broker $broker; HQ ingest writing $out/hq/hq.db"

say "3. The kiosk for store S001 (smartstored) and the snapshot from HQ"
hport=$(free_port)
mkdir -p "$out/etc" "$out/inbox"
cp "$pki/deployment.key" "$out/etc/deployment.key"
cp "$pki/coupon-S001.key" "$out/etc/coupon.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$out/etc/kiosk-https.key" -out "$out/etc/kiosk-https.crt" 2>/dev/null
token=$("$root/scripts/staff-token.sh" token demo-staff 2>&1 >"$out/etc/staff.toml" | tail -n 1)
echo >>"$out/etc/staff.toml"  # only a till redeems
till_token=$("$root/scripts/staff-token.sh" token demo-till till 2>&1 >>"$out/etc/staff.toml" | tail -n 1)
cat > "$out/kiosk.toml" <<TOML
[kiosk]
store_id = "S001"
kiosk_id = "K01"
data_dir = "$out/data"
deployment_key_file = "$out/etc/deployment.key"
coupon_key_file = "$out/etc/coupon.key"
hq_public_key_file = "$pki/hq-ed25519.pub"
log_level = "info"

[broker]
uri = "$broker"
ca_file = "$pki/ca.crt"
cert_file = "$pki/S001.crt"
key_file = "$pki/S001.key"
uplink_interval_ms = 200

[http]
listen = "127.0.0.1:$hport"
tls_cert_file = "$out/etc/kiosk-https.crt"
tls_key_file = "$out/etc/kiosk-https.key"
staff_file = "$out/etc/staff.toml"

[scanner]
debounce_ms = 1500
[[scanner.source]]
kind = "folder"
path = "$out/inbox"
[scanner.member_card]
prefixes = ["8710"]
TOML
"$kiosk" --check-config "$out/kiosk.toml"
"$kiosk" --config "$out/kiosk.toml" > "$out/smartstored.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_for "$out/smartstored.log" "smartstored ready" 20 || { cat "$out/smartstored.log"; fail "kiosk did not start"; }
# HQ publishes to the store's session on the broker, which the kiosk's first
# connect makes: a publish before it would reach nobody.
wait_for "$out/smartstored.log" "sync: connected" 30 || { cat "$out/smartstored.log"; fail "kiosk did not connect to the broker"; }
"$hq" publish --broker "$broker" "${hqtls[@]}" --store S001 "$out/hq/build/snapshots/S001" > "$out/hq/publish.log" 2>&1 \
  || { cat "$out/hq/publish.log"; fail "publish failed"; }
version=$(python3 -c "import json;print(json.load(open('$out/hq/build/snapshots/S001/manifest.json'))['version'])")
for _ in $(seq 600); do
  kiosk_has_version "$version" && break
  sleep 0.1
done
kiosk_has_version "$version" \
  || { tail -20 "$out/smartstored.log"; fail "the kiosk did not apply snapshot $version"; }
echo "   kiosk applied snapshot $version ($records profiles) and acknowledged it to HQ"

say "4. Day 1 at the entrance: barcodes shown at the scanner"
# Members of S001's snapshot: cards of customers who bought at S001. The
# first (the staff note's) is not meticulous and has few snack purchases, so
# day 2 shows what the note changed.
mapfile -t cards < <(python3 - "$out/hq/data" "$out/hq/build/snapshots/S001" "$pki/deployment.key" <<'PY'
import csv, glob, hashlib, hmac, json, sys
d, snapshot, key_file = sys.argv[1:]
key = open(key_file, "rb").read()
profiles = {}
for chunk in glob.glob(f"{snapshot}/chunk-*.jsonl"):
    for line in open(chunk, encoding="utf-8"):
        p = json.loads(line)
        profiles[p["key"]] = p
s001 = {r["cust"] for r in csv.DictReader(open(f"{d}/purchases.csv", encoding="utf-8")) if r["br_c"] == "S001"}
cards = [r["card_no"] for r in csv.DictReader(open(f"{d}/members.csv")) if r["cust"] in s001]
def plain(card):
    p = profiles.get(hmac.new(key, card.encode(), hashlib.sha256).hexdigest(), {})
    snacks = [x for x in p.get("prefs", [])[:3] if x["c"] == "과자"]
    return p.get("behaviour") not in (None, "meticulous") and p.get("consent", True) and not snacks
noted = next((c for c in cards if plain(c)), cards[0])
print("\n".join([noted] + [c for c in cards if c != noted][:2]))
PY
)
[ ${#cards[@]} -ge 3 ] || fail "no S001 members in the demo data"
mask() { echo "${1:0:4}********${1:12:4}"; }
shot() {  # shot NAME ZINT-ARGS... : one image into the kiosk's scan folder
  local name=$1; shift
  zint --quietzones --scale=3 -o "$out/$name.png" "$@" >/dev/null
  mv "$out/$name.png" "$out/inbox/$name.png"
  wait_for "$out/smartstored.log" "image $name.png" 10 || echo "   ($name: no code read)"
  grep "image $name.png" "$out/smartstored.log" | tail -n 1 | sed 's/.*scan via /   /'
}
echo "   member $(mask "${cards[0]}") shows an L.Point card (Code 128)"; shot 01-member-card -b 20 -d "${cards[0]}"
echo "   member $(mask "${cards[1]}") shows the app in dark mode (inverted QR)"; shot 02-member-app-dark -b 58 --reverse -d "${cards[1]}"
echo "   member $(mask "${cards[2]}") shows the app (QR)"; shot 03-member-app -b 58 -d "${cards[2]}"
echo "   a card that is not an L.Point card"; shot 04-other-card -b 20 -d "8710123412341235"
echo "   an L.Point number this store has no profile for"; shot 05-new-member -b 20 -d "8710000000000012"
echo "   a code the kiosk does not know"; shot 06-unknown -b 58 -d "HELLO-KIOSK"
echo "   a shelf product's QR code (GS1 Digital Link; HQ has sent no catalog yet)"
shot 07-product -b 58 -d "https://id.lotte.example/01/08801234567893"

say "5. Day 1, staff tablet over HTTPS: a note, a member forgotten, a redemption, a forged coupon"
api() { curl -s --cacert "$out/etc/kiosk-https.crt" -H "Authorization: Bearer $token" "$@"; }
base=https://127.0.0.1:$hport/api/v1
member=${cards[0]}
before=$(api "$base/customers/$member" | python3 "$root/scripts/demo_view.py" card)
echo "   profile of $(mask "$member"): $before"
api -X POST "$base/customers/$member/notes" -H "Content-Type: application/json" -H "Idempotency-Key: demo-note-1" \
  -d '{"items":[{"category":"과자","quantity":3,"price_krw":4500,"sold":true}],"considered":[{"category":"생활/주방가전","quantity":1,"price_krw":189000}],"deliberation_min":12,"remarks":"asked about bundle offers"}' \
  | python3 -c 'import json,sys; n=json.load(sys.stdin); print("   note stored, event", n.get("event_id") or n.get("note",{}).get("event_id"))'
after=$(api "$base/customers/$member" | python3 "$root/scripts/demo_view.py" prefs)
echo "   preference index after the note: $after"
forgotten=${cards[1]}
api -X POST "$base/customers/$forgotten/erasure" -H "Content-Type: application/json" -d '{"confirm":true}' \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   member", r["member"], "asked to be forgotten: erased here,", "sent to HQ" if r.get("erased") else r)'
code=$(api "$base/customers/$member" | python3 "$root/scripts/demo_view.py" coupon)
till() { curl -s --cacert "$out/etc/kiosk-https.crt" -H "Authorization: Bearer $till_token" "$@"; }
if [ -n "$code" ]; then
  till -X POST "$base/coupons/redeem" -H "Content-Type: application/json" -d "{\"code\":\"$code\"}" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   redeem at the till:", r.get("reason_code"), "-", r.get("message"))'
  forged="${code:0:10}$( [ "${code:10:1}" = A ] && echo B || echo A )${code:11}"
  till -X POST "$base/coupons/redeem" -H "Content-Type: application/json" -d "{\"code\":\"$forged\"}" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   a forged coupon:", r.get("reason_code"), "-", r.get("message"))'
  till -X POST "$base/coupons/redeem" -H "Content-Type: application/json" -d "{\"code\":\"$code\"}" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   the same coupon again:", r.get("reason_code"), "-", r.get("message"))'
fi

say "6. Close day 1: the store's day-close, then HQ's report"
kill -USR1 "$kpid"
today=$(date +%F)
for _ in $(seq 300); do
  depth=$(curl -s --cacert "$out/etc/kiosk-https.crt" "https://127.0.0.1:$hport/metrics" | awk '/^smartstore_outbox_depth /{print $2}')
  [ "${depth:-1}" = "0" ] && break
  sleep 0.1
done
echo "   kiosk outbox: ${depth:-?} events waiting for HQ's acknowledgement"
# HQ has the day once the store's day-close manifest arrived and the count
# stands still (what the manifest showed missing is resent by the kiosk).
last=""
for _ in $(seq 200); do
  now=$("$hq" report --db "$out/hq/hq.db" --day "$today" --json | python3 -c '
import json,sys
s=[x for x in json.load(sys.stdin)["stores"] if x["store_id"]=="S001"]
print("%s/%s/%s" % (s[0]["day_closed"], s[0]["gaps"], s[0]["events_total"]) if s else "none")')
  case $now in True/*) [ "$now" = "$last" ] && break ;; esac
  last=$now
  sleep 0.25
done
"$hq" report --db "$out/hq/hq.db" --day "$today" | sed 's/^/   /'
"$hq" report --db "$out/hq/hq.db" --day "$today" --json > "$out/hq/report.json"

# The night and day 2: HQ's nightly job, then what the kiosk does with it.
. "$root/scripts/demo_day2.sh"

say "9. The weeks after: do the demo campaigns pay? (hold-outs and uplift, docs/uplift.md)"
"$hq" exposures --db "$out/hq/hq.db" --out "$out/hq/exposures.csv" | sed 's/^/   today at HQ: /'
# Today's coupons came from no campaign; the generator simulates 7 store days
# of the four demo campaigns (10 % held out) and the 14 days after each scan,
# with +10 % spend planted for star_thank_you's treated members only.
"$models" generate --customers "$customers" --days 365 --seed 7 --out "$out/hq/weeks" \
  --plant-uplift star_thank_you=0.10 >/dev/null
"$models" uplift --exposures "$out/hq/weeks/exposures.csv" --members "$out/hq/weeks/members.csv" \
  --purchases "$out/hq/weeks/purchases.csv,$out/hq/weeks/campaign_purchases.csv" --json \
  2>/dev/null > "$out/hq/uplift.json"
python3 - "$out/hq/uplift.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"   {'campaign':<26} {'treated':>7} {'held out':>8} {'redeemed':>8}  {'spend uplift (95% CI)':<24}")
for c in r["cells"]:
    if c["offer"] != "*" or c["segment"] != "*" or "uplift_relative" not in c:
        continue
    u = c["uplift_relative"]
    print(f"   {c['campaign']:<26} {c['treated_members']:>7} {c['control_members']:>8} "
          f"{c['treated']['redemption_rate']:>8.0%}  {u['estimate']:+6.1%} [{u['low']:+6.1%}, {u['high']:+6.1%}]")
PY
echo "   planted: +10 % for star_thank_you, 0 for the others. With about 300 members held out per"
echo "   campaign the intervals are wide (about ±15-20 points): the demo shows the method, not a"
echo "   verdict; telling 10 % from 0 needs thousands held out (docs/uplift.md)."

if [ "$keep" != "0" ]; then
  say "The kiosk keeps running. Ctrl-C to stop."
  # One-time pairing codes in the fragment (never sent to the server, stripped
  # by the page, traded once within two minutes): no token ever sits in a URL.
  pairing() { api -X POST "$base/auth/pairing-codes" -H "Content-Type: application/json" -d "{\"role\":\"$1\"}" \
                | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])'; }
  echo "   staff tablet:    https://127.0.0.1:$hport/staff.html#pair=$(pairing staff)"
  echo "   entrance screen: https://127.0.0.1:$hport/entrance.html#pair=$(pairing display)"
  echo "   (each link works once, within two minutes; after that pair from the tablet's \"Pair a screen\")"
  echo "   (certificate: $out/etc/kiosk-https.crt, self-signed for the demo)"
  wait "$kpid"
fi

say "Stop smartstored (SIGTERM: drain and exit)"
if kill -TERM "$kpid" 2>/dev/null; then
  wait "$kpid" && echo "   stopped cleanly"
else  # Ctrl-C reached it first
  wait "$kpid" 2>/dev/null && echo "   stopped cleanly" || echo "   stopped"
fi
