# shellcheck shell=bash
# Shared helpers for scripts/services/*.sh. Sourced, never executed.
#
# Conventions every service script follows:
#   - progress and errors go to stderr; stdout carries only machine-readable lines
#     (`export NAME=value` on start, one status line on status), so
#     `eval "$(scripts/services/all.sh start)"` works;
#   - exit codes: 0 ok / running, 1 failure (or, for status, running but not answering /
#     stale pid file), 2 usage error, 3 (status only) stopped — the LSB init-script codes;
#   - every service listens on 127.0.0.1 only and keeps its state under
#     $BREAKWATER_SERVICES_DIR/<service> (default <repo>/.data/services/<service>).
#
# The caller sets BW_SERVICE (used as the log prefix) before sourcing this file.

BW_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BW_REPO_ROOT="$(cd "$BW_SCRIPTS_DIR/../.." && pwd)"
BW_HOST=127.0.0.1

bw_log() { printf '[%s] %s\n' "${BW_SERVICE:-services}" "$*" >&2; }
bw_die() {
  bw_log "error: $*"
  exit 1
}

# Absolute path of the services directory (created if missing). A relative
# BREAKWATER_SERVICES_DIR is taken relative to the current directory.
bw_services_dir() {
  local dir="${BREAKWATER_SERVICES_DIR:-$BW_REPO_ROOT/.data/services}"
  mkdir -p "$dir" || bw_die "cannot create services dir $dir"
  (cd "$dir" && pwd)
}

# Download cache shared by every checkout (Kafka jars).
bw_cache_dir() {
  local dir="${BREAKWATER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/breakwater}"
  mkdir -p "$dir" || bw_die "cannot create cache dir $dir"
  (cd "$dir" && pwd)
}

# Serialise start/stop of one service: takes an exclusive lock on <file> held by
# fd 9 until the script exits.
bw_lock() {
  local file="$1"
  exec 9>"$file" || bw_die "cannot open lock file $file"
  if ! flock -w "${BW_LOCK_TIMEOUT:-900}" 9; then
    bw_die "timed out waiting for lock $file (another start/stop running?)"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
bw_port_open() {
  (exec 3<>"/dev/tcp/$BW_HOST/$1") 2>/dev/null
}

# Who listens on <port> (best effort, for error messages).
bw_port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -H -ltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(\(.*\))$/\1/p' | head -n 1
  fi
}

# Fail unless <value> (named <name> in the message) is a TCP port number.
bw_check_port() {
  local name="$1" value="$2"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    bw_die "$name=$value is not a TCP port (1-65535)"
  fi
}

# Fail unless every given port is free.
bw_require_free_ports() {
  local port owner
  for port in "$@"; do
    if bw_port_open "$port"; then
      owner="$(bw_port_owner "$port")"
      bw_die "port $BW_HOST:$port is already in use${owner:+ by $owner}; stop it or choose another port (see scripts/services/README.md)"
    fi
  done
}

# Wait until <port> is closed (after a stop). Returns 1 on timeout.
bw_wait_port_closed() {
  local port="$1" timeout="${2:-30}" waited=0
  while bw_port_open "$port"; do
    ((waited >= timeout * 10)) && return 1
    sleep 0.1
    waited=$((waited + 1))
  done
}

# True when <pid> exists and is not a zombie (in containers whose pid 1 does not reap, a
# killed daemon lingers as a zombie that `kill -0` still reports).
bw_pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$1/stat" 2>/dev/null)"
  [[ "$state" != Z ]]
}

# Wait up to <timeout> seconds for "$@" (a readiness check) to succeed while <pid> lives.
# Returns 0 when ready, 1 when the process died, 2 on timeout.
bw_wait_ready() {
  local pid="$1" timeout="$2" deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@"; do
    bw_pid_alive "$pid" || return 1
    ((SECONDS < deadline)) || return 2
    sleep 0.2
  done
}

# True when <pid> is alive and its command line contains every given argument
# verbatim (guards against pid reuse after a reboot or a crash).
bw_pid_matches() {
  local pid="$1" arg
  shift
  local -a argv
  local a found
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  bw_pid_alive "$pid" || return 1
  mapfile -d '' -t argv <"/proc/$pid/cmdline" 2>/dev/null || return 1
  for arg in "$@"; do
    found=0
    for a in "${argv[@]}"; do
      if [[ "$a" == "$arg" ]]; then
        found=1
        break
      fi
    done
    ((found)) || return 1
  done
}

# Pid from <pidfile> if that process is alive and matches the given arguments;
# otherwise scan /proc for a process that does (a lost or stale pid file).
# Prints the pid, or nothing.
bw_find_pid() {
  local pidfile="$1" pid proc
  shift
  if [[ -f "$pidfile" ]]; then
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    if bw_pid_matches "$pid" "$@"; then
      echo "$pid"
      return 0
    fi
  fi
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    if bw_pid_matches "$pid" "$@"; then
      echo "$pid"
      return 0
    fi
  done
  return 0
}

# Start "$@" detached (own session, stdin from /dev/null, stdout+stderr appended to
# <logfile>), write its pid to <pidfile> and print the pid.
bw_spawn() {
  local pidfile="$1" logfile="$2" waited=0
  shift 2
  rm -f "$pidfile"
  # The inner shell writes its own pid then execs, so the pid is the service's even if
  # setsid had to fork.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'echo "$$" >"$1"; shift; exec "$@"' bw-spawn "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 9>&- &
  while [[ ! -s "$pidfile" ]]; do
    ((waited >= 100)) && bw_die "process did not start (no pid file $pidfile); see $logfile"
    sleep 0.05
    waited=$((waited + 1))
  done
  head -n 1 "$pidfile"
}

