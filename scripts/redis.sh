#!/usr/bin/env bash
# A real Redis from Debian's redis-server for the production-configuration tests.
# Usage: scripts/redis.sh start|stop|status
set -euo pipefail
REDIS_PORT="${REDIS_PORT:-6379}"
DIR="${REDIS_DIR:-/tmp/lontar-redis}"
case "${1:-}" in
  start)
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "Redis already running on $REDIS_PORT"; exit 0; fi
    mkdir -p "$DIR"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$DIR" \
      --pidfile "$DIR/redis.pid" --save "" --appendonly no --logfile "$DIR/redis.log"
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && { echo "Redis up on $REDIS_PORT"; exit 0; }; sleep 0.1; done
    echo "Redis did not start; log:" >&2; cat "$DIR/redis.log" >&2; exit 1 ;;
  stop) redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true ;;
  status) redis-cli -p "$REDIS_PORT" ping ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
