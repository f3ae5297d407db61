#!/usr/bin/env bash
# `npm start`: set up, migrate, check the services, build, then run one
# interface server and one worker process until Ctrl-C (which stops both gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/secret-key.sh
bash scripts/prepare-run.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1

# The interface server runs compiled: without tsx's loader it starts with about 40 MB less memory (docs/performance.md).
node dist/server.mjs &
server=$!
node_modules/.bin/tsx workers/main.ts --all &
worker=$!
stop() { kill -TERM "$server" "$worker" 2>/dev/null || true; wait; }
trap stop INT TERM
wait -n
status=$?
stop
exit "$status"
