#!/usr/bin/env bash
# tests/web's npm packages: playwright-core drives Debian's chromium in the
# browser tests (no browser download); swagger-cli, swagger-parser and ajv
# check docs/openapi.yaml and the API's responses against it. Installed into
# tests/web/node_modules from the lock file, again whenever the lock file
# changes (a copy of the installed one is kept beside the packages).
set -euo pipefail
cd "$(dirname "$0")/../tests/web"
[ -f package.json ] || exit 0
stamp=node_modules/.installed-package-lock.json
if [ -f package-lock.json ] && cmp -s package-lock.json "$stamp"; then exit 0; fi
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
[ -f package-lock.json ] && cp package-lock.json "$stamp"
exit 0
