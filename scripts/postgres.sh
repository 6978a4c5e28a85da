#!/usr/bin/env bash
# A throw-away PostgreSQL cluster from Debian's packages, for the tests that run the same
# SQLAlchemy code on PostgreSQL. Usage: scripts/postgres.sh start|stop|status
set -euo pipefail
PG_PORT="${PG_PORT:-55432}"
PG_DIR="${PG_DIR:-/tmp/lontar-pg}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
RUN=(); [ "$(id -u)" = "0" ] && RUN=(runuser -u postgres --)
case "${1:-}" in
  start)
    if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then echo "PostgreSQL already running on $PG_PORT"; exit 0; fi
    mkdir -p "$PG_DIR"; [ "$(id -u)" = "0" ] && chown postgres "$PG_DIR"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
      "${RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U lontar --auth=trust >/dev/null
    fi
    "${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "PostgreSQL up on $PG_PORT (user lontar, trust auth)" ;;
  stop) "${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true ;;
  status) "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
