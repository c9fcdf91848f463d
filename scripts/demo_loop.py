#!/usr/bin/env python3
"""The demo's day 2: what HQ's nightly job changed, printed and written as JSON
for tests/demo_check.sh.

- the noted member's preference index and behaviour type in the day-1 snapshot
  and in the nightly's (the staff note: 3 snacks sold, a kitchen appliance
  considered, 12 minutes of deliberation);
- the forgotten member: unknown to the kiosk, absent from the nightly's
  snapshot, batch outputs and exported events, and from every event HQ holds
  but the erasure's own records;
- the shelf product as the kiosk prices it from HQ's catalog;
- the dip campaign the kiosk runs today: one the nightly published whose days
  include today, else the forecast's next one with its dates moved to today
  (written to --dip-out for the demo to send).

Keys are HMAC-SHA256 of the card number under the deployment key, as HQ and
the kiosk compute them. The staff token comes in DEMO_TOKEN (never argv)."""
import argparse
import glob
import hashlib
import hmac
import json
import os
import sqlite3
import ssl
import urllib.error
import urllib.request

a = argparse.ArgumentParser()
for name in ("day1", "night", "key", "noted", "forgotten", "hq-db", "api", "cacert", "today", "dip-out", "out"):
    a.add_argument("--" + name, required=True)
args = a.parse_args()
secret = open(args.key, "rb").read()


def key_of(card):
    return hmac.new(secret, card.encode(), hashlib.sha256).hexdigest()


def profile(snapshot, key):
    for chunk in sorted(glob.glob(f"{snapshot}/chunk-*.jsonl")):
        for line in open(chunk, encoding="utf-8"):
            if key in line:
                p = json.loads(line)
                if p["key"] == key:
                    return p
    return None


def get(path):
    ctx = ssl.create_default_context(cafile=args.cacert)
    req = urllib.request.Request(args.api + path, headers={"Authorization": "Bearer " + os.environ["DEMO_TOKEN"]})
    try:
        with urllib.request.urlopen(req, context=ctx) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def view(p, category):
    pref = next((x for x in p.get("prefs", []) if x["c"] == category), {"i": None, "n": 0})
    return {"index": pref["i"], "bought": pref.get("n", 0), "behaviour": p.get("behaviour"),
            "deliberation_min": p.get("deliberation_min"), "interest": [x["c"] for x in p.get("interest", [])]}


out = {}
noted = key_of(args.noted)
before, after = profile(args.day1, noted), profile(f"{args.night}/snapshots/S001", noted)
assert before and after, "the noted member is missing from a snapshot"
out["noted"] = {"before": view(before, "과자"), "after": view(after, "과자")}
b, n = out["noted"]["before"], out["noted"]["after"]
def shown(i):
    return "not ranked" if i is None else f"{i:.1f}"


print(f"   the noted member, 과자 (snacks): index {shown(b['index'])} -> {shown(n['index'])}, "
      f"bought {b['bought']} -> {n['bought']} (3 sold in the note)")
print(f"   behaviour type: {b['behaviour']} -> {n['behaviour']} (staff timed {n['deliberation_min']} min "
      f"deliberating); interest now: {', '.join(n['interest']) or '-'}")

gone = key_of(args.forgotten)
status, card = get(f"/customers/{args.forgotten}")
known = status == 200 and card.get("profile", card).get("known", False)
night_files = [f for f in glob.glob(f"{args.night}/**", recursive=True) if os.path.isfile(f)]
night_files += glob.glob(f"{os.path.dirname(args.night)}/*.csv")
named_in = [os.path.relpath(f, args.night) for f in night_files if gone.encode() in open(f, "rb").read()]
db = sqlite3.connect(f"file:{args.hq_db}?mode=ro", uri=True)
hq_events = db.execute("SELECT COUNT(*) FROM events WHERE instr(payload, ?) > 0 AND type NOT IN "
                       "('member_erase_requested', 'erasure_done')", (gone,)).fetchone()[0]
listed = db.execute("SELECT COUNT(*) FROM erasures WHERE member_key = ?", (gone,)).fetchone()[0]
out["forgotten"] = {"kiosk_known": known, "in_night_files": named_in, "hq_events": hq_events, "listed": listed}
print(f"   the forgotten member: {'known' if known else 'unknown'} to the kiosk; on HQ's erasure list: {'yes' if listed else 'no'}; "
      f"named in {len(named_in)} of the night's {len(night_files)} files and {hq_events} events HQ holds")

status, item = get("/products/8801234567893")
out["product"] = dict(item, status=status)
print(f"   the shelf product {item.get('name')}: in store {item.get('offline_price_krw')} KRW, online "
      f"{item.get('online_price_krw')} KRW, same price: {item.get('same_price')}")

campaigns = json.load(open(f"{args.night}/dip_campaigns.json"))["campaigns"]
assert campaigns, "the nightly's batch forecast no demand dip: no dip campaign to show"
today = [c for c in campaigns if c["starts"] <= args.today <= c["ends"]]
if today:
    out["dip"] = {"category": today[0]["category"], "id": today[0]["id"], "played": False}
    open(args.dip_out, "w").close()
    print(f"   dip campaigns today (from the nightly): {', '.join(c['category'] for c in today)}")
else:
    c = dict(min(campaigns, key=lambda c: c["starts"]), starts=args.today, ends=args.today)
    out["dip"] = {"category": c["category"], "id": c["id"], "played": True}
    json.dump({"campaigns": [c]}, open(args.dip_out, "w"), ensure_ascii=False)
    print(f"   no dip forecast for today; the demo plays the next one ({c['id']}) today")
json.dump(out, open(args.out, "w"), ensure_ascii=False, indent=1)
