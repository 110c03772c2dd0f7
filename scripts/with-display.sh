#!/usr/bin/env bash
# Runs a command with a display: the current one if DISPLAY is set, else a
# private Xvfb (1920x1080, 24-bit, Mesa's llvmpipe for OpenGL) that is
# stopped again when the command ends.
set -euo pipefail
if [ -n "${DISPLAY:-}" ]; then
  exec "$@"
fi
xvfb_pid=""
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; true' EXIT
# Take the first display number with no lock file and no socket, starting
# high so as not to meet desktop sessions; Xvfb writes the lock file itself,
# so other Xvfb users (xvfb-run -a) see the number as taken.
for n in $(seq 90 160); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
  Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do  # up to 10 s for the socket to appear
    [ -S "/tmp/.X11-unix/X$n" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$xvfb_pid" 2>/dev/null && [ -S "/tmp/.X11-unix/X$n" ]; then
    export DISPLAY=":$n"
    "$@"
    exit $?
  fi
  xvfb_pid=""
done
echo "with-display: Xvfb did not start; is the xvfb package installed?" >&2
exit 1
