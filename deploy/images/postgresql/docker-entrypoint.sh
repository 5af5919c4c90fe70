#!/bin/sh
# First start: initdb in $PGDATA with POSTGRES_USER as the superuser (password POSTGRES_PASSWORD)
# and database POSTGRES_DB, as the official image does; then the server on every address of the
# container (password auth). The initialising server listens on a private socket only, so
# pg_isready (the healthcheck) answers once the real one runs.
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    init=$(mktemp -d)
    pg_ctl -D "$PGDATA" -w -s -o "-c listen_addresses='' -c unix_socket_directories=$init" start
    psql -X -q -v ON_ERROR_STOP=1 -h "$init" -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
    pg_ctl -D "$PGDATA" -w -s stop
    rm -rf "$init"
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
