# Shared by the benches that run the dev stack on a catalog of their own (bench/resume,
# bench/concurrent); sourced after scripts/lib.sh, with the dev stack up.
DEV_CATALOG=$CATALOG
command -v jq >/dev/null 2>&1 || apt_install jq
PG_PORT=$(pg_running_port) || die "the dev stack's PostgreSQL is not running; run scripts/dev up first"

# worker_with <REWIND_BENCH_HOLD value or empty>: starts rewind-worker on $CATALOG.
worker_with() {
  export_codec_keys
  REWIND_BENCH_HOLD=$1 REWIND_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" REWIND_ROLES=control,agent \
    REWIND_HOST=local REWIND_CATALOG="$CATALOG" start_bg worker java -jar "$ROOT/worker/target/rewind-worker.jar"
  disown
}

# on_catalog <file>: restarts rewind-api and rewind-worker on that catalog.
on_catalog() {
  stop_bg api && stop_bg worker
  CATALOG=$1
  worker_with ""
  start_api
}

# Puts the dev stack back on its own catalog (for an EXIT trap).
back_on_dev_catalog() { on_catalog "$DEV_CATALOG" >/dev/null 2>&1 || true; }
