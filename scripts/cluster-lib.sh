# The pieces of scripts/cluster: a real Temporal server (go.temporal.io/server, not the CLI's dev
# server) on a PostgreSQL cluster of its own, its frontend behind mutual TLS, the Temporal UI, and
# Rewind's api and workers connecting with client certificates. Sourced after lib.sh.
TEMPORAL_UI_VERSION=v2.42.1
CLUSTER=$STATE/cluster
TLS=$CLUSTER/tls
TEMPORAL_PG_PORT_DEFAULT=${REWIND_TEMPORAL_PG_PORT:-5434}
# Ports around the frontend's (REWIND_TEMPORAL_PORT, default 7233), as Temporal's own samples
# number them: history +1, matching +2, internal worker +6, frontend HTTP +10, membership -300,
# metrics of the two processes +767 and +768 (8000 and 8001 by default). Keep them below 32768:
# Temporal records rpc and membership ports in a smallint column ("out of range" otherwise).
FRONTEND_PORT=$TEMPORAL_PORT
[ "$((FRONTEND_PORT + 768))" -lt 32768 ] || die "REWIND_TEMPORAL_PORT $FRONTEND_PORT: Temporal's ports must stay below 32768; take one below 31999"
HISTORY_PORT=$((TEMPORAL_PORT + 1))
MATCHING_PORT=$((TEMPORAL_PORT + 2))
INTERNAL_WORKER_PORT=$((TEMPORAL_PORT + 6))
FRONTEND_HTTP_PORT=$((TEMPORAL_PORT + 10))
MEMBERSHIP_OFFSET=-300
METRICS_FRONTEND_PORT=$((TEMPORAL_PORT + 767))
METRICS_HISTORY_PORT=$((TEMPORAL_PORT + 768))
# The agent workers `up` starts, one per host of the catalog (REWIND_CLUSTER_AGENTS, names separated
# by spaces; default hosts a and b of examples/rewind-cluster.yml). bench/fleet starts twenty.
read -r -a CLUSTER_AGENT_HOSTS <<<"${REWIND_CLUSTER_AGENTS:-a b}"
for host in "${CLUSTER_AGENT_HOSTS[@]}"; do
  [[ $host =~ ^[a-z0-9][a-z0-9_-]{0,62}$ ]] || die "REWIND_CLUSTER_AGENTS: \"$host\" is not a catalog host name (a-z, 0-9, _ and -)"
done

go_tool_bin() { # go_tool_bin <dir name> <binary>: where ensure_go_tool installs it
  local gopath
  gopath=$(go env GOPATH 2>/dev/null)
  echo "${gopath:-$HOME/go}/$1/$2"
}

# ensure_go_tool <dir name> <binary> <module path@version>: go install into a directory of its own
ensure_go_tool() {
  local bin
  bin=$(go_tool_bin "$1" "$2")
  [ -x "$bin" ] && return
  command -v go >/dev/null 2>&1 || apt_install golang-go
  say "building $3 with go install (a few minutes, once)"
  GOBIN=$(dirname "$bin") go install "$3"
  [ -x "$bin" ] || die "go install of $3 did not produce $bin"
}

sql_tool_bin() { go_tool_bin "temporal-sql-$TEMPORAL_SERVER_VERSION" sql; }
ui_server_bin() { go_tool_bin "temporal-ui-$TEMPORAL_UI_VERSION" server; }

