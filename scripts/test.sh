#!/usr/bin/env bash
# Every test: static checks, unit + integration (vitest, real SQLite and a real worker), the worker's pytest
# suite, and the browser e2e specs (Playwright driving Debian's Chromium against the production build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1
# the Python with SkyPilot that setup.sh installed: the cloud runner's YAML is read back by SkyPilot's own parser
export TREX_SKYPILOT_PYTHON="${TREX_SKYPILOT_PYTHON:-${TREX_SKY_VENV:-$HOME/.cache/trex/skypilot-0.14.1}/bin/python}"
echo "== lint";        npx --no-install eslint --max-warnings 0 . && npx --no-install prettier --check --log-level warn "**/*.{ts,tsx,mjs,js,cjs,css}"
# one-way layers and no cycles (.dependency-cruiser.cjs says which way each layer may call)
npx --no-install depcruise --config .dependency-cruiser.cjs server app components
# unused files, exports and dependencies (knip.json names the entry points the tools do not find themselves)
npx --no-install knip --no-progress --no-config-hints
echo "== typecheck";   npx --no-install tsc --noEmit
echo "== unit + integration"; npx --no-install vitest run
# the database-backed suites again, on a real PostgreSQL the vitest global setup starts on 127.0.0.1 (about a
# minute); the kill -9 restart test trains for minutes and passes on both, so it runs on SQLite only here
mapfile -t db_suites < <(grep -rl --include='*.test.ts' -e 'testing/test-db.ts' server scripts | grep -v 'orchestrator/restart.test.ts' | sort)
echo "== unit + integration on PostgreSQL (${#db_suites[@]} suites)"
TREX_TEST_DB=postgres npx --no-install vitest run "${db_suites[@]}"
echo "== worker";      worker/.venv/bin/ruff check worker && worker/.venv/bin/ruff format --check worker && worker/.venv/bin/python -m pytest -q worker/tests
# the search benchmark's short variant: MCTS and TPE on one task from the committed results store (trains only what it lacks), run twice; the second pass must reproduce the tables
echo "== bench/search --quick"; npx --no-install tsx bench/search/search.bench.ts --quick
echo "== e2e";         npx --no-install playwright test
