#!/usr/bin/env bash
# Builds lobbywall and runs every test. Installs missing Debian packages first.
# Usage: scripts/run-tests.sh [extra ctest arguments, e.g. -R test_core]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOBBYWALL_ONLY="" >/dev/null
cmake --build build -j"$(nproc)"
cd build
# GL tests need a display: a private Xvfb when there is none.
exec ../scripts/with-display.sh ctest --output-on-failure "$@"
