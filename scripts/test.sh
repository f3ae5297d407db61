#!/usr/bin/env bash
# `npm test`: typecheck, lint, import cycles, unit + integration tests against
# the real Redis and PostgreSQL, the Playwright suite in Chromium, then the
# failure drills (drills; about three minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Each phase says how long it took, so a slow run shows where its time went.
current="setup" phase_started=$SECONDS
phase() {
  echo "test: $current took $((SECONDS - phase_started)) s"
  current=$1 phase_started=$SECONDS
  [ "$1" = "done" ] || echo "test: $1"
}
bash scripts/setup.sh
# The browser tests' Chromium, the drills' nginx and the specs' ss (installed with apt when missing and run as root).
bash scripts/ensure-debian-packages.sh chromium=chromium nginx=nginx ss=iproute2
# The second-language client's tests (clients/python) run with Debian's python3 and python3-socketio.
bash scripts/ensure-python-client.sh

phase "typecheck, lint, import cycles"
npm run --silent check

phase "unit and integration tests"
node_modules/.bin/vitest run

phase "building the pages for the browser tests"
node_modules/.bin/next build >/dev/null

phase "browser tests (Playwright, Chromium)"
node_modules/.bin/playwright test

phase "failure drills (kill -9, Redis and PostgreSQL restarts, slow clients)"
npm run --silent drills
phase "done"
