#!/usr/bin/env python3
# ctest-labels: integration
"""smartstored's side of the systemd unit (firmware-config/smartstored.service:
Type=notify, WatchdogSec, Restart=on-failure), checked on a notify socket this
test owns, the way systemd reads it: READY=1 only once started, WATCHDOG=1
well within WATCHDOG_USEC and sent by the daemon's own pid, RELOADING=1 then
READY=1 on SIGHUP, STOPPING=1 on SIGTERM. A daemon that stops answering (the
process frozen with SIGSTOP) sends no ping within WATCHDOG_USEC; the test then
does what systemd does with the unit's settings (SIGABRT, then a restart) and
the new process reports READY again.

    notify_watchdog_test.py SMARTSTORED SOURCE_DIR
"""
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 400_000


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class NotifySocket:
    """A datagram socket like systemd's notify socket, with sender credentials."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)

    def receive(self, timeout):
        """(message fields, sender pid, arrival time) or None after timeout seconds."""
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except socket.timeout:
            return None
        pid = None
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        return data.decode().split("\n"), pid, time.monotonic()

    def wait_for(self, field, pid, timeout, log):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.receive(deadline - time.monotonic())
            if got and field in got[0]:
                if got[1] != pid:
                    fail(f"{field} sent by pid {got[1]}, not the daemon's pid {pid}")
                return got[2]
        fail(f"no {field} within {timeout} s; daemon log:\n{open(log).read()}")


def write_config(src, tmp, port):
    text = open(os.path.join(src, "firmware-config/kiosk.example.toml")).read()
    text = text.replace("/var/lib/smartstore", os.path.join(tmp, "data"))
    text = text.replace("/etc/smartstore", os.path.join(tmp, "etc"))
    text = re.sub(r"\nenabled = true", "\nenabled = false", text)
    text = text.replace("127.0.0.1:8443", f"127.0.0.1:{port}")
    os.makedirs(os.path.join(tmp, "etc/keys"))
    for key in ("deployment.key", "coupon.key"):
        path = os.path.join(tmp, "etc/keys", key)
        with open(path, "wb") as f:
            f.write(random.randbytes(32))
        os.chmod(path, 0o600)
    config = os.path.join(tmp, "kiosk.toml")
    with open(config, "w") as f:
        f.write(text)
    return config


def start(daemon, config, notify, log):
    env = dict(os.environ, NOTIFY_SOCKET=notify.path, WATCHDOG_USEC=str(WATCHDOG_USEC))
    env.pop("WATCHDOG_PID", None)
    with open(log, "w") as out:
        return subprocess.Popen([daemon, "--config", config], env=env, stdout=out, stderr=subprocess.STDOUT)


def check_unit(src):
    unit = open(os.path.join(src, "firmware-config/smartstored.service")).read()
    for line in ("Type=notify", "Restart=on-failure"):
        if line not in unit.splitlines():
            fail(f"smartstored.service lacks {line}: the restart below relies on it")
    if not re.search(r"^WatchdogSec=\d+", unit, re.M):
        fail("smartstored.service sets no WatchdogSec")


def watchdog_gaps(notify, pid, seconds):
    pings, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = notify.receive(deadline - time.monotonic())
        if got and "WATCHDOG=1" in got[0]:
            if got[1] != pid:
                fail(f"WATCHDOG=1 from pid {got[1]}, not {pid}")
            pings.append(got[2])
    if len(pings) < 3:
        fail(f"{len(pings)} watchdog pings in {seconds} s with WATCHDOG_USEC={WATCHDOG_USEC}")
    return [b - a for a, b in zip(pings, pings[1:])]


def main():
    daemon, src = sys.argv[1], sys.argv[2]
    check_unit(src)
    with tempfile.TemporaryDirectory() as tmp:
        config = write_config(src, tmp, free_port())
        notify = NotifySocket(os.path.join(tmp, "notify.sock"))
        log = os.path.join(tmp, "daemon.log")
        proc = start(daemon, config, notify, log)
        try:
            notify.wait_for("READY=1", proc.pid, 20, log)
            gaps = watchdog_gaps(notify, proc.pid, 2.0)
            if max(gaps) >= WATCHDOG_USEC / 1e6:
                fail(f"a watchdog gap of {max(gaps):.3f} s reaches WATCHDOG_USEC")
            print(f"watchdog: {len(gaps) + 1} pings, gaps {min(gaps):.3f}-{max(gaps):.3f} s "
                  f"(limit {WATCHDOG_USEC / 1e6} s)")

            proc.send_signal(signal.SIGHUP)
            notify.wait_for("RELOADING=1", proc.pid, 10, log)
            notify.wait_for("READY=1", proc.pid, 10, log)

            # Frozen: no ping may arrive, so systemd would declare a timeout.
            proc.send_signal(signal.SIGSTOP)
            time.sleep(0.05)
            while notify.receive(0.01):
                pass  # pings already queued before the freeze
            deadline = time.monotonic() + 2 * WATCHDOG_USEC / 1e6
            while time.monotonic() < deadline:
                got = notify.receive(deadline - time.monotonic())
                if got and "WATCHDOG=1" in got[0]:
                    fail("a frozen daemon still sent WATCHDOG=1")
            # systemd's response (WatchdogSignal=SIGABRT, then Restart=on-failure).
            proc.send_signal(signal.SIGABRT)
            proc.send_signal(signal.SIGCONT)
            if proc.wait(20) >= 0:
                fail(f"the daemon survived SIGABRT (exit {proc.returncode})")
            proc = start(daemon, config, notify, log)
            notify.wait_for("READY=1", proc.pid, 20, log)
            watchdog_gaps(notify, proc.pid, 1.0)

            proc.send_signal(signal.SIGTERM)
            notify.wait_for("STOPPING=1", proc.pid, 10, log)
            if proc.wait(20) != 0:
                fail(f"smartstored exited {proc.returncode} after SIGTERM:\n{open(log).read()}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    print("notify and watchdog: ok")


if __name__ == "__main__":
    main()
