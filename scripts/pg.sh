#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests and benchmarks (Debian's postgresql package).
#   scripts/pg.sh start   -> initdb into a temporary folder, start on 127.0.0.1:<free port>, print the URL
#   scripts/pg.sh url     -> print the URL of the running server
#   scripts/pg.sh stop    -> stop it and delete its folder
# State is kept in $DCLIT_PG_STATE (default /tmp/dclit-pg.state). Run as root (it uses the
# postgres user) or as a normal user (the server then runs as that user).
set -euo pipefail
STATE=${DCLIT_PG_STATE:-/tmp/dclit-pg.state}

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ]; then
    # Debian's postgresql package (the server, with the contrib extensions: unaccent)
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "pg.sh: PostgreSQL is not installed (apt-get install postgresql as root)" >&2; exit 1; fi
    echo "pg.sh: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  [ -f "/usr/share/postgresql/$(basename "$(dirname "$d")")/extension/unaccent.control" ] ||
    echo "pg.sh: warning: the unaccent extension is missing (postgresql-contrib); dclit needs it" >&2
  echo "$d"
}

as_owner() {  # run a server command as the postgres user when we are root (initdb refuses root)
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then echo "$URL"; return; fi
    rm -rf "$DATA" "$STATE"
  fi
  BIN=$(bindir)
  DATA=$(mktemp -d /tmp/dclit-pg.XXXXXX)
  PORT=$(free_port)
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >/dev/null
  URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
  printf 'BIN=%q\nDATA=%q\nPORT=%q\nURL=%q\n' "$BIN" "$DATA" "$PORT" "$URL" > "$STATE"
  echo "$URL"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DATA" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$STATE" ] && { . "$STATE"; echo "$URL"; } || { echo "pg.sh: no server started" >&2; exit 1; } ;;
  *) echo "usage: scripts/pg.sh start|url|stop" >&2; exit 2 ;;
esac
