#!/usr/bin/env bash
# Idempotent setup shared by `npm start` and `npm test`: npm packages, the
# generated Prisma client, and a production build of the pages when asked.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "setup: generating the Prisma client"
node_modules/.bin/prisma generate >/dev/null

if [ "${1:-}" = "--build" ]; then
  echo "setup: building the pages (next build)"
  node_modules/.bin/next build >/dev/null
fi
