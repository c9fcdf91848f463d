#!/usr/bin/env python3
"""Reads a GET /api/v1/customers/{member} response on stdin for the demo's output."""
import json
import sys

c = json.load(sys.stdin)
p = c.get("profile", c)
prefs = ", ".join("%s %.1f" % (x["category"], x["index"]) for x in p.get("preferences", [])[:3])
what = sys.argv[1]
if what == "card":
    print(p.get("tier"), "/", p.get("grade"), "/", p.get("segment"), "/", p.get("behaviour_type"), "| top:", prefs)
elif what == "prefs":
    print(prefs)
elif what == "coupon":
    coupons = c.get("recent_coupons", [])
    print(coupons[0]["code"] if coupons else "")
