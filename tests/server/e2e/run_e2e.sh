#!/usr/bin/env bash
# Runs the console's browser test (console_e2e.mjs) for CTest. Fails, never
# skips, when chromium, node or npm is missing: packaging/setup.sh installs them.
# WALL_BINARY (the lobbywall program, when built with the wall) adds the
# checks of the wall's --screenshot against the same store.
#   run_e2e.sh SERVER_BINARY ASSETS_DIR OUTPUT_DIR [WALL_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in /usr/bin/chromium node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e: FAILED: $tool is missing (run packaging/setup.sh)" >&2
    exit 1
  fi
done
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec timeout 85 node "$here/console_e2e.mjs" "$@"
