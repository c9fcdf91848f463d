#!/usr/bin/env bash
# `make package-root`: the minimal Debian 12 root the package test installs
# into, made once with debootstrap and kept as a tarball (a few minutes and
# ~200 MB; the test unpacks a fresh copy for every run). Kept out of `make
# test`, whose time budget a debootstrap does not fit.
#   package-root.sh [CACHE_DIR]   default: $SMARTSTORE_ROOTFS_CACHE or build/package-cache
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${SMARTSTORE_ROOTFS_CACHE:-$root_dir/build/package-cache}}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
tarball="$cache/bookworm-minbase.tar"
if [ -f "$tarball" ]; then
  echo "package-root: $tarball is there"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "package-root: debootstrap needs root" >&2; exit 1; }
mkdir -p "$cache"
rm -rf "$cache/root"
start=$(date +%s)
if ! debootstrap --variant=minbase bookworm "$cache/root" "$mirror" >"$cache/debootstrap.log" 2>&1; then
  tail -n 20 "$cache/debootstrap.log" >&2
  echo "package-root: debootstrap from $mirror failed (whole log: $cache/debootstrap.log)" >&2
  exit 1
fi
tar -C "$cache/root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
rm -rf "$cache/root"
echo "package-root: $tarball in $(($(date +%s) - start)) s"
