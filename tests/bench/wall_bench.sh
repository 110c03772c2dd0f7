#!/usr/bin/env bash
# Measures the demo wall: time to the first frame, CPU use of a static wall
# over a period (default 60 s), and resident memory. Not a test: run it and
# read the numbers. Needs a built tree (scripts/run-tests.sh or cmake --build build).
# Usage: tests/bench/wall_bench.sh [seconds]   (under Xvfb when DISPLAY is unset)
# LOBBYWALL_EXE=build-arm64/app/lobbywall measures the arm64 build under
# qemu-user (binfmt_misc): emulated, so the numbers say little about a Pi.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${LOBBYWALL_EXE:-$root/build/app/lobbywall}"  # another binary: LOBBYWALL_EXE=path
period="${1:-60}"
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$@"; fi
log="$(mktemp)"
"$exe" --demo --config "$here/static.toml" --windowed 1920x1080 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1200); do grep -q "first frame" "$log" && break; sleep 0.1; done  # 120 s: emulated arm64
sleep 5  # images decode and upload after the first frame
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$period"
t1=$(ticks); s1=$(date +%s.%N)
cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.2f", 100 * (b - a) / hz / (s1 - s0) }')
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "renderer:        $(grep -o 'drawing with .*' "$log" | head -1)"
echo "first frame:     $(grep -o 'first frame on screen [0-9]* ms' "$log" | grep -o '[0-9]* ms')"
echo "static wall CPU: ${cpu}% of one core over ${period} s"
awk -v r="$rss" -v h="$hwm" 'BEGIN { printf "resident memory: %.1f MB now, %.1f MB peak\n", r / 1024, h / 1024 }'
