#!/bin/sh
# One-shot schema setup for Temporal on PostgreSQL, run by the temporalio/admin-tools image before
# the server starts (what auto-setup used to do inside the server container). Idempotent: "create"
# tolerates an existing database and update-schema only applies missing versions.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
SCHEMA=/etc/temporal/schema/postgresql/v12
sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p 5432 -u "$POSTGRES_USER" -pw "$POSTGRES_PWD" "$@"; }
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  sql --db "$db" create || true
  sql --db "$db" setup-schema -v 0.0 || true
  sql --db "$db" update-schema -d "$SCHEMA/$dir/versioned"
done
