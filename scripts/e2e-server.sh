#!/usr/bin/env bash
# The server the e2e specs talk to: production build, fresh database, no demo.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3210}"
dir="$(mktemp -d /tmp/trex-e2e.XXXXXX)"
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT="$port" TREX_DATA_DIR="$dir" TREX_TICK_MS=500 TREX_LOCAL_CONCURRENCY=2
exec npx --no-install tsx server/main.ts
