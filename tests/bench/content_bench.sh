#!/usr/bin/env bash
# Resident memory of a wall showing real-world text: a JSON Feed served on
# 127.0.0.1 (python3's http.server) with 24 posts carrying colour emoji,
# Japanese/Chinese text and pictures, auto-approved, drawn at 1920x1080. The
# demo has neither emoji nor CJK, and each costs font memory of its own.
# Not a test: run it and read the numbers.
# Usage: tests/bench/content_bench.sh [seconds-before-measuring] [--soak MINUTES]
#   (Xvfb when DISPLAY is unset). LOBBYWALL_EXE=path measures another binary.
# --soak: pages turn every 3 s, the feed is polled every 30 s and gets 24 new
# posts with 12 new pictures every minute; resident memory is printed each
# minute, to see whether it grows (signage players' commonest slow failure).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${LOBBYWALL_EXE:-$root/build/app/lobbywall}"
settle="${1:-30}"
soak=0
if [ "${2:-}" = --soak ]; then soak="${3:?minutes}"; fi
page_seconds=3600; poll_seconds=3600
if [ "$soak" -gt 0 ]; then page_seconds=3; poll_seconds=30; fi
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$@"; fi
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; [ -n "${KEEP:-}" ] && echo "kept $work"' EXIT
mkdir -p "$work/www" "$work/state" "$work/cache"
cp "$root"/assets/demo/images/*.jpg "$work/www/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$here/make_feed.py" "$work/www" "$port" 0
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
pids+=("$!")
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/feed.json" && break; sleep 0.1; done
cat >"$work/wall.toml" <<TOML
[wall]
hospital_name = "St. Vincent's Hospital"
page_seconds = $page_seconds
[display]
fullscreen = false
width = 1920
height = 1080
[paths]
state_dir = "$work/state"
cache_dir = "$work/cache"
[server]
enabled = false
[[source]]
name = "bench"
kind = "web_feed"
url = "http://127.0.0.1:$port/feed.json"
allow_plain_http = true
approval = "auto"
poll_seconds = $poll_seconds
TOML
"$exe" --config "$work/wall.toml" -v 2>"$work/log" &
pid=$!
pids+=("$pid")
for _ in $(seq 300); do grep -q "first frame" "$work/log" && break; sleep 0.1; done
sleep "$settle"
if ! kill -0 "$pid" 2>/dev/null; then echo "lobbywall stopped:"; tail -5 "$work/log"; exit 1; fi
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
heap=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{h = ($6 == "[heap]")} h && /^Rss:/ {s += $2} END {print s + 0}' "/proc/$pid/smaps")
fonts=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{f = ($6 ~ /\/fonts\//)} f && /^Rss:/ {s += $2} END {print s + 0}' "/proc/$pid/smaps")
echo "posts on screen: $(grep -c 'texture ' "$work/log" || true) textures; $(grep -o 'font atlas [0-9x]* for [0-9]* characters' "$work/log" | tail -1)"
grep -o 'text: glyph atlas [0-9x]*, [0-9]* glyphs' "$work/log" | tail -1 || true
echo "resident memory: $((rss / 1024)) MB now, $((hwm / 1024)) MB peak; heap $((heap / 1024)) MB, font files $((fonts / 1024)) MB"
for minute in $(seq "$soak"); do
    python3 "$here/make_feed.py" "$work/www" "$port" "$minute"
    sleep 60
    if ! kill -0 "$pid" 2>/dev/null; then echo "lobbywall stopped:"; tail -5 "$work/log"; exit 1; fi
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    posts=$(grep -o "[0-9]* new posts" "$work/log" | awk '{s += $1} END {print s + 0}')
    printf "minute %3d: resident %6.1f MB, %4d posts fetched, %s textures made, %s errors logged\n" "$minute" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$posts" "$(grep -c 'debug: texture ' "$work/log" || true)" \
        "$(grep -c ' error: ' "$work/log" || true)"
done
