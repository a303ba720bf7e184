#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite: `bash scripts/postgres.sh start|stop|status|url`.
# The cluster lives in .pg/ in the checkout (git-ignored), belongs to the `postgres` user (the server
# refuses to run as root), listens on 127.0.0.1:$NSC_PG_PORT and a socket in /tmp, trusts local
# connections, and is safe to start or stop twice.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${NSC_PG_PORT:-54329}"
PG_DIR="$PWD/.pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/server.log"

pg_bin() {
  # Debian installs the binaries per major version; take the newest one installed.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then bash -c "$1"; else su postgres -s /bin/bash -c "$1"; fi
}

running() { as_postgres "'$(pg_bin)/pg_ctl' -D '$PG_DATA' status" >/dev/null 2>&1; }

start() {
  local bin
  bin="$(pg_bin)"
  mkdir -p "$PG_DIR"
  chown postgres: "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    as_postgres "'$bin/initdb' -D '$PG_DATA' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  if running; then
    echo "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return
  fi
  # fsync off: a test server trades durability for speed; its data is thrown away anyway.
  as_postgres "'$bin/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 \
    -o \"-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
  echo "PostgreSQL running on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
}

stop() {
  if [ -f "$PG_DATA/PG_VERSION" ] && running; then
    as_postgres "'$(pg_bin)/pg_ctl' -D '$PG_DATA' -m fast -w stop" >/dev/null
    echo "PostgreSQL stopped"
  else
    echo "PostgreSQL was not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on 127.0.0.1:$PG_PORT"; else echo "stopped"; exit 3; fi ;;
  url) echo "postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres" ;;
  *) echo "usage: bash scripts/postgres.sh start|stop|status|url" >&2; exit 2 ;;
esac
