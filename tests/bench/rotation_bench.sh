#!/usr/bin/env bash
# Average CPU of the demo wall in normal rotation: 1920x1080 in a window
# (under a private Xvfb when DISPLAY is unset, so Mesa's llvmpipe draws),
# a page change every 8 s, no ticker. Measures the lobbywall process's own
# CPU time (utime + stime of all its threads, llvmpipe's included) over a
# period, for each layout, one after the other. Not a test: run it and read
# the numbers (targets from issue 6: under 10% of one core in rotation, under
# 1% for a still wall; "static" measures the still wall).
# Usage: tests/bench/rotation_bench.sh [seconds] [layout...]
#   seconds   measuring period per layout (default 600 = 10 minutes)
#   layout    grid, masonry, spotlight or static (default: grid masonry static)
# Extra config lines for the [wall] table can be given in ROTATION_BENCH_WALL,
# e.g. ROTATION_BENCH_WALL='transition_ms = 600'; for [display] in
# ROTATION_BENCH_DISPLAY, e.g. ROTATION_BENCH_DISPLAY='max_fps = 60'.
# Needs a built tree (cmake --build build --target lobbywall), or LOBBYWALL_EXE
# set to another binary (to compare before and after a change).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${LOBBYWALL_EXE:-$root/build/app/lobbywall}"
period="${1:-600}"
shift || true
layouts=("$@")
[ ${#layouts[@]} -eq 0 ] && layouts=(grid masonry static)
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$period" "${layouts[@]}"; fi
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for layout in "${layouts[@]}"; do
  page_seconds=8
  wall_layout="$layout"
  if [ "$layout" = static ]; then page_seconds=3600; wall_layout=grid; fi
  cat >"$work/$layout.toml" <<EOF
# rotation_bench: the demo wall, a page change every $page_seconds s.
[wall]
hospital_name = "St. Vincent's Hospital"
layout = "$wall_layout"
page_seconds = $page_seconds
${ROTATION_BENCH_WALL:-}

[display]
fullscreen = false
width = 1920
height = 1080
${ROTATION_BENCH_DISPLAY:-}
EOF
  log="$work/$layout.log"
  "$exe" --demo --config "$work/$layout.toml" --windowed 1920x1080 2>"$log" &
  pid=$!
  for _ in $(seq 100); do grep -q "first frame" "$log" && break; sleep 0.1; done
  sleep 10  # images decode and upload after the first frame; the first page change
  t0=$(ticks "$pid"); s0=$(date +%s.%N)
  sleep "$period"
  t1=$(ticks "$pid"); s1=$(date +%s.%N)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.2f", 100 * (b - a) / hz / (s1 - s0) }')
  printf '%-9s %6s%% of one core over %s s (page_seconds = %s; load average now %s)\n' \
    "$layout" "$cpu" "$period" "$page_seconds" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
