#!/usr/bin/env bash
# The demo as a test: two store days with DEMO_KEEP=0. HQ must hold every event
# of day 1 exactly once; no raw membership number may appear in the kiosk's
# database, WAL, log, scan folder or HQ's database; on day 2 the nightly's
# effects must show: the note in the member's index and behaviour, the
# forgotten member nowhere, one price online and offline, the dip coupon.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
export DEMO_OUT=$out DEMO_KEEP=0 DEMO_CUSTOMERS=${DEMO_CUSTOMERS:-5000} SMARTSTORE_BUILD=$2
"$root/scripts/demo.sh"
python3 - "$out" <<'PY'
import json, sys, csv, glob, os
out = sys.argv[1]
r = json.load(open(f"{out}/hq/report.json"))
s = {x["store_id"]: x for x in r["stores"]}["S001"]
# Day 2's decisions: the dip campaign, a companion and two welcomes.
decided = dict(line.split() for line in open(f"{out}/hq/decisions.txt"))
assert decided.get("dip") == "campaign.demand_dip", decided
assert decided.get("companion", "").startswith("companion."), decided
assert decided.get("welcome_segment") == "welcome.segment", decided
assert decided.get("welcome_survey") == "welcome.survey", decided
want = {"coupon_issued": 4, "coupon_redeemed": 1, "staff_note": 1, "member_erase_requested": 1}
got = {k: s["events_by_type"].get(k, 0) for k in want}
assert got == want, f"HQ holds {got}, expected {want}"
assert s["duplicates_dropped"] == 0, s
assert s["day_closed"], "the store's day-close never reached HQ"
loop = json.load(open(f"{out}/hq/loop.json"))
before, after = loop["noted"]["before"], loop["noted"]["after"]
assert after["bought"] == before["bought"] + 3, f"the note's 3 snacks did not reach the index: {before} -> {after}"
assert after["index"] is not None and (before["index"] is None or after["index"] > before["index"]
                                       or before["index"] == 100.0), (before, after)
assert after["behaviour"] == "meticulous" and after["deliberation_min"] == 12.0, after
assert "생활/주방가전" in after["interest"], after
gone = loop["forgotten"]
assert not gone["kiosk_known"] and gone["listed"] == 1, gone
assert gone["in_night_files"] == [] and gone["hq_events"] == 0, gone
product = loop["product"]
assert product["status"] == 200 and product["same_price"], product
assert product["offline_price_krw"] == product["online_price_krw"], product
cards = [row["card_no"] for row in csv.DictReader(open(f"{out}/hq/data/members.csv"))][:2000]
# The scan folder (and the done/ folder older kiosks filled) must keep no picture of a card:
# the kiosk deletes each image once decoded.
pictures = [f for f in glob.glob(f"{out}/inbox/**", recursive=True) if os.path.isfile(f)]
assert not pictures, f"scan images kept after decoding: {pictures}"
files = glob.glob(f"{out}/data/*") + [f"{out}/smartstored.log", f"{out}/hq/hq.db"] + glob.glob(f"{out}/hq/hq.db*")
files += glob.glob(f"{out}/inbox/**", recursive=True)
for f in files:
    if os.path.isfile(f):
        blob = open(f, "rb").read()
        for c in cards:
            assert c.encode() not in blob, f"raw membership number found in {f}"
# Files holding keys or personal data: owner-only (0600 or stricter) and owned by the
# service user (whoever ran the demo); their directories not open to others either.
private = [f for f in glob.glob(f"{out}/data/**", recursive=True) + glob.glob(f"{out}/etc/*.key") + glob.glob(f"{out}/pki/*.key")
           + [f"{out}/smartstored.log"] + glob.glob(f"{out}/hq/hq.db*") if os.path.isfile(f)]
assert any(f.endswith("kiosk.db") for f in private), "the kiosk database is missing"
loose = [f"{f} {oct(os.stat(f).st_mode & 0o777)}" for f in private if os.stat(f).st_mode & 0o077]
assert not loose, f"readable by others: {loose}"
foreign = [f for f in private if os.stat(f).st_uid != os.getuid()]
assert not foreign, f"not owned by the service user: {foreign}"
open_dirs = [d for d in (f"{out}/data", f"{out}/etc") if os.stat(d).st_mode & 0o027]
assert not open_dirs, f"directories open to others: {open_dirs}"
# The weeks after: one uplift row with an estimate per demo campaign.
u = json.load(open(f"{out}/hq/uplift.json"))
rows = {c["campaign"]: c for c in u["cells"] if c["offer"] == "*" and c["segment"] == "*"}
assert len(rows) == 4 and all("uplift_relative" in c and c["control_members"] > 0 for c in rows.values()), rows.keys()
assert os.path.isfile(f"{out}/hq/exposures.csv"), "smartstore-hq exposures wrote nothing"
print(f"demo check: day 2: snacks bought {before['bought']} -> {after['bought']}, behaviour "
      f"{before['behaviour']} -> {after['behaviour']}, the forgotten member nowhere, one price, "
      f"dip {decided['dip']} ({'played' if loop['dip']['played'] else 'forecast'} for today)")
print(f"demo check: HQ holds {got} exactly once; no raw membership number in {len(files)} files; "
      f"{len(private)} key/data/log files are 0600 and owned by uid {os.getuid()}")
PY
