#!/usr/bin/env bash
# Start-up from a full store: 2,000 approved posts and 300 cached images,
# every source unreachable. Prints time to first frame and resident memory.
# Usage: tests/bench/store_bench.sh   (builds fill_store; under Xvfb when DISPLAY is unset)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$@"; fi
cmake --build "$root/build" --target fill_store lobbywall >/dev/null
dir="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$root/build/tests/bench/fill_store" "$dir" 2000 300
cat > "$dir/lobbywall.toml" <<TOML
[wall]
hospital_name = "Store benchmark"
page_seconds = 3600
[display]
fullscreen = false
[paths]
state_dir = "$dir/state"
cache_dir = "$dir/cache"
[server]
enabled = false
[[source]]
name = "offline"
kind = "mastodon_hashtag"
instance = "http://127.0.0.1:1"
tag = "none"
TOML
for run in 1 2 3; do
  "$root/build/app/lobbywall" --config "$dir/lobbywall.toml" --windowed 1920x1080 2>"$dir/log" &
  pid=$!
  for _ in $(seq 100); do grep -q "first frame" "$dir/log" && break; sleep 0.1; done
  sleep 8
  echo "run $run: $(grep -o 'first frame on screen [0-9]* ms' "$dir/log"), RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MB, peak $(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status) MB"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
