#!/usr/bin/env bash
# Quick start: install, migrate, build, and serve TREX on http://localhost:3000 with a live demo exploration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 TREX_DEMO="${TREX_DEMO:-1}" PORT="${PORT:-3000}"
# sign in as TREX_ADMIN_EMAIL / TREX_ADMIN_PASSWORD (defaults below; change them for anything but a demo)
export TREX_ADMIN_EMAIL="${TREX_ADMIN_EMAIL:-admin@trex.local}" TREX_ADMIN_PASSWORD="${TREX_ADMIN_PASSWORD:-trex-demo-password}"
# session and secret keys: generated once into data/.keys.env unless given
mkdir -p data
if [ ! -f data/.keys.env ]; then
  rand() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  (umask 077; printf 'TREX_AUTH_SECRET=%s\nTREX_SECRET_KEY=%s\n' "$(rand)" "$(rand)" > data/.keys.env)
fi
set -a; . data/.keys.env; set +a
echo "[demo] sign in at http://localhost:${PORT}/sign-in as ${TREX_ADMIN_EMAIL}"
exec npx --no-install tsx server/main.ts
