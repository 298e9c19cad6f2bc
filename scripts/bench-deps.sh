#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Makes sure `wrk` (the benchmarks' load generator, a separate C process) is on the PATH before
# `npm run bench` / `npm run bench:quota`. Installs Debian's wrk when we are root (or have
# passwordless sudo); otherwise says how to install it and fails, instead of the benchmark failing
# after it has built its corpus. Idempotent: does nothing when wrk is already there.
set -euo pipefail
BW_SERVICE=bench
# shellcheck source=services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/services/common.sh"

command -v wrk >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1 && { ((EUID == 0)) || sudo -n true 2>/dev/null; }; then
  bw_apt_install wrk
  command -v wrk >/dev/null 2>&1 || bw_die "apt-get installed wrk but it is not on the PATH"
  exit 0
fi
bw_die "wrk is not installed and cannot be installed from here (not root): run 'sudo apt-get install -y wrk' (Debian/Ubuntu) or put a wrk binary on the PATH, then retry"
