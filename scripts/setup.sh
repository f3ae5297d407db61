#!/usr/bin/env bash
# Idempotent setup shared by `npm start` and `npm test`: npm packages and the
# generated Prisma client.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "setup: generating the Prisma client"
# Prisma prints where it loaded its config from on every run; show its output only when it fails.
if ! generated=$(node_modules/.bin/prisma generate 2>&1); then
  echo "$generated" >&2
  exit 1
fi