# Send SIGTERM to <pid>, wait up to <timeout> seconds, then SIGKILL.
bw_terminate() {
  local pid="$1" timeout="${2:-30}" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while bw_pid_alive "$pid"; do
    if ((waited >= timeout * 10)); then
      bw_log "pid $pid still alive after ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  ! bw_pid_alive "$pid"
}

# Size of <file> in bytes (0 if missing); pass it to bw_show_logs as <file>@<size> to show
# only what was written after that point.
bw_log_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Print the last lines of each given log file to stderr. An argument <file>@<offset> shows
# only the part of <file> written after byte <offset> (this run's lines).
bw_show_logs() {
  local arg file offset
  for arg in "$@"; do
    if [[ "$arg" =~ ^(.*)@([0-9]+)$ ]]; then
      file="${BASH_REMATCH[1]}"
      offset="${BASH_REMATCH[2]}"
    else
      file="$arg"
      offset=0
    fi
    [[ -s "$file" ]] || continue
    (($(bw_log_size "$file") > offset)) || continue
    printf '[%s] ---- last lines of %s ----\n' "${BW_SERVICE:-services}" "$file" >&2
    tail -c "+$((offset + 1))" "$file" | tail -n "${BW_LOG_LINES:-40}" >&2
    printf '[%s] ---- end of %s ----\n' "${BW_SERVICE:-services}" "$file" >&2
  done
}

# Run "$@" as <user> when we are root (for servers that refuse root), else as ourselves.
bw_as_user() {
  local user="$1"
  shift
  if ((EUID == 0)) && [[ "$user" != root ]]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# Install Debian packages that are missing. Uses sudo when not root.
bw_apt_install() {
  local sudo=() missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 || bw_die "missing packages ${missing[*]} and no apt-get; install them by hand"
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || bw_die "missing packages ${missing[*]}; run as root or install them by hand"
    sudo=(sudo -n)
  fi
  bw_log "installing ${missing[*]} with apt-get (first run only)"
  local apt_opts=(-o DPkg::Lock::Timeout=300 -q -y --no-install-recommends)
  # Refresh the package lists only when apt does not know a package yet.
  for pkg in "${missing[@]}"; do
    if [[ "$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p')" =~ ^(|\(none\))$ ]]; then
      "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -q update >&2 || bw_die "apt-get update failed"
      break
    fi
  done
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install "${apt_opts[@]}" "${missing[@]}" >&2; then
    bw_die "apt-get install ${missing[*]} failed"
  fi
}

bw_usage() {
  local cmds="$1"
  echo "usage: $(basename "$0") $cmds" >&2
  exit 2
}

# The start/stop/status skeleton every service script shares. A script defines cmd_start,
# cmd_stop, cmd_status and its own extra commands as cmd_<name> (dashes become
# underscores), then ends with `bw_main "<usage>" "$@"`.

# Start-up with a live <pid> already there (the <what>: server, broker): wait up to
# <timeout> s for "$@" (a readiness check). Returns 0 when it answers (the caller reports it
# and is done) and 1 when it has exited meanwhile (the caller starts a new one); dies with
# <message> when it does not answer in time.
bw_await_running() {
  local pid="$1" timeout="$2" what="$3" message="$4" rc=0
  shift 4
  bw_wait_ready "$pid" "$timeout" "$@" || rc=$?
  ((rc != 2)) || bw_die "$message"
  ((rc == 0)) || bw_log "the $what (pid $pid) exited; starting a new one"
  return "$rc"
}

# Give up on a start: show this run's part of the given logs (<file>@<offset>, as for
# bw_show_logs), stop the half-started <pid> (the <what>), remove <pidfile>, die with <message>.
bw_abort_start() {
  local pid="$1" pidfile="$2" what="$3" message="$4"
  shift 4
  bw_show_logs "$@"
  if bw_pid_alive "$pid"; then
    bw_log "stopping the half-started $what (pid $pid)"
    bw_terminate "$pid" 10 || true
  fi
  rm -f "$pidfile"
  bw_die "$message"
}

# Stop a daemon started with bw_spawn: <pid> (empty when none runs) gets SIGTERM, then
# SIGKILL after <timeout> s; then <pidfile> goes and each given port must close.
bw_stop_spawned() {
  local pidfile="$1" pid="$2" timeout="$3" port
  shift 3
  if [[ -z "$pid" ]]; then
    rm -f "$pidfile"
    bw_log "not running"
    return 0
  fi
  bw_log "stopping (pid $pid)"
  bw_terminate "$pid" "$timeout" || bw_die "could not stop pid $pid"
  rm -f "$pidfile"
  for port in "$@"; do
    bw_wait_port_closed "$port" 10 || bw_die "pid $pid is gone but $BW_HOST:$port is still open"
  done
  bw_log "stopped"
}

# Status line of a service with no live process; returns 1 when <pidfile> is left over
# (stale), 3 when the service is stopped.
bw_status_down() {
  local pidfile="$1"
  if [[ -f "$pidfile" ]]; then
    echo "$BW_SERVICE: dead (stale pid file $pidfile)"
    return 1
  fi
  echo "$BW_SERVICE: stopped"
  return 3
}

# Run the command named by the first argument with the remaining ones: restart, or
# cmd_<name> if the script defines it; anything else prints <usage> and exits 2.
bw_main() {
  local usage="$1" cmd="${2:-}" fn
  shift
  [[ $# -gt 0 ]] && shift
  if [[ "$cmd" == restart ]]; then
    cmd_stop
    exec "$0" start
  fi
  fn="cmd_${cmd//-/_}"
  if ! [[ "$cmd" =~ ^[a-z][a-z-]*$ ]] || ! declare -F "$fn" >/dev/null; then
    bw_usage "$usage"
  fi
  "$fn" "$@"
}
