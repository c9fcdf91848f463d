#!/usr/bin/env python3
"""Picks the demo's members for the decisions the models drive, from store
S001's snapshot as the kiosk holds it (keys are HMAC-SHA256 of the card
number under the deployment key, as HQ and the kiosk compute them).

usage: demo_decisions.py DATA_DIR SNAPSHOT_DIR DEPLOYMENT_KEY DIP_CATEGORY SKIP_CARD...
prints one "what card" line for each of: dip (top preference is the dipping
category), companion (carries a companion rule, top preference elsewhere),
welcome_segment (no purchases, no survey answer), welcome_survey (no
purchases, answered the survey)."""
import csv
import glob
import hashlib
import hmac
import json
import sys

data, snapshot, key_file, dip_category, *skip = sys.argv[1:]
key = open(key_file, "rb").read()
profiles = {}
for chunk in sorted(glob.glob(f"{snapshot}/chunk-*.jsonl")):
    for line in open(chunk, encoding="utf-8"):
        if line.strip():
            p = json.loads(line)
            profiles[p["key"]] = p


def top(p):
    return p["prefs"][0]["c"] if p.get("prefs") else ""


wanted = {
    "dip": lambda p: p.get("days", 0) > 0 and top(p) == dip_category,
    "companion": lambda p: p.get("days", 0) > 0 and p.get("companion_lift") and top(p) != dip_category,
    "welcome_segment": lambda p: p.get("days", 0) == 0 and p.get("cluster_predicted") and not p.get("survey"),
    "welcome_survey": lambda p: p.get("days", 0) == 0 and p.get("survey"),
}
found = {}
for row in csv.DictReader(open(f"{data}/members.csv", encoding="utf-8")):
    card = row["card_no"]
    p = profiles.get(hmac.new(key, card.encode(), hashlib.sha256).hexdigest())
    if card in skip or p is None or not p.get("consent", True):
        continue
    for what, fits in wanted.items():
        if what not in found and fits(p):
            found[what] = card
            break
    if len(found) == len(wanted):
        break
for what in wanted:
    print(what, found.get(what, "none"))
