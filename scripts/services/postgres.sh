#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A private PostgreSQL cluster (Debian's postgresql package) for Breakwater's cluster mode:
# initdb'd under $BREAKWATER_SERVICES_DIR/postgres, listening on 127.0.0.1 and a Unix socket
# in that directory. The system clusters (pg_ctlcluster, /var/lib/postgresql) are never used.
#
#   postgres.sh start    apt-get install postgresql if missing, initdb (first run), start,
#                        wait for pg_isready, create role + database breakwater (idempotent),
#                        print `export DATABASE_URL=...`
#   postgres.sh stop     pg_ctl stop -m fast
#   postgres.sh status   exit 0 running, 1 not accepting connections / stale pid file, 3 stopped
#   postgres.sh psql [args]   psql as the breakwater role
#   postgres.sh logs     print the tail of the server log
#
# Environment (defaults): PGPORT (5432), BREAKWATER_PG_USER / BREAKWATER_PG_PASSWORD /
# BREAKWATER_PG_DATABASE (breakwater), POSTGRES_START_TIMEOUT (60 s), BREAKWATER_SERVICES_DIR.
set -euo pipefail

BW_SERVICE=postgres
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_PORT="${PGPORT:-5432}"
PG_APP_USER="${BREAKWATER_PG_USER:-breakwater}"
PG_APP_PASSWORD="${BREAKWATER_PG_PASSWORD:-breakwater}"
PG_APP_DB="${BREAKWATER_PG_DATABASE:-breakwater}"
POSTGRES_START_TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"

bw_check_port PGPORT "$PG_PORT"

DIR="$(bw_services_dir)/postgres"
DATA="$DIR/data"
SOCKDIR="$DIR/run"
LOGDIR="$DIR/log"
LOGFILE="$LOGDIR/postgres.log"
DATABASE_URL="postgres://$PG_APP_USER:$PG_APP_PASSWORD@$BW_HOST:$PG_PORT/$PG_APP_DB"
# initdb and the server refuse to run as root: as root we run them as the Debian package's
# `postgres` account and hand it the directory.
if ((EUID == 0)); then
  PG_OS_USER="${POSTGRES_RUN_AS:-postgres}"
else
  PG_OS_USER="$(id -un)"
fi

[[ "$PG_APP_USER" =~ ^[a-z_][a-z0-9_]*$ && "$PG_APP_DB" =~ ^[a-z_][a-z0-9_]*$ ]] ||
  bw_die "BREAKWATER_PG_USER / BREAKWATER_PG_DATABASE must be plain lower-case identifiers"
[[ "$PG_APP_PASSWORD" != *"'"* && "$PG_APP_PASSWORD" =~ ^[A-Za-z0-9._~-]+$ ]] ||
  bw_die "BREAKWATER_PG_PASSWORD must be URL-safe ([A-Za-z0-9._~-])"

