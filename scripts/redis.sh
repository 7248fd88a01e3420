#!/usr/bin/env bash
# Redis for the Celery broker on one machine: install it, start it on loopback, stop it.
#
#   scripts/redis.sh install              # Debian's redis-server (root: apt-get), idempotent
#   scripts/redis.sh start [PORT] [DIR]   # daemon on 127.0.0.1:PORT (default 6379), state in DIR
#   scripts/redis.sh stop  [PORT] [DIR]   # shut down the server started by `start`
#   scripts/redis.sh ping  [PORT]         # exit 0 when a server answers on 127.0.0.1:PORT
#
# DIR defaults to .bohai/redis in the checkout. The server binds 127.0.0.1 only and keeps no
# snapshot on disk (a broker queue is transient: Dagster's instance holds the run state).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CMD="${1:-}"
PORT="${2:-6379}"
DIR="${3:-$ROOT/.bohai/redis}"

install_redis() {
  if command -v redis-server >/dev/null 2>&1; then
    echo "redis-server present: $(redis-server --version | cut -d' ' -f3)"
    return 0
  fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: redis-server is missing; install it (Debian: apt-get install redis-server," \
      "macOS: brew install redis) and retry" >&2
    exit 1
  fi
  apt-get update -qq
  # policy-rc.d in containers stops the package from starting its own service; elsewhere the
  # packaged service listens on 127.0.0.1:6379, which `start` below then simply reuses.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
    >/dev/null
  echo "installed redis-server $(redis-server --version | cut -d' ' -f3)"
}

ping_redis() {
  redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
}

start_redis() {
  if ping_redis; then
    echo "redis already answers on 127.0.0.1:$PORT"
    return 0
  fi
  mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --save "" --appendonly no \
    --dir "$DIR" --pidfile "$DIR/redis-$PORT.pid" --logfile "$DIR/redis-$PORT.log"
  for _ in $(seq 50); do
    ping_redis && { echo "redis on redis://127.0.0.1:$PORT/0 (log $DIR/redis-$PORT.log)"; return 0; }
    sleep 0.1
  done
  echo "error: redis did not answer on 127.0.0.1:$PORT; see $DIR/redis-$PORT.log" >&2
  exit 1
}

stop_redis() {
  local pidfile="$DIR/redis-$PORT.pid"
  if [ ! -f "$pidfile" ]; then
    echo "no redis started by this script on port $PORT ($pidfile missing)"
    return 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "redis $pid stopped"; return 0; }
    sleep 0.1
  done
  echo "error: redis $pid did not stop" >&2
  exit 1
}

case "$CMD" in
  install) install_redis ;;
  start) start_redis ;;
  stop) stop_redis ;;
  ping) ping_redis ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
