#!/usr/bin/env bash
# Installs everything TREX needs on a fresh Debian 12 machine, idempotently:
# Debian packages (Python + PyTorch for the worker, Chromium for browser tests, sshd/Slurm/PostgreSQL for
# runner and database tests), npm packages, the Prisma client, and the production build.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-torch libopenblas0-openmp python3-numpy python3-optuna python3-pytest python3-matplotlib
  chromium openssh-server slurm-wlm munge postgresql
)

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
