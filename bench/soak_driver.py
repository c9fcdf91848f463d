#!/usr/bin/env python3
"""Soak driver (scripts/run-soak.sh starts the daemon and calls this).

A store day at high speed over the kiosk's HTTP API: entrance scans (new
members get a welcome coupon, regulars hit the daily cap), staff lookups and
notes, redemptions at the till, coupon and health checks. Every interval it
samples the daemon's RSS and open fds from /proc and the latency percentiles
of the requests finished in that interval. Standard library only.
"""
import argparse
import http.client
import json
import os
import random
import sqlite3
import sys
import threading
import time


def luhn_card(n):
    body = "9420" + str(10**11 + n)[1:]
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[k]


def proc_sample(pid):
    rss_kb = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return rss_kb / 1024.0, len(os.listdir(f"/proc/{pid}/fd"))


class Shared:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = 0
        self.statuses = {}
        self.codes = []  # issued coupon codes waiting at the till
        self.stop = False


def client(args, shared, seed):
    rng = random.Random(seed)
    conn = None
    headers = {"Authorization": f"Bearer {args.token}", "Content-Type": "application/json"}
    note_seq = 0
    while not shared.stop:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        r = rng.random()
        card = luhn_card(rng.randrange(args.members))
        body = None
        extra = {}
        if r < 0.40:
            method, path, body = "POST", "/api/v1/scans", json.dumps({"text": card})
        elif r < 0.55:
            method, path = "GET", f"/api/v1/customers/{card}"
        elif r < 0.70:
            note_seq += 1
            method, path = "POST", f"/api/v1/customers/{card}/notes"
            body = json.dumps({"items": [{"category": "식품", "quantity": 1, "price_krw": 3500, "sold": True}],
                               "deliberation_min": 3, "remarks": "soak"})
            extra = {"Idempotency-Key": f"soak-{seed}-{note_seq}"}
        elif r < 0.80:
            with shared.lock:
                code = shared.codes.pop() if shared.codes else None
            if code is None:
                continue
            method, path, body = "POST", "/api/v1/coupons/redeem", json.dumps({"code": code, "device_id": "till-1"})
        elif r < 0.90:
            method, path = "GET", "/api/v1/coupons/SC1.AEAQCI2FM6E2XTPP32W353YAAMA3VAKAYDHMWQW3W4JAC36Q"
        else:
            method, path = "GET", "/healthz"
        started = time.perf_counter()
        try:
            if path == "/api/v1/coupons/redeem":  # only a till redeems
                extra = {"Authorization": f"Bearer {args.till_token}"}
            conn.request(method, path, body=body, headers={**headers, **extra})
            resp = conn.getresponse()
            data = resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = None
            with shared.lock:
                shared.errors += 1
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        code = None
        if path == "/api/v1/scans" and status == 200:
            try:
                coupon = json.loads(data).get("coupon")
                code = coupon["code"] if coupon else None
            except (ValueError, KeyError, TypeError):
                pass
        with shared.lock:
            shared.latencies.append(elapsed_ms)
            shared.statuses[status] = shared.statuses.get(status, 0) + 1
            if status >= 500:
                shared.errors += 1
            if code and len(shared.codes) < 10000:
                shared.codes.append(code)


