#!/usr/bin/env bash
# Resident memory of a wall showing real-world text: a JSON Feed served on
# 127.0.0.1 (python3's http.server) with 24 posts carrying colour emoji,
# Japanese/Chinese text and pictures, auto-approved, drawn at 1920x1080. The
# demo has neither emoji nor CJK, and each costs font memory of its own.
# Not a test: run it and read the numbers.
# Usage: tests/bench/content_bench.sh [seconds-before-measuring]   (Xvfb when DISPLAY is unset)
# LOBBYWALL_EXE=path measures another binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${LOBBYWALL_EXE:-$root/build/app/lobbywall}"
settle="${1:-30}"
if [ -z "${DISPLAY:-}" ]; then exec "$root/scripts/with-display.sh" "$0" "$@"; fi
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; [ -n "${KEEP:-}" ] && echo "kept $work"' EXIT
mkdir -p "$work/www" "$work/state" "$work/cache"
cp "$root"/assets/demo/images/*.jpg "$work/www/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$work/www" "$port" <<'PY'
import json, os, sys, datetime
www, port = sys.argv[1], sys.argv[2]
pictures = sorted(f for f in os.listdir(www) if f.endswith(".jpg"))
lines = [
    "Thank you to the night team on ward 4 🙏❤️ you made a long week bearable 🌙",
    "First steps after the knee op! 🦵💪 physio says stairs tomorrow 🎉",
    "The new garden is open 🌷🌻🌳 come and sit in the sun ☀️",
    "Blood donors, you are heroes 🩸🦸‍♀️ 42 units this week 👏👏",
    "ありがとうございました。看護師の皆さんに心から感謝します 🌸",
    "感谢所有医护人员的辛勤付出！祝大家健康 💐",
    "Our volunteers knitted 200 hats for the newborns 🧶👶💙",
    "Coffee cart is back in the main lobby ☕🥐 from 8 am",
    "Cake for the cleaning team today 🎂🧹 thank you for everything",
    "Family photo day on the children's ward 📸🧸🎈",
    "새로운 병동이 문을 열었습니다 🏥 감사합니다",
    "Music in the atrium this Friday 🎻🎹🎶 all welcome",
]
items = []
now = datetime.datetime.now(datetime.timezone.utc)
for i in range(24):
    item = {
        "id": f"bench-{i}",
        "url": f"https://news.example/posts/{i}",
        "content_text": lines[i % len(lines)],
        "date_published": (now - datetime.timedelta(minutes=7 * i + 1)).isoformat(),
        "authors": [{"name": f"Friend of the hospital {i}"}],
    }
    if i % 2 == 0:
        item["image"] = f"http://127.0.0.1:{port}/{pictures[i // 2 % len(pictures)]}"
    items.append(item)
feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": items}
with open(os.path.join(www, "feed.json"), "w", encoding="utf-8") as f:
    json.dump(feed, f, ensure_ascii=False)
PY
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
pids+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/feed.json" && break; sleep 0.1; done
cat >"$work/wall.toml" <<TOML
[wall]
hospital_name = "St. Vincent's Hospital"
page_seconds = 3600
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
poll_seconds = 3600
TOML
"$exe" --config "$work/wall.toml" -v 2>"$work/log" &
pid=$!
pids+=($pid)
for _ in $(seq 300); do grep -q "first frame" "$work/log" && break; sleep 0.1; done
sleep "$settle"
if ! kill -0 "$pid" 2>/dev/null; then echo "lobbywall stopped:"; tail -5 "$work/log"; exit 1; fi
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
heap=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{h = ($6 == "[heap]")} h && /^Rss:/ {s += $2} END {print s + 0}' "/proc/$pid/smaps")
fonts=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{f = ($6 ~ /\/fonts\//)} f && /^Rss:/ {s += $2} END {print s + 0}' "/proc/$pid/smaps")
echo "posts on screen: $(grep -c 'texture ' "$work/log" || true) textures; $(grep -o 'font atlas [0-9x]* for [0-9]* characters' "$work/log" | tail -1)"
echo "resident memory: $((rss / 1024)) MB now, $((hwm / 1024)) MB peak; heap $((heap / 1024)) MB, font files $((fonts / 1024)) MB"
