# The demo's night and second store day, sourced by scripts/demo.sh (which
# defines $out, $hq, $models, $broker, hqtls, pki, api, shot, say, fail,
# wait_for, $today, $member, $forgotten, cards and the kiosk's $hport).
#   7. HQ's nightly job: day-close check -> store events + erasure list ->
#      batch with events -> snapshot, catalog and dip campaigns to S001.
#   8. Day 2: the kiosk applies them; the note's effect (before/after), the
#      forgotten member unknown, one price online and offline, the dip coupon.

say "7. The night at HQ: smartstore-hq nightly"
"$hq" nightly --db "$out/hq/hq.db" --day "$today" --exports "$out/hq/data" --work "$out/hq/work" \
  --store S001 --deployment-key "$pki/deployment.key" --models "$models" \
  --catalog "$out/hq/data/catalog.json" --broker "$broker" "${hqtls[@]}" > "$out/hq/nightly.log" 2>&1 \
  || { cat "$out/hq/nightly.log"; fail "the nightly job failed"; }
sed -n '/^nightly /,$p' "$out/hq/nightly.log" | sed 's/^/   /'
night=$out/hq/work/$today/batch
version2=$(python3 -c "import json;print(json.load(open('$night/snapshots/S001/manifest.json'))['version'])")
for _ in $(seq 600); do
  kiosk_has_version "$version2" && break
  sleep 0.1
done
kiosk_has_version "$version2" \
  || { tail -20 "$out/smartstored.log"; fail "the kiosk did not apply the nightly snapshot $version2"; }
wait_for "$out/smartstored.log" "sync: applied catalog" 20 || fail "the kiosk did not apply HQ's catalog"
wait_for "$out/smartstored.log" "sync: applied campaigns" 20 || fail "the kiosk did not apply HQ's campaigns"
echo "   kiosk applied snapshot $version2, the catalog and the dip campaigns"

say "8. Day 2 at the kiosk: what the night changed"
export DEMO_TOKEN=$token
python3 "$root/scripts/demo_loop.py" --day1 "$out/hq/build/snapshots/S001" --night "$night" \
  --key "$pki/deployment.key" --noted "$member" --forgotten "$forgotten" --hq-db "$out/hq/hq.db" \
  --api "$base" --cacert "$out/etc/kiosk-https.crt" --today "$today" --dip-out "$out/hq/dip-today.json" \
  --out "$out/hq/loop.json"
echo "   the shelf product's QR code again"; shot 08-product-day2 -b 58 -d "https://id.lotte.example/01/08801234567893"
# A dip the forecast puts on another day than the kiosk's is played today,
# dates moved, so the demo always shows the coupon (demo_loop.py said which).
if [ -s "$out/hq/dip-today.json" ]; then
  "$hq" campaign --broker "$broker" "${hqtls[@]}" --store S001 "$out/hq/dip-today.json" > "$out/hq/campaign.log" 2>&1 \
    || { cat "$out/hq/campaign.log"; fail "campaign publish failed"; }
  for _ in $(seq 100); do
    [ "$(grep -c 'sync: applied campaigns' "$out/smartstored.log")" -ge 2 ] && break
    sleep 0.1
  done
fi
dip_category=$(python3 -c "import json;print(json.load(open('$out/hq/loop.json'))['dip']['category'])")
: > "$out/hq/decisions.txt"
python3 "$root/scripts/demo_decisions.py" "$out/hq/data" "$night/snapshots/S001" "$pki/deployment.key" \
  "$dip_category" "${cards[@]}" | while read -r what card; do
  [ "$card" != none ] || { echo "   $what: no such member in S001's snapshot"; continue; }
  r=$(api -X POST "$base/scans" -H "Content-Type: application/json" -d "{\"text\":\"$card\"}")
  echo "$what $(echo "$r" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reason_code"])')" >> "$out/hq/decisions.txt"
  echo "$r" | python3 -c 'import json,sys; r=json.load(sys.stdin); c=r.get("coupon") or {}
print("   %-15s %s: %s (%s)" % (sys.argv[1], sys.argv[2], c.get("title", "-"), c.get("reason", r["message"])))' "$what" "$(mask "$card")"
done
