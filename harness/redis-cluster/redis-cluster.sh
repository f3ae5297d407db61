#!/usr/bin/env bash
# A 6-node Redis Cluster (3 primaries, 3 replicas) on loopback, for the tests
# and for trying a cluster deployment on one machine.
#
#   harness/redis-cluster/redis-cluster.sh start   # idempotent: a healthy cluster is left alone
#   harness/redis-cluster/redis-cluster.sh stop    # stops the nodes by their pid files, deletes the data
#   harness/redis-cluster/redis-cluster.sh status  # exit 0 when the cluster answers and every replica is linked
#
# REDIS_CLUSTER_PORT (default 7101): the first of six consecutive ports.
# REDIS_CLUSTER_DIR (default $TMPDIR/switchyard-redis-cluster-<port>): node configs, pids, logs.
# Prints the nodes (REDIS_CLUSTER_NODES format) on stdout once started.
set -euo pipefail

first_port="${REDIS_CLUSTER_PORT:-7101}"
ports=()
for i in 0 1 2 3 4 5; do ports+=("$((first_port + i))"); done
dir="${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/switchyard-redis-cluster-${first_port}}"

nodes_list() {
  local IFS=,
  echo "${ports[*]/#/127.0.0.1:}"
}

# True when every node answers, the cluster state is ok and every replica's
# link to its primary is up: killing a primary before that would leave its
# replica refusing to take over (docs/scaling.md, failover).
healthy() {
  local port info
  for port in "${ports[@]}"; do
    redis-cli -p "$port" ping >/dev/null 2>&1 || return 1
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
    info="$(redis-cli -p "$port" info replication 2>/dev/null)"
    if grep -q '^role:slave' <<<"$info"; then grep -q '^master_link_status:up' <<<"$info" || return 1; fi
  done
  [ "$(redis-cli -p "${ports[0]}" cluster nodes | grep -c slave)" -eq 3 ]
}

all_answer() {
  local port
  for port in "${ports[@]}"; do redis-cli -p "$port" ping >/dev/null 2>&1 || return 1; done
}

stop_nodes() {
  local port pidfile pid
  for port in "${ports[@]}"; do
    pidfile="$dir/$port/redis.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # A node whose pid file is gone (its directory deleted under it) still holds its port.
  for port in "${ports[@]}"; do
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

start_nodes() {
  local port
  command -v redis-server >/dev/null || { echo "redis-cluster: redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
  for port in "${ports[@]}"; do
    mkdir -p "$dir/$port"
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir/$port" --pidfile "$dir/$port/redis.pid" \
      --logfile "$dir/$port/redis.log" --save "" --appendonly no --cluster-enabled yes --cluster-config-file "nodes-$port.conf" \
      --cluster-node-timeout 2000 --repl-diskless-sync-delay 0 9>&-
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$port" ping >/dev/null 2>&1 || { echo "redis-cluster: node 127.0.0.1:$port did not start; see $dir/$port/redis.log" >&2; exit 1; }
  done
  # shellcheck disable=SC2046
  redis-cli --cluster create $(nodes_list | tr , ' ') --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 ||
    { echo "redis-cluster: cluster create failed; see $dir/create.log" >&2; exit 1; }
  for _ in $(seq 150); do healthy && return 0; sleep 0.2; done
  echo "redis-cluster: the cluster did not become healthy within 30 s; see $dir/*/redis.log" >&2
  exit 1
}

# One start or stop at a time per cluster: test runs that overlap must not stop the nodes another is starting.
exec 9>"${TMPDIR:-/tmp}/switchyard-redis-cluster-${first_port}.lock"
flock 9

case "${1:-}" in
  start)
    # A running cluster (maybe used by another test run) is only waited for, never restarted, unless a node is gone.
    if ! healthy; then
      for _ in $(seq 50); do all_answer || break; healthy && break; sleep 0.2; done
      if ! healthy; then
        stop_nodes
        start_nodes
      fi
    fi
    nodes_list
    ;;
  stop) stop_nodes ;;
  status) healthy ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
