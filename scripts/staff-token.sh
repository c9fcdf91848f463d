#!/usr/bin/env bash
# Provisions one staff member for smartstored's staff file (docs/staff-auth.md).
#   scripts/staff-token.sh token ID [ROLE]   new random token: prints it once, and the [[staff]] entry
#   scripts/staff-token.sh pin ID [ITER]     asks for a PIN twice: prints the [[staff]] entry
# ROLE: staff (default), till or display. Only hashes go into the staff file; the token is shown once.
set -euo pipefail

usage() { sed -n '2,6p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1 id=$2
[[ $id =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { echo "staff id: 1-64 of A-Z a-z 0-9 . _ -" >&2; exit 2; }

case $mode in
  token)
    role=${3:-staff}
    [[ $role =~ ^(staff|till|display)$ ]] || { echo "role: staff, till or display" >&2; exit 2; }
    token=$(openssl rand -hex 32)
    hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
    echo "token for $id (give it to the tablet once; it is not stored anywhere):" >&2
    echo "$token" >&2
    printf '[[staff]]\nid = "%s"\nrole = "%s"\ntoken_sha256 = "%s"\n' "$id" "$role" "$hash"
    ;;
  pin)
    iter=${3:-100000}
    read -r -s -p "PIN for $id: " pin; echo >&2
    read -r -s -p "again: " pin2; echo >&2
    [ "$pin" = "$pin2" ] || { echo "the PINs differ" >&2; exit 1; }
    [[ $pin =~ ^[0-9]{6,12}$ ]] || { echo "PIN: 6-12 digits" >&2; exit 1; }
    salt=$(openssl rand -hex 16)
    hash=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$pin" -kdfopt "salt:$salt" \
             -kdfopt "iter:$iter" PBKDF2 | tr -d ':\n' | tr 'A-F' 'a-f')
    printf '[[staff]]\nid = "%s"\npin_salt = "%s"\npin_iterations = %s\npin_hash = "%s"\n' "$id" "$salt" "$iter" "$hash"
    ;;
  *) usage ;;
esac
