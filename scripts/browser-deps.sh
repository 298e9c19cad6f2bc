#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser tests (test/browser), if missing.
# playwright-core drives it; we never download a browser build (`npx playwright install`).
set -euo pipefail
cd "$(dirname "$0")/.."
BW_SERVICE=browser
# shellcheck source=services/common.sh
source scripts/services/common.sh
bw_apt_install chromium
