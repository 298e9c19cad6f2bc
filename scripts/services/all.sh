#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Kafka, ClickHouse and PostgreSQL for Breakwater's cluster mode, together.
#
#   all.sh start    start each (idempotent) and print the lines to export:
#                     export KAFKA_BROKERS=127.0.0.1:9092
#                     export CLICKHOUSE_URL=http://127.0.0.1:8123
#                     export DATABASE_URL=postgres://breakwater:breakwater@127.0.0.1:5432/breakwater
#                   so `eval "$(scripts/services/all.sh start)"` configures the current shell.
#                   Stops at the first service that fails (exit 1); the ones already started
#                   keep running (run `all.sh stop` to clean up).
#   all.sh stop     stop each (all are attempted; exit 1 if any failed)
#   all.sh status   one line per service; exit 0 if all run, else the first non-zero code
#                   (1 unhealthy / stale, 3 stopped)
#   all.sh env      print the export lines without starting anything
#
# Each script reads its own environment variables; see scripts/services/README.md.
set -euo pipefail

BW_SERVICE=services
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVICES=(kafka clickhouse postgres)

cmd_start() {
  local svc started=$SECONDS
  for svc in "${SERVICES[@]}"; do
    if ! "$BW_SCRIPTS_DIR/$svc.sh" start; then
      bw_die "$svc failed to start; see the messages above (status: $BW_SCRIPTS_DIR/all.sh status)"
    fi
  done
  bw_log "all services ready in $((SECONDS - started))s"
}

cmd_stop() {
  local svc rc=0
  # Reverse order: consumers of Kafka usually write to the stores.
  for svc in postgres clickhouse kafka; do
    "$BW_SCRIPTS_DIR/$svc.sh" stop || rc=1
  done
  return "$rc"
}

cmd_status() {
  local svc rc=0 code
  for svc in "${SERVICES[@]}"; do
    code=0
    "$BW_SCRIPTS_DIR/$svc.sh" status || code=$?
    if ((rc == 0 && code != 0)); then
      rc=$code
    fi
  done
  return "$rc"
}

cmd_env() {
  echo "export KAFKA_BROKERS=$BW_HOST:${KAFKA_PORT:-9092}"
  echo "export CLICKHOUSE_URL=http://$BW_HOST:${CLICKHOUSE_HTTP_PORT:-8123}"
  echo "export DATABASE_URL=postgres://${BREAKWATER_PG_USER:-breakwater}:${BREAKWATER_PG_PASSWORD:-breakwater}@$BW_HOST:${PGPORT:-5432}/${BREAKWATER_PG_DATABASE:-breakwater}"
}

bw_main "start|stop|status|restart|env" "$@"
