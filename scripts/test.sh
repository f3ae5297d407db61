#!/usr/bin/env bash
# `npm test`: typecheck, lint, import cycles, unit + integration tests against
# the real Redis and PostgreSQL, the Playwright suite in Chromium, then the
# failure drills (server/drills; about a minute and a half).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh
# The browser tests' Chromium and the drills' nginx (installed with apt when missing and run as root).
bash scripts/ensure-debian-packages.sh chromium=chromium nginx=nginx
# The second-language client's tests (clients/python) run with Debian's python3 and python3-socketio.
bash scripts/ensure-python-client.sh

echo "test: typecheck, lint, import cycles"
npm run --silent check

echo "test: unit and integration tests"
node_modules/.bin/vitest run

echo "test: building the pages for the browser tests"
node_modules/.bin/next build >/dev/null

echo "test: browser tests (Playwright, Chromium)"
node_modules/.bin/playwright test

echo "test: failure drills (kill -9, Redis and PostgreSQL restarts, slow clients)"
npm run --silent drills
