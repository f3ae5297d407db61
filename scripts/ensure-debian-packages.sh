#!/usr/bin/env bash
# Usage: ensure-debian-packages.sh <command>=<package> ...
# Installs each Debian package whose command is missing (root with apt-get,
# no prompts); otherwise stops with one line saying what to install.
set -euo pipefail
missing=()
for pair in "$@"; do
  command="${pair%%=*}"
  command -v "$command" >/dev/null || [ -x "/usr/sbin/$command" ] || [ -x "/usr/bin/$command" ] || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing: ${missing[*]} — install it (Debian: apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "setup: installing ${missing[*]} (apt-get)"
apt-get update -qq
# RUNLEVEL=1: a package with a service (nginx) is installed, not started.
DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" >/dev/null
