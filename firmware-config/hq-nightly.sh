#!/bin/sh
# The HQ nightly, run by smartstore-nightly.service: smartstore-hq nightly
# checks the day-closes, exports the store events and the erasure list, builds
# every store's profile snapshot with them and publishes snapshots, erasures,
# the catalog and the dip campaign (docs/hq.md "The nightly job"). Settings
# come from a shell file (default /etc/smartstore/hq-nightly.conf). Running it
# again over the same inputs builds and sends nothing.
set -eu
conf=${1:-/etc/smartstore/hq-nightly.conf}
[ -r "$conf" ] || { echo "hq-nightly: cannot read $conf" >&2; exit 1; }
. "$conf"
for name in HQ_DB EXPORT_DIR WORK_DIR STORES DEPLOYMENT_KEY BROKER CA_FILE CERT_FILE KEY_FILE SIGNING_KEY; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || { echo "hq-nightly: $name is not set in $conf" >&2; exit 1; }
done
# The business day the stores closed: yesterday, unless the conf names one.
day=${DAY:-$(date -d yesterday +%Y-%m-%d)}
set -- --db "$HQ_DB" --day "$day" --exports "$EXPORT_DIR" --work "$WORK_DIR" --store "$STORES" \
  --deployment-key "$DEPLOYMENT_KEY" \
  --broker "$BROKER" --ca "$CA_FILE" --cert "$CERT_FILE" --key "$KEY_FILE" --signing-key "$SIGNING_KEY"
[ -n "${CATALOG:-}" ] && set -- "$@" --catalog "$CATALOG"
# A chain too large for the machine's memory: e.g. MEMORY_BUDGET=2G (docs/hq.md).
[ -n "${MEMORY_BUDGET:-}" ] && set -- "$@" --memory-budget "$MEMORY_BUDGET"
exec smartstore-hq nightly "$@"
