#!/usr/bin/env bash
# Runs one of the console's browser tests for CTest: console_e2e.mjs (the
# default) or, with --safety, console_safety_e2e.mjs. Fails, never skips,
# when chromium, node or npm is missing: packaging/setup.sh installs them.
# WALL_BINARY (the lobbywall program, when built with the wall) adds the
# checks of the wall's --screenshot against the same store.
#   run_e2e.sh [--safety] SERVER_BINARY ASSETS_DIR OUTPUT_DIR [WALL_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
script=console_e2e.mjs
limit=85
if [ "${1:-}" = "--safety" ]; then
  script=console_safety_e2e.mjs
  limit=175
  shift
fi
for tool in /usr/bin/chromium node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e: FAILED: $tool is missing (run packaging/setup.sh)" >&2
    exit 1
  fi
done
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec timeout "$limit" node "$here/$script" "$@"
