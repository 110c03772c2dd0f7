#!/usr/bin/env bash
# Runs a command with a display: the current one if DISPLAY is set, else a
# private Xvfb (1920x1080, 24-bit, Mesa's llvmpipe for OpenGL) that is
# stopped again when the command ends.
set -euo pipefail
if [ -n "${DISPLAY:-}" ]; then
  exec "$@"
fi
fd_file="$(mktemp)"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$fd_file" 2>/dev/null &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -f "$fd_file"' EXIT
for _ in $(seq 100); do  # up to 10 s for Xvfb to report its display number
  [ -s "$fd_file" ] && break
  sleep 0.1
done
if [ ! -s "$fd_file" ]; then
  echo "with-display: Xvfb did not start; is the xvfb package installed?" >&2
  exit 1
fi
export DISPLAY=":$(head -n1 "$fd_file")"
"$@"