ensure_cluster_binaries() {
  ensure_temporal_cli
  ensure_temporal_server
  ensure_go_tool "temporal-sql-$TEMPORAL_SERVER_VERSION" sql \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  ensure_go_tool "temporal-ui-$TEMPORAL_UI_VERSION" server \
    "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION"
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

# The schemas ship in the server's module, which go install left in the module cache.
temporal_schema_dir() {
  local dir
  dir="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION/schema/postgresql/v12"
  [ -d "$dir" ] || GOFLAGS=-mod=mod go mod download "go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  [ -d "$dir" ] || die "no Temporal schemas in $dir"
  echo "$dir"
}

# --- Certificates: a CA of the cluster's own, the frontend's certificate, one per client ---------
# EC P-256 keys in PKCS#8 PEM (what openssl genpkey writes and rewind's TemporalTls reads), made
# once into $TLS (mode 700); delete the directory to make new ones.
tls_issue() { # tls_issue <name> <extendedKeyUsage> [subjectAltName]
  local name=$1 usage=$2 san=${3:-}
  [ -s "$TLS/$name.pem" ] && return
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TLS/$name.key" 2>/dev/null
  openssl req -new -key "$TLS/$name.key" -subj "/CN=$name" -out "$TLS/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$usage"
    [ -z "$san" ] || echo "subjectAltName=$san"
  } >"$TLS/$name.ext"
  openssl x509 -req -in "$TLS/$name.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$TLS/$name.ext" -out "$TLS/$name.pem" 2>/dev/null
  rm -f "$TLS/$name.csr" "$TLS/$name.ext"
}

# ensure_certificates [frontend names]: the frontend's subjectAltName (default localhost and
# 127.0.0.1; scripts/compose adds the container's name).
ensure_certificates() {
  local frontend_names=${1:-DNS:localhost,IP:127.0.0.1}
  (umask 077 && mkdir -p "$TLS")
  if [ ! -s "$TLS/ca.pem" ]; then
    say "making the cluster's CA and certificates in $TLS"
    (
      umask 077
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TLS/ca.key" 2>/dev/null
      openssl req -x509 -new -key "$TLS/ca.key" -sha256 -days 3650 -subj "/CN=Rewind Temporal CA" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -out "$TLS/ca.pem" 2>/dev/null
    )
  fi
  (
    umask 077
    tls_issue frontend serverAuth,clientAuth "$frontend_names"
    for client in temporal-system-worker temporal-ui temporal-cli rewind-api rewind-worker; do
      tls_issue "$client" clientAuth
    done
  )
}

# The variables rewind-api and rewind-worker take their client certificate from.
rewind_tls_env() {
  echo "REWIND_TEMPORAL_TLS_CERT=$TLS/$1.pem"
  echo "REWIND_TEMPORAL_TLS_KEY=$TLS/$1.key"
  echo "REWIND_TEMPORAL_TLS_CA=$TLS/ca.pem"
}

cluster_cli() {
  "$(temporal_bin)" --address "127.0.0.1:$FRONTEND_PORT" --tls-cert-path "$TLS/temporal-cli.pem" \
    --tls-key-path "$TLS/temporal-cli.key" --tls-ca-path "$TLS/ca.pem" \
    --tls-server-name localhost "$@"
}