def metric(port, name):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--till-token", required=True)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--interval", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--members", type=int, default=200000)
    ap.add_argument("--rss-growth-mb", type=float, default=16)
    ap.add_argument("--fd-growth", type=int, default=8)
    ap.add_argument("--hq-db", default="")
    ap.add_argument("--kiosk-db", default="")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    shared = Shared()
    threads = [threading.Thread(target=client, args=(args, shared, 1000 + i), daemon=True) for i in range(args.clients)]
    for t in threads:
        t.start()
    rows = []
    started = time.monotonic()
    print(f"{'t_s':>6} {'req':>7} {'req/s':>7} {'err':>4} {'p50_ms':>7} {'p95_ms':>7} {'p99_ms':>7} {'max_ms':>7} "
          f"{'rss_mb':>7} {'fds':>4} {'outbox':>7}")
    while time.monotonic() - started < args.seconds:
        time.sleep(min(args.interval, max(0.1, args.seconds - (time.monotonic() - started))))
        with shared.lock:
            lat, shared.latencies = shared.latencies, []
            errors, shared.errors = shared.errors, 0
        try:
            rss, fds = proc_sample(args.pid)
        except FileNotFoundError:
            print("soak: smartstored exited", file=sys.stderr)
            return 1
        lat.sort()
        t = time.monotonic() - started
        row = {"t_s": round(t, 1), "requests": len(lat), "rps": round(len(lat) / args.interval, 1), "errors": errors,
               "p50_ms": round(percentile(lat, 0.50), 2), "p95_ms": round(percentile(lat, 0.95), 2),
               "p99_ms": round(percentile(lat, 0.99), 2), "max_ms": round(lat[-1] if lat else 0, 2),
               "rss_mb": round(rss, 1), "fds": fds, "outbox_depth": metric(args.port, "smartstore_outbox_depth")}
        rows.append(row)
        print(f"{row['t_s']:>6} {row['requests']:>7} {row['rps']:>7} {row['errors']:>4} {row['p50_ms']:>7} "
              f"{row['p95_ms']:>7} {row['p99_ms']:>7} {row['max_ms']:>7} {row['rss_mb']:>7} {row['fds']:>4} "
              f"{row['outbox_depth'] if row['outbox_depth'] is not None else '-':>7}", flush=True)
    shared.stop = True
    for t in threads:
        t.join(timeout=15)

    # Warm-up: the first fifth of the run (at least one interval) fills caches and the SQLite page cache.
    warm = max(1, len(rows) // 5)
    failures = []
    if len(rows) > warm:
        base_rss = rows[warm - 1]["rss_mb"]
        peak_rss = max(r["rss_mb"] for r in rows[warm:])
        if peak_rss - base_rss > args.rss_growth_mb:
            failures.append(f"RSS grew {peak_rss - base_rss:.1f} MB after warm-up (limit {args.rss_growth_mb} MB)")
        base_fds = rows[warm - 1]["fds"]
        if rows[-1]["fds"] > base_fds + args.fd_growth:
            failures.append(f"open fds grew from {base_fds} to {rows[-1]['fds']}")
    total = sum(r["requests"] for r in rows)
    errors = sum(r["errors"] for r in rows)
    if total == 0 or errors > total * 0.001:
        failures.append(f"{errors} errors in {total} requests")
    with shared.lock:
        statuses = dict(shared.statuses)
    hq_events = None
    if args.hq_db and os.path.exists(args.hq_db):
        try:
            db = sqlite3.connect(f"file:{args.hq_db}?mode=ro", uri=True, timeout=5)
            hq_events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            db.close()
        except sqlite3.Error:
            pass
    # Exactly once end to end: an event the kiosk holds as acknowledged by HQ
    # must be in HQ's table (unacknowledged ones may still be on their way).
    lost_at_hq = None
    if args.kiosk_db and hq_events is not None and os.path.exists(args.kiosk_db):
        try:
            kdb = sqlite3.connect(f"file:{args.kiosk_db}?mode=ro", uri=True, timeout=5)
            acked = [r[0] for r in kdb.execute("SELECT event_id FROM outbox WHERE acked_at IS NOT NULL")]
            kdb.close()
            db = sqlite3.connect(f"file:{args.hq_db}?mode=ro", uri=True, timeout=5)
            at_hq = {r[0] for r in db.execute("SELECT event_id FROM events")}
            db.close()
            lost = [e for e in acked if e not in at_hq]
            lost_at_hq = len(lost)
            if lost:
                failures.append(f"{len(lost)} events acknowledged at the kiosk are missing at HQ (first {lost[:3]})")
        except sqlite3.Error as e:
            print(f"soak: could not compare the kiosk outbox with HQ: {e}", file=sys.stderr)
    all_lat_p99 = max((r["p99_ms"] for r in rows), default=0)
    summary = {"seconds": args.seconds, "interval_s": args.interval, "clients": args.clients, "requests": total,
               "errors": errors, "statuses": {str(k): v for k, v in sorted(statuses.items())},
               "rss_start_mb": rows[0]["rss_mb"] if rows else None, "rss_end_mb": rows[-1]["rss_mb"] if rows else None,
               "fds_start": rows[0]["fds"] if rows else None, "fds_end": rows[-1]["fds"] if rows else None,
               "worst_interval_p99_ms": all_lat_p99, "hq_events": hq_events, "acknowledged_missing_at_hq": lost_at_hq,
               "failures": failures}
    with open(args.out, "w") as f:
        json.dump({"summary": summary, "intervals": rows}, f, indent=1)
    print(f"soak: {total} requests, {errors} errors, statuses {summary['statuses']}, RSS {summary['rss_start_mb']} -> "
          f"{summary['rss_end_mb']} MB, fds {summary['fds_start']} -> {summary['fds_end']}, HQ events {hq_events} "
          f"(acknowledged but missing at HQ: {lost_at_hq}); "
          f"results in {args.out}")
    for msg in failures:
        print(f"soak: FAIL: {msg}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
