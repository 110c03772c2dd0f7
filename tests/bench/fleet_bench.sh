#!/usr/bin/env bash
# The fleet benchmark (tests/bench/README.md): a hub (lobbywall --headless,
# role "hub", a feed of text posts held for approval) and N simulated screens
# in one process (fleet_sim: the real sync client, each with its own store),
# straight to the hub or through Debian's nginx with packaging/nginx/.
# Prints the kill switch and approval latencies over every screen, the
# requests per second, the hub's CPU and memory, and what reached the hub
# through nginx. Not a test: numbers to read.
#
#   tests/bench/fleet_bench.sh [screens] [direct|nginx] [poll_ms] [idle_s]
set -euo pipefail
screens="${1:-200}"
mode="${2:-direct}"
poll_ms="${3:-2000}"
idle_s="${4:-30}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
cmake --build "$build" -j2 --target lobbywall fleet_sim >/dev/null
bin="$build/app/lobbywall"
work="$(mktemp -d "${TMPDIR:-/tmp}/lobbywall-fleet-bench-XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
feed_port=$(port); hub_port=$(port); nginx_port=$(port)

# A feed of text posts, all held for approval: one is approved per round.
mkdir -p "$work/feed"
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench news</title><link>https://bench.example/</link><description>d</description>'
  for i in 1 2 3 4 5 6; do
    echo "<item><guid>https://bench.example/post-$i</guid><title>Bench post $i</title><description>Text only post number $i.</description><pubDate>$(date -u -R -d "-$i min")</pubDate></item>"
  done
  echo '</channel></rss>'
} > "$work/feed/feed.xml"
(cd "$work/feed" && exec python3 -m http.server "$feed_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)

cat > "$work/hub.toml" <<TOML
[paths]
state_dir = "$work/hub/state"
cache_dir = "$work/hub/cache"
[server]
listen = "127.0.0.1:$hub_port"
[fleet]
role = "hub"
hub_name = "Bench hub"
[[source]]
name = "news"
kind = "web_feed"
url = "http://127.0.0.1:$feed_port/feed.xml"
approval = "manual"
poll_seconds = 30
TOML
printf 'correct horse battery\ncorrect horse battery\n' | "$bin" --config "$work/hub.toml" user add ana --role admin >/dev/null
"$bin" --config "$work/hub.toml" --headless > "$work/hub.log" 2>&1 & hub_pid=$!; pids+=($hub_pid)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$hub_port/" >/dev/null && break; sleep 0.1; done
sleep 2  # the first poll of the feed

sync_url="http://127.0.0.1:$hub_port"
ca_args=()
if [ "$mode" = nginx ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/hub.key" -out "$work/hub.crt" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
  mkdir -p "$work/nginx-tmp"
  sed -e "s|listen 443 ssl;|listen 127.0.0.1:$nginx_port ssl;|" -e "/listen \[::\]:443 ssl;/d" \
      -e "s|/var/cache/nginx/lobbywall|$work/nginx-cache|" -e "s|/run/nginx-lobbywall-auth|$work/nginx-auth|" \
      -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$hub_port;|" \
      -e "s|/etc/lobbywall/tls/hub.crt|$work/hub.crt|" -e "s|/etc/lobbywall/tls/hub.key|$work/hub.key|" \
      "$repo/packaging/nginx/lobbywall-hub.conf" > "$work/site.conf"
  user_line=""; [ "$(id -u)" = 0 ] && user_line="user root root;"
  cat > "$work/nginx.conf" <<NGINX
$user_line
daemon off;
worker_processes 1;
worker_rlimit_nofile 8192;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  log_format upstream '\$uri \$upstream_cache_status \$upstream_addr';
  access_log $work/nginx-access.log upstream;
  log_subrequest on;
  client_body_temp_path $work/nginx-tmp/body; proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fcgi; uwsgi_temp_path $work/nginx-tmp/uwsgi; scgi_temp_path $work/nginx-tmp/scgi;
  include $work/site.conf;
}
NGINX
  /usr/sbin/nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" & pids+=($!)
  sleep 1
  sync_url="https://127.0.0.1:$nginx_port"
  ca_args=(--ca "$work/hub.crt")
fi

ulimit -n 65536 2>/dev/null || ulimit -n 8192 || true
echo "fleet_bench: $screens screens, $mode, poll every $poll_ms ms; load $(cut -d' ' -f1-3 /proc/loadavg)"
sim_start=$(date +%s)
nice -n 10 "$build/tests/bench/fleet_sim" --console "http://127.0.0.1:$hub_port" --sync "$sync_url" "${ca_args[@]}" \
  --screens "$screens" --work "$work/screens" --poll-ms "$poll_ms" --idle-s "$idle_s" --hub-pid "$hub_pid" --rounds 3
sim_s=$(( $(date +%s) - sim_start ))
echo "fleet_sim ran $sim_s s (pairing included)"
if [ "$mode" = nginx ]; then
  # One line per request and per token check; "MISS", "EXPIRED" or "-" with an address went to the hub.
  log="$work/nginx-access.log"
  total=$(grep -cv '^/_lobbywall_auth ' "$log" || true)
  walls=$(grep -c '^/api/sync/v1/wall \(MISS\|EXPIRED\|STALE\) ' "$log" || true)
  auths=$(grep -c '^/_lobbywall_auth \(MISS\|EXPIRED\) ' "$log" || true)
  other=$(grep -v '^/_lobbywall_auth \|^/api/sync/v1/wall \|^/api/sync/v1/media/' "$log" | grep -c ' 127.0.0.1:' || true)
  echo "nginx: $total requests from the screens; to the hub: $walls wall documents, $auths token checks, $other others (pairing, status)"
  echo "nginx: per second over the run: $(( total / sim_s )) from the screens, $(( (walls + auths + other) / sim_s )) to the hub ($(( walls / sim_s )) documents)"
fi
echo "hub threads: $(ls /proc/$hub_pid/task | wc -l)"
