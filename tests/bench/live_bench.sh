#!/usr/bin/env bash
# The wall as users run it, measured: the real program (not --demo) with a
# real source, a loopback Mastodon server (mastodon_server.py: 40 posts, 20
# photos, 8 avatars) polled every 30 s, the pipeline, the store and the staff
# console all running, in a 1920x1080 window under a private Xvfb (Mesa
# llvmpipe) when DISPLAY is unset. For each scenario it reports the process's
# CPU seconds per minute (utime + stime of all threads, from /proc/PID/stat),
# its PSS (/proc/PID/smaps_rollup) at the end, the busiest 5-second window
# and the load average. Not a test: run it and read the numbers.
# Usage: tests/bench/live_bench.sh [seconds] [scenario...]
#   seconds    measuring period per scenario (default 600 = 10 minutes)
#   scenario   still     page_seconds = 3600 (no page turns)
#              rotation  the default 15 s pages with 0.9 s fades
#              ticker    the ticker band on, pages still
#              (default: still rotation ticker)
# LIVE_BENCH_SERVER=same makes the server return the same 40 posts at every
# poll (as feeds without cursors do); the default honours min_id.
# LIVE_BENCH_WALL adds lines to [wall]; LOBBYWALL_EXE=path measures another
# binary; KEEP=1 keeps the work folder (config, logs, store).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${LOBBYWALL_EXE:-$root/build/app/lobbywall}"
period="${1:-600}"
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(still rotation ticker)
server_mode="${LIVE_BENCH_SERVER:-min_id}"
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$period" "${scenarios[@]}"; fi
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "lobbywall live bench: $exe, server mode $server_mode, $period s per scenario, $(nproc) cores"
for scenario in "${scenarios[@]}"; do
  dir="$work/$scenario"
  mkdir -p "$dir/state" "$dir/cache"
  # A fresh server per scenario, so min_id starts from nothing each time.
  python3 "$here/mastodon_server.py" --www "$dir/www" --port-file "$dir/port" --mode "$server_mode" \
    --log "$dir/requests.log" &
  pids+=("$!")
  for _ in $(seq 200); do [ -s "$dir/port" ] && break; sleep 0.1; done
  port=$(cat "$dir/port")
  page_seconds=3600; ticker=false
  case "$scenario" in
    still) ;;
    rotation) page_seconds=15 ;;
    ticker) ticker=true ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
  esac
  cat >"$dir/wall.toml" <<TOML
[wall]
hospital_name = "St. Vincent's Hospital"
layout = "masonry"
page_seconds = $page_seconds
ticker = $ticker
${LIVE_BENCH_WALL:-}
[display]
fullscreen = false
width = 1920
height = 1080
[paths]
state_dir = "$dir/state"
cache_dir = "$dir/cache"
[server]
enabled = true
listen = "127.0.0.1:$(free_port)"
[[prompt]]
text = "Share your story with"
hashtag = "StVincentsCares"
url = "https://mastodon.example/tags/StVincentsCares"
[[source]]
name = "bench"
kind = "mastodon_hashtag"
instance = "http://127.0.0.1:$port"
tag = "bench"
approval = "auto"
poll_seconds = 30
TOML
  "$exe" --config "$dir/wall.toml" -v 2>"$dir/log" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 300); do grep -q "first frame" "$dir/log" && break; sleep 0.1; done
  first=$(grep -o 'first frame on screen [0-9]* ms' "$dir/log" | grep -o '[0-9]*' || echo "?")
  # The first poll, the photos and avatars downloaded, decoded and on screen.
  sleep 40
  t0=$(ticks "$pid"); s0=$(date +%s.%N)
  worst=0; prev=$t0
  end=$(awk -v s="$s0" -v p="$period" 'BEGIN { printf "%.3f", s + p }')
  while awk -v e="$end" -v n="$(date +%s.%N)" 'BEGIN { exit !(n < e) }'; do
    sleep 5
    kill -0 "$pid" 2>/dev/null || { echo "lobbywall stopped:"; tail -5 "$dir/log"; exit 1; }
    now=$(ticks "$pid"); [ $((now - prev)) -gt "$worst" ] && worst=$((now - prev)); prev=$now
  done
  t1=$(ticks "$pid"); s1=$(date +%s.%N)
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  polls=$(wc -l <"$dir/requests.log")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" -v w="$worst" -v pss="$pss" -v rss="$rss" \
      -v sc="$scenario" -v first="$first" -v polls="$polls" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    cpu = (b - a) / hz; min = (s1 - s0) / 60
    printf "%-8s %6.3f CPU-s/min (%5.2f%% of one core) over %.0f s; busiest 5 s: %.2f CPU-s; PSS %.1f MB, RSS %.1f MB; first frame %s ms; %d timeline requests; load %s\n",
      sc, cpu / min, 100 * cpu / (s1 - s0), s1 - s0, w / hz, pss / 1024, rss / 1024, first, polls, load }'
done
