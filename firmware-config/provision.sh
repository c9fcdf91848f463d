#!/bin/sh
# Provisions the sync PKI and deployment keys with openssl (docs/sync-protocol.md):
#   provision.sh OUT_DIR [STORE_ID...]      (default stores: S001 S002)
# Makes: ca.{key,crt}, broker.{key,crt} (CN/SAN localhost, 127.0.0.1), one client
# certificate per store (CN = store id: the broker's ACL username) and for hq,
# deployment.key (32 random bytes, member-key HMAC), coupon-<store>.key (32 bytes),
# hq-ed25519.{key,pub}. Every file 0600. Idempotent: existing files are kept.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [STORE_ID...]" >&2; exit 2; }
out=$1; shift
[ $# -ge 1 ] || set -- S001 S002
umask 077
mkdir -p "$out"
cd "$out"

if [ ! -f ca.key ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=smartstore-sync-ca" -out ca.crt
fi

# client_or_server NAME CN [SAN]
issue() {
  name=$1; cn=$2; san=${3:-}
  [ -f "$name.crt" ] && return 0
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr"
  ext="$name.ext"
  if [ -n "$san" ]; then
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' > "$ext"
  fi
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$ext"
}

issue broker localhost "DNS:localhost,IP:127.0.0.1"
issue hq hq
for store in "$@"; do
  issue "$store" "$store"
  [ -f "coupon-$store.key" ] || openssl rand -out "coupon-$store.key" 32
done

[ -f deployment.key ] || openssl rand -out deployment.key 32
if [ ! -f hq-ed25519.key ]; then
  openssl genpkey -algorithm ED25519 -out hq-ed25519.key
  openssl pkey -in hq-ed25519.key -pubout -out hq-ed25519.pub
fi
chmod 600 ./*
echo "provisioned $(pwd): CA, broker, hq, $*"
