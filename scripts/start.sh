#!/usr/bin/env bash
# `npm start`: set up, migrate, build, then run one interface server and one
# worker process until Ctrl-C (which stops both gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
node_modules/.bin/tsx prisma/migrate.ts

node_modules/.bin/tsx server/main.ts &
server=$!
stop() { kill -TERM "$server" ${worker:+"$worker"} 2>/dev/null || true; wait; }
trap stop INT TERM
if [ -f workers/main.ts ]; then
  node_modules/.bin/tsx workers/main.ts --all &
  worker=$!
fi
wait -n
status=$?
stop
exit "$status"
