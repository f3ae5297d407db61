#!/usr/bin/env bash
# `npm start`: set up, migrate, check the services, build, then run one
# interface server and one worker process until Ctrl-C (which stops both gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Both stop with one line saying which service does not answer and how to start it.
node_modules/.bin/tsx prisma/migrate.ts
node_modules/.bin/tsx bin/cli.ts check
echo "start: building the pages (next build)"
node_modules/.bin/next build >/dev/null

node_modules/.bin/tsx server/main.ts &
server=$!
node_modules/.bin/tsx workers/main.ts --all &
worker=$!
stop() { kill -TERM "$server" "$worker" 2>/dev/null || true; wait; }
trap stop INT TERM
wait -n
status=$?
stop
exit "$status"
