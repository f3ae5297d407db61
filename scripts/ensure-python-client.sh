#!/usr/bin/env bash
# The Python client's tests (clients/python) need Debian's python3 with
# python-socketio, websocket-client and requests: installed with apt when
# missing (as root), else one line saying what to install.
set -euo pipefail
python=/usr/bin/python3
packages=(python3-socketio python3-websocket python3-requests)
"$python" -c 'import socketio, websocket, requests' 2>/dev/null && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing: ${packages[*]} — install them (Debian: apt-get install -y ${packages[*]})" >&2
  exit 1
fi
echo "setup: installing ${packages[*]} (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
