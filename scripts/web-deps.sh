#!/usr/bin/env bash
# playwright-core (npm) drives Debian's chromium in the web tests. Installed
# into tests/web/node_modules from the lock file; no browser download.
set -euo pipefail
cd "$(dirname "$0")/../tests/web"
[ -f package.json ] || exit 0
if [ ! -d node_modules/playwright-core ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
fi
