#!/usr/bin/env bash
# The minimal Debian 12 root the package test installs into: mmdebstrap
# --variant=apt (the Essential:yes packages and apt, nothing else, so that
# every other package the test's packages need must come from their declared
# dependencies), from the Debian mirror, kept as a tarball that every test run
# unpacks afresh. Under a minute on an idle machine (docs/packaging.md). The
# package test makes it on its first run; `make package-root` makes it ahead.
#   package-root.sh [CACHE_DIR]   default: $SMARTSTORE_ROOTFS_CACHE or ~/.cache/smartstore/package-root
# (beside ccache, outside the tree: a fresh clone reuses it, as it reuses ccache)
set -euo pipefail
cache=${1:-${SMARTSTORE_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smartstore/package-root}}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
tarball="$cache/bookworm-apt.tar"
mkdir -p "$cache"
# One maker at a time (the test and `make package-root` may race).
exec 9>"$cache/.package-root.lock"
flock 9
if [ -f "$tarball" ]; then
  echo "package-root: $tarball is there"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "package-root: mmdebstrap --mode=root needs root" >&2; exit 1; }
start=$(date +%s)
# mmdebstrap has apt's pre-install hook (run by /bin/sh, i.e. dash) write to a
# descriptor it opens, and dash cannot name one above 9. Under ctest several
# inherited descriptors are open, the new ones land above 9 and the hook
# fails ("Bad fd number"), so mmdebstrap runs with every inherited descriptor
# above 2 closed (the lock stays held by this shell).
# The suites are those a kiosk's sources.list holds, so that the root installs
# the library versions the host built against. The apt lists are kept in the
# root: the test's `apt-get update` then fetches only what changed.
if ! (for fd in $(ls /proc/$BASHPID/fd); do
        [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ] && eval "exec $fd>&-"
      done
      exec mmdebstrap --mode=root --format=tar --variant=apt --skip=cleanup/apt/lists bookworm "$tarball.part" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main" \
    </dev/null >"$cache/mmdebstrap.log" 2>&1); then
  tail -n 20 "$cache/mmdebstrap.log" >&2
  echo "package-root: mmdebstrap from $mirror failed (whole log: $cache/mmdebstrap.log)" >&2
  rm -f "$tarball.part"
  exit 1
fi
mv "$tarball.part" "$tarball"
echo "package-root: $tarball in $(($(date +%s) - start)) s"
