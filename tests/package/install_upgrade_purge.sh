#!/usr/bin/env bash
# ctest-labels: package
# The Debian packages in a throwaway Debian 12 root: install (dependencies from
# the Debian mirror), check the installed example config, start the daemon on
# a provisioned config and fetch its staff page, upgrade to a newer build (the
# admin's conffile edit and the database kept), purge, and check that purge
# removed everything the packages made except the system users.
#   install_upgrade_purge.sh WORK_DIR [BUILD_DIR]
# The packages are made by dpkg-buildpackage (scripts/build-packages.sh, into
# WORK_DIR); with BUILD_DIR (ctest passes the ci build) debian/rules packs the
# programs already built there (SMARTSTORE_PREBUILT) instead of compiling the
# tree again. The minimal root is made by scripts/package-root.sh (mmdebstrap)
# on the first run and kept as a tarball in $SMARTSTORE_ROOTFS_CACHE (default
# ~/.cache/smartstore/package-root, so that a fresh clone reuses it). Exit 77 (skip) when this machine cannot run it: not
# root, a tool missing, or no Debian mirror.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?usage: $0 WORK_DIR [BUILD_DIR]}
prebuilt=${2:-}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cache=${SMARTSTORE_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smartstore/package-root}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
lap() { awk -v what="$1" -v from="$2" -v to="$(now)" 'BEGIN { printf "%-34s %6.1f s\n", what, to - from }'; }

[ "$(id -u)" -eq 0 ] || skip "needs root for chroot"
for tool in dpkg-buildpackage dpkg-deb mmdebstrap chroot sqlite3 curl python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh)"
done
cache_tarball="$cache/bookworm-apt.tar"
if [ ! -f "$cache_tarball" ]; then
  curl -fsS -o /dev/null --max-time 20 "$mirror/dists/bookworm/InRelease" ||
    skip "no Debian root at $cache_tarball and the Debian mirror $mirror cannot be reached to make one"
fi

# 1. The root (made once, in the background while the packages are built),
# and the packages.
t=$(now)
"$root_dir/scripts/package-root.sh" "$cache" >"$work/package-root.log" 2>&1 &
root_maker=$!
debs="$work/debs"
rm -rf "$debs" && mkdir -p "$debs/v1" "$debs/v2"
# PACKAGE_TEST_DEBS=DIR takes already built packages (e.g. build/package).
if [ -n "${PACKAGE_TEST_DEBS:-}" ]; then
  ls "$PACKAGE_TEST_DEBS"/smartstore*.deb >"$work/debs.txt"
elif [ -n "$prebuilt" ]; then
  PACKAGE_OUT="$work/package" SMARTSTORE_PREBUILT=$(cd "$prebuilt" && pwd) DEB_BUILD_OPTIONS=noautodbgsym PACKAGE_NICE=0 \
    "$root_dir/scripts/build-packages.sh" >"$work/debs.txt"
else
  PACKAGE_OUT="$work/package" "$root_dir/scripts/build-packages.sh" >"$work/debs.txt"
fi
grep -v dbgsym "$work/debs.txt" | xargs -I{} cp {} "$debs/v1/"
lap "packages built${prebuilt:+ (from $prebuilt)}" "$t"
# The upgrade: the same build repacked at a higher version whose shipped
# kiosk.toml differs, as a release that changes it would.
v1=$(dpkg-deb -f "$debs"/v1/smartstored_*.deb Version)
v2="$v1+upgrade1"
arch=$(dpkg-deb -f "$debs"/v1/smartstored_*.deb Architecture)
for deb in "$debs"/v1/*.deb; do
  x="$work/repack"
  rm -rf "$x" && dpkg-deb -R "$deb" "$x"
  sed -i "s/^Version: .*/Version: $v2/" "$x/DEBIAN/control"
  if [ -f "$x/etc/smartstore/kiosk.toml" ]; then
    echo "# shipped by $v2" >>"$x/etc/smartstore/kiosk.toml"
    sed -i "/etc\/smartstore\/kiosk.toml/d" "$x/DEBIAN/md5sums"
    (cd "$x" && md5sum etc/smartstore/kiosk.toml >>DEBIAN/md5sums)
  fi
  dpkg-deb -b -Zgzip "$x" "$debs/v2/" >/dev/null
