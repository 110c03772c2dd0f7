#!/usr/bin/env bash
# Smoke test of the wall under the cage kiosk compositor, the way the unit
# starts it (`cage -d -- lobbywall`), on cage's headless backend with the
# pixman renderer, so it needs no GPU, no seat and no screen. Not part of
# CTest: cage refuses to run as root, so it runs the wall as an ordinary user
# (created if missing, given as the first argument; default lobbywall-cage),
# who must be able to reach the binary and assets (o+x on their folders).
#
#   tests/packaging/cage-smoke.sh [user] [lobbywall binary]
#
# Passes when lobbywall starts inside cage, reaches its first frame on the
# full-screen output, sends READY=1 to a notify socket, and stops on SIGTERM.
set -euo pipefail
user=${1:-lobbywall-cage}
exe=$(realpath "${2:-build/app/lobbywall}")
[ "$(id -u)" -eq 0 ] || { echo "run as root (to create the user and run cage as it)" >&2; exit 1; }
command -v cage >/dev/null || { echo "cage is not installed (apt-get install cage xwayland)" >&2; exit 1; }
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/run"
chown "$user" "$work" "$work/run"
chmod 700 "$work/run"
# Everything the wall user must read: the binary's folders and the assets.
for d in "$exe" "$(dirname "$exe")"; do chmod o+rx "$d" 2>/dev/null || true; done

# READY=1 arrives on a datagram socket, as under systemd (NotifyAccess=all).
python3 - "$work/notify" >"$work/notify.log" 2>&1 <<'PY' &
import socket, sys, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.settimeout(60)
try:
    while True:
        print(s.recv(4096).decode(), flush=True)
except socket.timeout:
    pass
PY
listener=$!
sleep 0.5

status=0
runuser -u "$user" -- env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$work/run" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 NOTIFY_SOCKET="$work/notify" \
    timeout 90 cage -d -- /bin/sh -c "\"$exe\" --demo >\"$work/wall.log\" 2>&1 & pid=\$!; \
        for i in \$(seq 300); do grep -q 'first frame' \"$work/wall.log\" && break; sleep 0.1; done; \
        sleep 2; kill -TERM \$pid; wait \$pid" >"$work/cage.log" 2>&1 || status=$?
kill "$listener" 2>/dev/null || true
wait "$listener" 2>/dev/null || true

echo "== lobbywall's log"; cat "$work/wall.log"
fail() { echo "FAIL: $*" >&2; echo "== cage's log" >&2; grep -v DEBUG "$work/cage.log" | tail -20 >&2; exit 1; }
[ "$status" -eq 0 ] || fail "cage exited with status $status"
grep -q "first frame on screen" "$work/wall.log" || fail "no first frame"
grep -q "screen 1280x720" "$work/wall.log" || fail "not full-screen on the 1280x720 headless output"
grep -q "READY=1" "$work/notify.log" || fail "no READY=1 on the notify socket"
grep -q "STOPPING=1" "$work/notify.log" || fail "no STOPPING=1 after SIGTERM"
echo "ok: lobbywall ran under cage $(dpkg-query -W -f '${Version}' cage 2>/dev/null): first frame, READY=1, STOPPING=1"
