#!/bin/sh
# Start a throw-away PostgreSQL on 127.0.0.1:${PGPORT:-54329} for the tests and print its URL.
# Uses Debian's postgresql package (installed by .ci/run); runs the server as the postgres user.
set -eu
PGPORT=${PGPORT:-54329}
PGDATA=${PGDATA:-/tmp/outreach-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
  as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust >/dev/null
fi
if ! as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
fi
as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='outreach_test'" | grep -q 1 \
  || as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres outreach_test
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/outreach_test"