done

# 2. The root: a minimal bookworm, unpacked fresh for every run.
wait "$root_maker" || { cat "$work/package-root.log"; fail "making the Debian root failed"; }
lap "packages and root ready" "$t"
t=$(now)
chroot_dir="$work/root"
daemon_pid=""
# A daemon left by a failed check is stopped too: it would outlive the test
# and hold whatever descriptors the test inherited.
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -KILL "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  umount "$chroot_dir/proc" 2>/dev/null || true
  rm -rf --one-file-system "$chroot_dir"
}
trap cleanup EXIT
cleanup
mkdir -p "$chroot_dir"
tar -C "$chroot_dir" -xf "$cache_tarball"
mount -t proc proc "$chroot_dir/proc"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
# Never start services inside the root (there is no systemd in it anyway).
printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"
chmod +x "$chroot_dir/usr/sbin/policy-rc.d"
# Downloaded dependencies are kept between runs beside the root tarball.
mkdir -p "$cache/archives"
cp "$cache"/archives/*.deb "$chroot_dir/var/cache/apt/archives/" 2>/dev/null || true
cp -r "$debs" "$chroot_dir/tmp/debs"
lap "root unpacked" "$t"
in_root() { chroot "$chroot_dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
apt_install() {
  in_root apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}
find "$chroot_dir" -xdev \( -path "$chroot_dir/proc" -o -path "$chroot_dir/tmp" \) -prune -o -print |
  sed "s|^$chroot_dir||" | sort >"$work/files-before.txt"

# 3. Install.
t=$(now)
in_root apt-get update -q >"$work/apt.log" 2>&1 || skip "apt-get update from the Debian mirror failed (no network?): $work/apt.log"
apt_install /tmp/debs/v1/smartstored_"${v1}_$arch".deb /tmp/debs/v1/smartstore-hq_"${v1}_$arch".deb >>"$work/apt.log" 2>&1 ||
  fail "installing $v1 failed: $work/apt.log"
cp "$chroot_dir"/var/cache/apt/archives/*.deb "$cache/archives/" 2>/dev/null || true
lap "installed $v1 (with dependencies)" "$t"

in_root smartstored --check-config /etc/smartstore/kiosk.toml || fail "the installed example config fails --check-config"
in_root getent passwd smartstore >/dev/null || fail "no smartstore user"
in_root getent passwd smartstore-hq >/dev/null || fail "no smartstore-hq user"
state=$(stat -c '%a %u' "$chroot_dir/var/lib/smartstore")
[ "$state" = "700 $(in_root id -u smartstore)" ] || fail "/var/lib/smartstore is $state (mode uid), expected 0700 smartstore"
[ -L "$chroot_dir/etc/systemd/system/multi-user.target.wants/smartstored.service" ] || fail "smartstored.service not enabled"
[ -L "$chroot_dir/etc/systemd/system/timers.target.wants/smartstore-nightly.timer" ] || fail "nightly timer not enabled"
grep -qx /etc/smartstore/kiosk.toml "$chroot_dir/var/lib/dpkg/info/smartstored.conffiles" || fail "kiosk.toml is not a conffile"

# 4. A real start as the service user, on a config the installed tools
# provisioned: the daemon makes its database and serves the installed pages.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
in_root sh -c 'smartstore-provision /etc/smartstore/keys S001 >/dev/null && cp /etc/smartstore/keys/coupon-S001.key /etc/smartstore/keys/coupon.key && chown -R smartstore /etc/smartstore/keys'
sed -e 's/^enabled = true/enabled = false/' -e "s/127.0.0.1:8443/127.0.0.1:$port/" "$chroot_dir/etc/smartstore/kiosk.toml" >"$chroot_dir/etc/smartstore/kiosk.toml.new"
mv "$chroot_dir/etc/smartstore/kiosk.toml.new" "$chroot_dir/etc/smartstore/kiosk.toml"  # the admin's edit
start_daemon() {  # LOG (a fresh file: an old run's "ready" must not count)
  rm -f "$1"
  chroot --userspec="$(in_root id -u smartstore):$(in_root id -g smartstore)" "$chroot_dir" env -i PATH=/usr/bin:/bin \
    smartstored --config /etc/smartstore/kiosk.toml >"$1" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do
    grep -qs "smartstored ready" "$1" && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$1"; fail "smartstored exited during start-up"; }
    sleep 0.2
  done
  cat "$1"; fail "smartstored not ready in 20 s"
}
stop_daemon() {
  kill -TERM "$daemon_pid"
  local status=0
  wait "$daemon_pid" || status=$?
  daemon_pid=""
  [ "$status" -eq 0 ] || { tail -n 5 "$1"; fail "smartstored exited with status $status after SIGTERM"; }
}
start_daemon "$work/daemon-v1.log"
# Fetched whole first: grep -q stops reading at the first match, and curl's
# failed write would then fail the pipeline.
staff=$(curl -fsS "http://127.0.0.1:$port/staff") || fail "GET /staff failed"
grep -qi "<html" <<<"$staff" || fail "the installed staff page is not served"
stop_daemon "$work/daemon-v1.log"
db="$chroot_dir/var/lib/smartstore/kiosk.db"
[ -f "$db" ] || fail "no kiosk.db in /var/lib/smartstore: $(ls -la "$chroot_dir/var/lib/smartstore")"
schema_v1=$(sqlite3 "$db" 'PRAGMA user_version')
sqlite3 "$db" 'CREATE TABLE package_test_marker(kept TEXT); INSERT INTO package_test_marker VALUES ("v1")'

# 5. Upgrade: the admin's kiosk.toml stays (the new one beside it as
# .dpkg-dist), the database stays and the new daemon opens it.
t=$(now)
apt_install /tmp/debs/v2/smartstored_"${v2}_$arch".deb /tmp/debs/v2/smartstore-hq_"${v2}_$arch".deb >>"$work/apt.log" 2>&1 ||
  fail "upgrading to $v2 failed: $work/apt.log"
lap "upgraded to $v2" "$t"
[ "$(in_root dpkg-query -W -f '${Version}' smartstored)" = "$v2" ] || fail "smartstored not at $v2"
grep -q "^enabled = false" "$chroot_dir/etc/smartstore/kiosk.toml" || fail "upgrade replaced the admin's kiosk.toml"
grep -q "shipped by $v2" "$chroot_dir/etc/smartstore/kiosk.toml.dpkg-dist" || fail "no kiosk.toml.dpkg-dist from $v2"
start_daemon "$work/daemon-v2.log"
stop_daemon "$work/daemon-v2.log"
[ "$(sqlite3 "$db" 'SELECT kept FROM package_test_marker')" = v1 ] || fail "the database was not kept"
schema_v2=$(sqlite3 "$db" 'PRAGMA user_version')
[ "$schema_v2" -ge "$schema_v1" ] || fail "schema went from $schema_v1 back to $schema_v2"

# 6. Purge: nothing the packages made remains but the two system users
# (Debian keeps system users: files they owned may remain, and a reused uid
# would inherit them). The keys in /etc/smartstore/keys are the admin's; the
# test removes them as an admin would before checking.
t=$(now)
rm -rf "$chroot_dir/etc/smartstore/keys"
in_root apt-get purge -y -q smartstored smartstore-hq >>"$work/apt.log" 2>&1 || fail "purge failed: $work/apt.log"
lap "purged" "$t"
find "$chroot_dir" -xdev \( -path "$chroot_dir/proc" -o -path "$chroot_dir/tmp" \) -prune -o -print |
  sed "s|^$chroot_dir||" | sort >"$work/files-after.txt"
left=$(comm -13 "$work/files-before.txt" "$work/files-after.txt" | grep -i smartstore || true)
[ -z "$left" ] || fail "purge left: $left"
echo "install, upgrade $v1 -> $v2 (schema $schema_v1 -> $schema_v2), purge: ok"
