#!/usr/bin/env bash
# The server the e2e specs talk to: production build, fresh database, no demo.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3210}"
dir="${TREX_E2E_DATA_DIR:-$(mktemp -d /tmp/trex-e2e.XXXXXX)}"
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT="$port" TREX_DATA_DIR="$dir" TREX_TICK_MS=500 TREX_LOCAL_CONCURRENCY=2
# the administrator the Playwright global setup signs in as (e2e/global-setup.ts), and throwaway keys
export TREX_ADMIN_EMAIL="${TREX_ADMIN_EMAIL:-admin@trex.local}" TREX_ADMIN_PASSWORD="${TREX_ADMIN_PASSWORD:-trex-e2e-password}"
export TREX_AUTH_SECRET="${TREX_AUTH_SECRET:-e2e-only-auth-secret-0123456789abcdef}" TREX_SECRET_KEY="${TREX_SECRET_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
exec npx --no-install tsx server/main.ts