# Newest installed server version's bin directory (Debian: /usr/lib/postgresql/<ver>/bin).
pg_bindir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  if [[ -n "$dir" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
  elif command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  fi
}

BIN=""
ensure_installed() {
  BIN="$(pg_bindir)"
  if [[ -z "$BIN" ]]; then
    bw_apt_install postgresql
    BIN="$(pg_bindir)"
  fi
  [[ -n "$BIN" ]] || bw_die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
}

# fd 9 holds our lock: close it so that the server (started by pg_ctl) does not inherit it.
as_pg() { (cd / && bw_as_user "$PG_OS_USER" "$@") 9>&-; }

# psql as the superuser over the private socket (trust auth for local connections).
psql_admin() {
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# Pid of the running postmaster, or nothing. (pg_ctl status alone is fooled by a killed
# postmaster that lingers as a zombie.)
postmaster_pid() {
  local pid
  [[ -n "$BIN" && -f "$DATA/PG_VERSION" && -f "$DATA/postmaster.pid" ]] || return 0
  as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 0
  pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && bw_pid_alive "$pid"; then
    echo "$pid"
  fi
}

is_ready() { "$BIN/pg_isready" -q -h "$BW_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

prepare_dirs() {
  mkdir -p "$DATA" "$SOCKDIR" "$LOGDIR"
  if [[ "$PG_OS_USER" != "$(id -un)" ]]; then
    id "$PG_OS_USER" >/dev/null 2>&1 || bw_die "user $PG_OS_USER does not exist (it comes with the postgresql package)"
    chown -R "$PG_OS_USER": "$DATA" "$SOCKDIR" "$LOGDIR"
    # The postgres account must reach $DIR through every parent directory.
    if ! bw_as_user "$PG_OS_USER" test -x "$DATA"; then
      bw_die "user $PG_OS_USER cannot traverse to $DATA; choose a BREAKWATER_SERVICES_DIR whose parent directories are world-executable (chmod o+x)"
    fi
  fi
  chmod 700 "$DATA" "$SOCKDIR"
}

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  bw_log "initdb in $DATA (first run only)"
  # initdb wants an empty directory; clear the leftovers of an interrupted initdb.
  find "$DATA" -mindepth 1 -delete
  if ! as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$LOGDIR/initdb.log" 2>&1; then
    bw_show_logs "$LOGDIR/initdb.log"
    find "$DATA" -mindepth 1 -delete
    bw_die "initdb failed (log: $LOGDIR/initdb.log)"
  fi
}

create_app_role_and_db() {
  psql_admin <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_USER') THEN
    CREATE ROLE $PG_APP_USER LOGIN CREATEDB PASSWORD '$PG_APP_PASSWORD';
  ELSE
    ALTER ROLE $PG_APP_USER LOGIN CREATEDB PASSWORD '$PG_APP_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_APP_DB OWNER $PG_APP_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_APP_DB')\\gexec
SQL
}

cmd_start() {
  local started=$SECONDS version
  mkdir -p "$DIR"
  bw_lock "$DIR/.lock"
  ensure_installed
  local pid
  pid="$(postmaster_pid)"
  # Running: answer at once, or give a server that is starting or recovering its time.
  if [[ -n "$pid" ]] && bw_await_running "$pid" "$POSTGRES_START_TIMEOUT" postmaster \
    "the cluster in $DATA runs (pid $pid) but $BW_HOST:$PG_PORT does not accept connections; see $LOGFILE or run '$0 stop'" \
    is_ready; then
    create_app_role_and_db || bw_die "could not create role/database $PG_APP_USER/$PG_APP_DB"
    bw_log "already running (pid $pid) at $BW_HOST:$PG_PORT"
    echo "export DATABASE_URL=$DATABASE_URL"
    return 0
  fi
  bw_require_free_ports "$PG_PORT"
  prepare_dirs
  init_cluster

  local log_offset
  log_offset="$(bw_log_size "$LOGFILE")"
  bw_log "starting PostgreSQL ($BIN) on $BW_HOST:$PG_PORT, socket dir $SOCKDIR; log $LOGFILE"
  if ! as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t "$POSTGRES_START_TIMEOUT" \
    -o "-p $PG_PORT -k '$SOCKDIR' -c listen_addresses=$BW_HOST" start >"$LOGDIR/pg_ctl.log" 2>&1; then
    bw_show_logs "$LOGDIR/pg_ctl.log" "$LOGFILE@$log_offset"
    as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    bw_die "pg_ctl start failed (log: $LOGFILE)"
  fi
  local deadline=$((SECONDS + POSTGRES_START_TIMEOUT))
  until is_ready; do
    if ((SECONDS >= deadline)); then
      bw_show_logs "$LOGFILE@$log_offset"
      as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
      bw_die "pg_isready: $BW_HOST:$PG_PORT not accepting connections after ${POSTGRES_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  create_app_role_and_db || {
    bw_show_logs "$LOGFILE@$log_offset"
    bw_die "could not create role/database $PG_APP_USER/$PG_APP_DB"
  }
  version="$(psql_admin -tA -c 'SHOW server_version')"
  bw_log "ready in $((SECONDS - started))s, PostgreSQL $version, database $PG_APP_DB owned by $PG_APP_USER"
  echo "export DATABASE_URL=$DATABASE_URL"
}

cmd_stop() {
  mkdir -p "$DIR"
  bw_lock "$DIR/.lock"
  BIN="$(pg_bindir)"
  local pid
  pid="$(postmaster_pid)"
  if [[ -z "$pid" ]]; then
    bw_log "not running"
    return 0
  fi
  bw_log "stopping (pid $pid)"
  if ! as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >"$LOGDIR/pg_ctl.log" 2>&1; then
    bw_show_logs "$LOGDIR/pg_ctl.log" "$LOGFILE"
    bw_log "fast shutdown failed; trying immediate"
    as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >>"$LOGDIR/pg_ctl.log" 2>&1 ||
      bw_die "could not stop the cluster in $DATA"
  fi
  bw_wait_port_closed "$PG_PORT" 10 || bw_die "the cluster stopped but $BW_HOST:$PG_PORT is still open"
  bw_log "stopped"
}

cmd_status() {
  BIN="$(pg_bindir)"
  local pid
  pid="$(postmaster_pid)"
  if [[ -z "$pid" ]]; then
    bw_status_down "$DATA/postmaster.pid" || return
  fi
  if ! is_ready; then
    echo "postgres: running (pid $pid) but $BW_HOST:$PG_PORT does not accept connections; see $LOGFILE"
    return 1
  fi
  echo "postgres: running (pid $pid) on $BW_HOST:$PG_PORT, $DATABASE_URL, data $DATA"
}

cmd_psql() {
  BIN="$(pg_bindir)"
  exec "${BIN:+$BIN/}psql" "$DATABASE_URL" "$@"
}

cmd_logs() { bw_show_logs "$LOGFILE" 2>&1; }

bw_main "start|stop|status|restart|psql [args]|logs" "$@"
