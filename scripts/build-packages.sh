#!/usr/bin/env bash
# `make package`: the Debian packages (debian/) built with dpkg-buildpackage
# from a copy of the working tree under build/package/, so the .debs land in
# build/package/ and never in the directory that holds the checkout.
#   build-packages.sh [VERSION]   VERSION (optional) replaces debian/changelog's
#                                 version in the copy, e.g. to build an upgrade.
# Prints the .deb paths, one a line, on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${PACKAGE_OUT:-$root/build/package}
version=${1:-}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

src="$out/src/smartstore"
rm -rf "$src"
mkdir -p "$src"
# Tracked and new (not ignored) files: what a commit of this tree would hold.
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
  tar --null -T - -cf -) | tar -xf - -C "$src"

if [ -n "$version" ]; then
  sed -i "1s/(\([^)]*\))/($version)/" "$src/debian/changelog"
fi
ver=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
rm -f "$out"/smartstore*_"$ver"_* "$out"/src/smartstore*_"$ver"_*

log="$out/dpkg-buildpackage-$ver.log"
# PACKAGE_NICE: the package test packs at normal priority (it is the
# longest test in make test, and niced it waited on all the others).
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=${JOBS:-$(nproc)} ${DEB_BUILD_OPTIONS:-}" \
      nice -n "${PACKAGE_NICE:-10}" dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  echo "build-packages: dpkg-buildpackage failed (whole log: $log)" >&2
  exit 1
fi
# dpkg-buildpackage writes beside the source directory, i.e. into $out/src.
mv "$out"/src/smartstore*_"$ver"_* "$out"/
ls "$out"/smartstore*_"$ver"_*.deb
