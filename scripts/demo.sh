#!/usr/bin/env bash
# Quick start: install, migrate, build, and serve TREX on http://localhost:3000 with a live demo exploration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 TREX_DEMO="${TREX_DEMO:-1}" PORT="${PORT:-3000}"
exec npx --no-install tsx server/main.ts
