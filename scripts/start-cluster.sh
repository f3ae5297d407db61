#!/usr/bin/env bash
# `npm run start:cluster -- [--servers N] [--workers M]`: like `npm start`, but
# N interface servers (default 2) and M workers (default 1) behind nginx on
# HOST:PORT (default 127.0.0.1:3000), all on this machine, until Ctrl-C.
# nginx runs as a child with its own temp directory (deploy/nginx.conf.template);
# it is installed with apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-debian-packages.sh nginx=nginx
source scripts/secret-key.sh
bash scripts/prepare-run.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Every socket is a file; nginx holds two per WebSocket.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec node --import tsx harness/cluster/start-cluster.ts "$@"
