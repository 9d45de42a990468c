#!/usr/bin/env bash
# Every test: static checks, unit + integration (vitest, real SQLite and a real worker), the worker's pytest
# suite, and the browser e2e specs (Playwright driving Debian's Chromium against the production build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1
echo "== lint";        npx --no-install eslint --max-warnings 0 .
echo "== typecheck";   npx --no-install tsc --noEmit
echo "== unit + integration"; npx --no-install vitest run
echo "== worker";      /usr/bin/python3 -m pytest -q worker/tests
echo "== e2e";         npx --no-install playwright test
