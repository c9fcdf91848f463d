#!/usr/bin/env bash
# Installs every build/test dependency from Debian 12's own archive. Idempotent:
# packages already present are skipped, so `make test` can call it every time.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  libboost-dev libboost-system-dev
  nlohmann-json3-dev libsqlite3-dev sqlite3
  libzxing-dev zint
  libeigen3-dev
  libpaho-mqttpp-dev libpaho-mqtt-dev
  doctest-dev
  mosquitto mosquitto-clients
  libtomlplusplus-dev libspdlog-dev libfmt-dev
  libssl-dev openssl
  libsystemd-dev
  libwebp-dev libstb-dev
  libpqxx-dev postgresql
  fonts-noto-cjk wrk
  clang-14 libclang-rt-14-dev
  chromium
  clang-format
  curl python3 ca-certificates
  debhelper dpkg-dev fakeroot lintian mmdebstrap
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js may come from elsewhere (NodeSource); only ask Debian for it when absent.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
