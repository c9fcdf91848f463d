#!/bin/sh
# Provisions the sync PKI and deployment keys with openssl (docs/sync-protocol.md,
# docs/security.md):
#   provision.sh OUT_DIR [STORE_ID[/KIOSK_ID]...]   (default stores: S001 S002)
#   provision.sh OUT_DIR --revoke NAME              (NAME: S001-K01, S001, hq)
#   provision.sh OUT_DIR --crl                      (re-sign crl.pem, e.g. yearly)
# Makes: ca.{key,crt}, broker.{key,crt} (CN/SAN localhost, 127.0.0.1), hq.{key,crt},
# one client certificate per argument: STORE_ID/KIOSK_ID gives STORE_ID-KIOSK_ID.{key,crt}
# (one per kiosk, so one stolen kiosk is revoked alone; CN = store id, the
# broker's ACL username; OU = kiosk id), a bare STORE_ID gives STORE_ID.{key,crt}
# (a store with a single kiosk). Also deployment.key (32 random bytes, member-key
# HMAC), coupon-<store>.key (32 bytes), hq-ed25519.{key,pub} (HQ signs coupons
# and every downlink message), and crl.pem, the revocation list the broker
# loads (mosquitto `crlfile`; restart or reload the broker after --revoke).
# Every file 0600. Idempotent: existing files are kept.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [STORE_ID[/KIOSK_ID]...] | --revoke NAME | --crl" >&2; exit 2; }
out=$1; shift
umask 077
mkdir -p "$out"
cd "$out"

# The CA's records for `openssl ca`: which serials are revoked.
[ -f ca.cnf ] || cat > ca.cnf <<'CNF'
[ca]
default_ca = smartstore
[smartstore]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 365
CNF
[ -f index.txt ] || : > index.txt
[ -f crlnumber ] || echo 01 > crlnumber

gencrl() {
  openssl ca -config ca.cnf -keyfile ca.key -cert ca.crt -gencrl -out crl.pem 2>/dev/null
  chmod 600 crl.pem
}

case "${1:-}" in
  --revoke)
    [ $# -eq 2 ] && [ -f "$2.crt" ] || { echo "$0: --revoke needs the NAME of an issued certificate" >&2; exit 2; }
    openssl ca -config ca.cnf -keyfile ca.key -cert ca.crt -revoke "$2.crt" 2>/dev/null
    gencrl
    echo "revoked $2; restart the broker so it reloads $(pwd)/crl.pem"
    exit 0 ;;
  --crl)
    gencrl
    exit 0 ;;
esac
[ $# -ge 1 ] || set -- S001 S002

if [ ! -f ca.key ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=smartstore-sync-ca" -out ca.crt
fi

# issue NAME SUBJECT [SAN]: a server certificate with a SAN, else a client one.
issue() {
  name=$1; subject=$2; san=${3:-}
  [ -f "$name.crt" ] && return 0
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
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

valid_id() {  # 1-32 of A-Z a-z 0-9 - _ (a topic level and a file name)
  printf '%s' "$1" | grep -Eq '^[A-Za-z0-9_-]{1,32}$'
}

issue broker "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
issue hq "/CN=hq"
for arg in "$@"; do
  store=${arg%%/*}
  valid_id "$store" || { echo "$0: bad store id '$store'" >&2; exit 2; }
  [ "$store" != hq ] || { echo "$0: 'hq' is HQ's certificate name, not a store id" >&2; exit 2; }
  if [ "$arg" = "$store" ]; then
    issue "$store" "/CN=$store"
  else
    kiosk=${arg#*/}
    valid_id "$kiosk" || { echo "$0: bad kiosk id '$kiosk'" >&2; exit 2; }
    issue "$store-$kiosk" "/OU=$kiosk/CN=$store"
  fi
  [ -f "coupon-$store.key" ] || openssl rand -out "coupon-$store.key" 32
done

[ -f deployment.key ] || openssl rand -out deployment.key 32
if [ ! -f hq-ed25519.key ]; then
  openssl genpkey -algorithm ED25519 -out hq-ed25519.key
  openssl pkey -in hq-ed25519.key -pubout -out hq-ed25519.pub
fi
[ -f crl.pem ] || gencrl
chmod 600 ./*
echo "provisioned $(pwd): CA, broker, hq, $*"
