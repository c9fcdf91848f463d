#!/bin/sh
# The HQ nightly, run by smartstore-nightly.service: build every store's
# profile snapshot from HQ's exports, then publish each snapshot to its store
# over MQTT. Settings come from a shell file (default
# /etc/smartstore/hq-nightly.conf); each run writes into its own dated
# directory so a failed publish can be repeated by hand from the same files.
set -eu
conf=${1:-/etc/smartstore/hq-nightly.conf}
[ -r "$conf" ] || { echo "hq-nightly: cannot read $conf" >&2; exit 1; }
. "$conf"
for name in EXPORT_DIR SNAPSHOT_DIR STORES DEPLOYMENT_KEY BROKER CA_FILE CERT_FILE KEY_FILE SIGNING_KEY; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || { echo "hq-nightly: $name is not set in $conf" >&2; exit 1; }
done
for f in customers.csv purchases.csv products.csv; do
  [ -r "$EXPORT_DIR/$f" ] || { echo "hq-nightly: missing export $EXPORT_DIR/$f" >&2; exit 1; }
done

out="$SNAPSHOT_DIR/$(date +%Y-%m-%d)"
smartstore-models build --customers "$EXPORT_DIR/customers.csv" --purchases "$EXPORT_DIR/purchases.csv" \
  --products "$EXPORT_DIR/products.csv" --store "$STORES" --deployment-key "$DEPLOYMENT_KEY" --out "$out"
smartstore-hq publish --broker "$BROKER" --ca "$CA_FILE" --cert "$CERT_FILE" --key "$KEY_FILE" \
  --signing-key "$SIGNING_KEY" \
  --all-stores "$out"
