#!/usr/bin/env bash
# Runs the fleet's end-to-end test (fleet_e2e.mjs) for CTest: a hub, nginx
# and three screens as processes, the console in Chromium. Fails, never
# skips, when a tool is missing: packaging/setup.sh installs them.
#   run_fleet_e2e.sh LOBBYWALL_BINARY OUTPUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server_e2e="$here/../../server/e2e"
for tool in /usr/bin/chromium node npm nginx openssl sqlite3; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "fleet-e2e: FAILED: $tool is missing (run packaging/setup.sh)" >&2
    exit 1
  fi
done
export PATH="$PATH:/usr/sbin"
if [ ! -d "$server_e2e/node_modules/playwright-core" ]; then
  (cd "$server_e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec timeout 170 node "$here/fleet_e2e.mjs" "$1" "$2" "$server_e2e"
