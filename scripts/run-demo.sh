#!/usr/bin/env bash
# Builds lobbywall and starts the demo wall full-screen (Esc is not bound:
# close the window or press Ctrl+C in this terminal). Installs missing Debian
# packages first. Extra arguments go to lobbywall, e.g. --windowed 1280x720.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target lobbywall
exec ./build/app/lobbywall --demo "$@"
