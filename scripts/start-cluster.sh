#!/usr/bin/env bash
# `npm run start:cluster -- [--servers N] [--workers M]`: like `npm start`, but
# N interface servers (default 2) and M workers (default 1) behind nginx on
# HOST:PORT (default 127.0.0.1:3000), all on this machine, until Ctrl-C.
# nginx runs as a child with its own temp directory (deploy/nginx.conf.template);
# it is installed with apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "start:cluster: nginx is not installed; install it (Debian: apt-get install -y nginx)" >&2
    exit 1
  fi
  echo "start:cluster: installing nginx (apt-get install nginx)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq nginx >/dev/null
fi
bash scripts/prepare-run.sh
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Every socket is a file; nginx holds two per WebSocket.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec node --import tsx server/cluster/start-cluster.ts "$@"
