#!/usr/bin/env bash
# What `npm start` and `npm run start:cluster` do before running anything:
# set up, migrate, check the services, build the pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Both stop with one line saying which service does not answer and how to start it.
node_modules/.bin/tsx prisma/migrate.ts
node_modules/.bin/tsx bin/cli.ts check
echo "setup: building the pages (next build) and the interface server (dist/server.mjs)"
node_modules/.bin/next build >/dev/null
npm run -s build:server
