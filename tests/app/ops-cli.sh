#!/usr/bin/env bash
# The operations side of the real program, end to end (CTest "test_app: ops"):
# lobbywall --headless polls a JSON Feed served on 127.0.0.1, serves
# /metrics (checked by promtool), `lobbywall backup` copies it while it runs,
# `lobbywall restore` puts the copy into fresh folders, and a second
# lobbywall started on them shows the same posts and accounts.
#   ops-cli.sh LOBBYWALL_EXE
set -euo pipefail
exe="$1"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "ops: FAILED: $*" >&2; for f in "$work"/*.log; do echo "--- $f"; tail -20 "$f"; done >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A feed of three posts, served by Python's http.server on a free port.
mkdir -p "$work/www"
python3 - "$work/www/feed.json" <<'PY'
import json, sys
items = [{"id": f"https://news.example/{i}", "url": f"https://news.example/{i}",
          "content_text": f"The garden on ward {i} is open again", "date_published": "2026-12-05T08:00:00Z"}
         for i in range(3)]
json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "News", "items": items}, open(sys.argv[1], "w"))
PY
feed_port="$(free_port)"
python3 -m http.server "$feed_port" --bind 127.0.0.1 --directory "$work/www" > "$work/feed.log" 2>&1 &
pids+=($!)

config() {  # config NAME METRICS_PORT
  cat > "$work/$1.toml" <<TOML
[paths]
state_dir = "$work/$1/state"
cache_dir = "$work/$1/cache"
[server]
listen = "127.0.0.1:$(free_port)"
metrics_listen = "127.0.0.1:$2"
[[source]]
name = "news"
kind = "web_feed"
url = "http://127.0.0.1:$feed_port/feed.json"
TOML
}
metric() {  # metric PORT LINE-PREFIX: the value, or nothing
  curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v p="$2" 'index($0, p " ") == 1 { print $2 }'
}
wait_metric() {  # wait_metric PORT LINE-PREFIX VALUE
  for _ in $(seq 1 150); do
    [ "$(metric "$1" "$2")" = "$3" ] && return 0
    sleep 0.2
  done
  fail "$2 never became $3 on port $1 (last: '$(metric "$1" "$2")')"
}

port1="$(free_port)"
config first "$port1"
printf 'correct horse battery\ncorrect horse battery\n' | "$exe" --config "$work/first.toml" user add ana --role admin > /dev/null
"$exe" --config "$work/first.toml" --headless > "$work/first.log" 2>&1 &
pids+=($!)
wait_metric "$port1" 'lobbywall_posts{state="pending"}' 3
wait_metric "$port1" 'lobbywall_source_polls_total{source="news",outcome="fresh"}' 1
curl -s "http://127.0.0.1:$port1/metrics" | promtool check metrics || fail "promtool refused /metrics"

"$exe" --config "$work/first.toml" backup "$work/backup" > "$work/backup.log" 2>&1 || fail "backup failed"
grep -q "^backed up 2 database(s) (" "$work/backup.log" || fail "backup said: $(cat "$work/backup.log")"
for db in lobbywall.db accounts.db; do
  [ -f "$work/backup/state/$db" ] || fail "the backup misses $db"
done

port2="$(free_port)"
config second "$port2"
"$exe" --config "$work/second.toml" restore "$work/backup" > "$work/restore.log" 2>&1 || fail "restore failed"
"$exe" --config "$work/second.toml" user list | grep -q "^ana" || fail "the account did not come back"
sed -i 's|^url = .*|url = "http://127.0.0.1:1/feed.json"|' "$work/second.toml"  # no network for the new box
"$exe" --config "$work/second.toml" --headless > "$work/second.log" 2>&1 &
pids+=($!)
wait_metric "$port2" 'lobbywall_posts{state="pending"}' 3
echo "ops: ok (metrics, backup while running, restore into fresh folders)"