# --- Temporal's database: a PostgreSQL cluster of its own, schemas applied by the sql tool -------
temporal_db_password() {
  local file=$CLUSTER/temporal-db-password
  if [ ! -s "$file" ]; then
    (umask 077 && mkdir -p "$CLUSTER" && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$file")
  fi
  cat "$file"
}

start_temporal_postgres() {
  local rewind_port=${PG_PORT:-}
  PG_NAME=temporal-pg PG_DEFAULT_PORT=$TEMPORAL_PG_PORT_DEFAULT PG_USER=temporal \
    PG_PASSWORD="$(temporal_db_password)" start_postgres temporal temporal_visibility
  TEMPORAL_PG_PORT=$PG_PORT
  PG_PORT=$rewind_port
}

temporal_pg_running_port() { PG_NAME=temporal-pg pg_running_port; }

sql_tool() { # sql_tool <database> <command...>
  local db=$1
  shift
  SQL_PASSWORD="$(temporal_db_password)" "$(sql_tool_bin)" --plugin postgres12 --ep 127.0.0.1 \
    --port "$TEMPORAL_PG_PORT" --user temporal --db "$db" "$@"
}

# setup-schema once (it refuses a database that has one), update-schema every time: it applies only
# the versions the database lacks.
apply_temporal_schemas() {
  local schemas db dir
  schemas=$(temporal_schema_dir)
  for db in temporal temporal_visibility; do
    dir=temporal
    [ "$db" = temporal_visibility ] && dir=visibility
    if ! PG_NAME=temporal-pg PG_PORT=$TEMPORAL_PG_PORT pg_psql -d "$db" -tAc \
      "SELECT 1 FROM schema_version" >/dev/null 2>&1; then
      sql_tool "$db" setup-schema -v 0.0 >>"$CLUSTER/schema.log" 2>&1 \
        || die "setup-schema of $db failed (see $CLUSTER/schema.log)"
    fi
    sql_tool "$db" update-schema -d "$schemas/$dir/versioned" >>"$CLUSTER/schema.log" 2>&1 \
      || die "update-schema of $db failed (see $CLUSTER/schema.log)"
  done
}

# --- The Temporal server: one config, two processes ---------------------------------------------
# numHistoryShards is fixed once the database holds data: keep 4.
write_temporal_config() {
  local dir=$CLUSTER/temporal/config m=$MEMBERSHIP_OFFSET
  (umask 077 && mkdir -p "$dir/dynamicconfig")
  local store
  store() {
    cat <<YAML
      sql:
        pluginName: postgres12
        databaseName: $1
        connectAddr: "127.0.0.1:$TEMPORAL_PG_PORT"
        connectProtocol: tcp
        user: temporal
        password: "$(temporal_db_password)"
        maxConns: $2
        maxIdleConns: $2
        maxConnLifetime: 1h
YAML
  }
  (
    umask 077
    cat >"$dir/cluster.yaml" <<YAML
# Written by scripts/cluster up; edits are overwritten. enable-template: each process puts its own
# metrics port in (TEMPORAL_METRICS_PORT).
log: {stdout: true, level: warn}
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
$(store temporal 20)
    postgres-visibility:
$(store temporal_visibility 4)
global:
  membership: {maxJoinDuration: 30s, broadcastAddress: 127.0.0.1}
  metrics:
    prometheus: {framework: tally, timerType: histogram, listenAddress: "127.0.0.1:{{ env "TEMPORAL_METRICS_PORT" }}"}
  tls:
    frontend:
      server:
        certFile: $TLS/frontend.pem
        keyFile: $TLS/frontend.key
        requireClientAuth: true
        clientCaFiles: [$TLS/ca.pem]
      client: {serverName: localhost, rootCaFiles: [$TLS/ca.pem]}
    systemWorker:
      certFile: $TLS/temporal-system-worker.pem
      keyFile: $TLS/temporal-system-worker.key
      client: {serverName: localhost, rootCaFiles: [$TLS/ca.pem]}
services:
  frontend:
    rpc: {grpcPort: $FRONTEND_PORT, membershipPort: $((FRONTEND_PORT + m)), httpPort: $FRONTEND_HTTP_PORT, bindOnLocalHost: true}
  matching:
    rpc: {grpcPort: $MATCHING_PORT, membershipPort: $((MATCHING_PORT + m)), bindOnLocalHost: true}
  history:
    rpc: {grpcPort: $HISTORY_PORT, membershipPort: $((HISTORY_PORT + m)), bindOnLocalHost: true}
  worker:
    rpc: {grpcPort: $INTERNAL_WORKER_PORT, membershipPort: $((INTERNAL_WORKER_PORT + m)), bindOnLocalHost: true}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "localhost:$FRONTEND_PORT"
      httpAddress: "localhost:$FRONTEND_HTTP_PORT"
dcRedirectionPolicy: {policy: noop}
dynamicConfigClient:
  filepath: "$dir/dynamicconfig/cluster.yaml"
  pollInterval: 10s
YAML
    cat >"$dir/dynamicconfig/cluster.yaml" <<YAML
# Eager activity dispatch: the next activity rides on the reply to the workflow task.
system.enableActivityEagerExecution:
  - value: true
limit.maxIDLength:
  - value: 255
YAML
  )
}

# start_temporal_service <name> <metrics port> <service...>
start_temporal_service() {
  local name=$1 metrics=$2 args=()
  shift 2
  alive "$name" && return
  for s in "$@"; do args+=(--service "$s"); done
  say "starting Temporal $* ($name)"
  start_bg "$name" env TEMPORAL_METRICS_PORT="$metrics" "$(temporal_server_bin)" \
    --root "$CLUSTER/temporal" --config config --env cluster --allow-no-auth start "${args[@]}"
}

# ports_free_for <process> <port...>: unless the process runs, each of its ports must be free.
ports_free_for() {
  local name=$1 port
  shift
  alive "$name" && return
  for port in "$@"; do
    pg_port_free "$port" || die "port $port ($name) is taken: set REWIND_TEMPORAL_PORT (the others are numbered from it)"
  done
}

start_temporal_cluster() {
  local m=$MEMBERSHIP_OFFSET
  ports_free_for temporal-frontend "$FRONTEND_PORT" "$MATCHING_PORT" "$FRONTEND_HTTP_PORT" \
    "$METRICS_FRONTEND_PORT" $((FRONTEND_PORT + m)) $((MATCHING_PORT + m))
  ports_free_for temporal-history "$HISTORY_PORT" "$INTERNAL_WORKER_PORT" "$METRICS_HISTORY_PORT" \
    $((HISTORY_PORT + m)) $((INTERNAL_WORKER_PORT + m))
  write_temporal_config
  # On a new database the first process to start writes the cluster's metadata; two at once
  # collide (duplicate key). The internal worker service (in the history process) gives up when
  # the frontend does not answer within seconds, and the frontend is healthy only once history
  # has joined. So: the frontend, its metadata row, then history, then the health check.
  start_temporal_service temporal-frontend "$METRICS_FRONTEND_PORT" frontend matching
  wait_for "Temporal's cluster metadata (see $STATE/temporal-frontend.log)" 90 cluster_metadata_written
  start_temporal_service temporal-history "$METRICS_HISTORY_PORT" history worker
  wait_for "the Temporal cluster (see $STATE/temporal-frontend.log, temporal-history.log)" 120 \
    cluster_cli operator cluster health
  alive temporal-history || die "Temporal's history process exited (see $STATE/temporal-history.log)"
  cluster_cli operator namespace describe --namespace default >/dev/null 2>&1 \
    || wait_for "the namespace default" 60 \
      cluster_cli operator namespace create --namespace default --retention 30d
  register_search_attributes
}

cluster_metadata_written() {
  [ "$(PG_NAME=temporal-pg PG_PORT=$TEMPORAL_PG_PORT pg_psql -d temporal -tAc \
    "SELECT count(*) FROM cluster_metadata_info")" -ge 1 ]
}

# A new search attribute is accepted at once but usable only seconds later ("no mapping defined"):
# create what is missing, then wait until a query on each is answered.
register_search_attributes() {
  local a
  for a in "${SEARCH_ATTRIBUTES[@]}"; do
    wait_for "the search attribute $a to be registered" 60 search_attribute_registered "$a"
  done
  for a in "${SEARCH_ATTRIBUTES[@]}"; do
    wait_for "the search attribute $a to answer queries" 60 cluster_cli workflow count --query "$a = 'x'"
  done
}

# Right after the namespace is created the list may fail for a moment: retried by wait_for.
search_attribute_registered() {
  cluster_cli operator search-attribute list | grep -qw "$1" \
    || cluster_cli operator search-attribute create --name "$1" --type Keyword
}

# --- The Temporal UI server, reaching the frontend with its own client certificate --------------
start_temporal_ui() {
  alive temporal-ui && return
  local dir=$CLUSTER/ui/config
  mkdir -p "$dir"
  cat >"$dir/cluster.yaml" <<YAML
# Written by scripts/cluster up; edits are overwritten.
temporalGrpcAddress: 127.0.0.1:$FRONTEND_PORT
host: 127.0.0.1
port: $TEMPORAL_UI_PORT
enableUi: true
defaultNamespace: default
tls:
  caFile: $TLS/ca.pem
  certFile: $TLS/temporal-ui.pem
  keyFile: $TLS/temporal-ui.key
  serverName: localhost
  enableHostVerification: true
codec:
  endpoint: $(codec_ui_endpoint)
YAML
  say "starting the Temporal UI on 127.0.0.1:$TEMPORAL_UI_PORT"
  start_bg temporal-ui "$(ui_server_bin)" --root "$CLUSTER/ui" --env cluster start
  wait_for "the Temporal UI (see $STATE/temporal-ui.log)" 60 \
    curl -fsS "http://127.0.0.1:$TEMPORAL_UI_PORT/"
}
