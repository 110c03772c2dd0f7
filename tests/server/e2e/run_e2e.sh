#!/usr/bin/env bash
# Runs the console's browser test (console_e2e.mjs) for CTest. Fails, never
# skips, when chromium, node or npm is missing: packaging/setup.sh installs them.
#   run_e2e.sh SERVER_BINARY ASSETS_DIR OUTPUT_DIR
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
exec timeout 58 node "$here/console_e2e.mjs" "$@"
