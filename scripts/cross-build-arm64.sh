#!/usr/bin/env bash
# Builds lobbywall_<version>_arm64.deb (Raspberry Pi 4/5, arm64 Debian 12) on
# an amd64 Debian 12 machine, with Debian's multiarch and the cross compiler
# (cmake/toolchain-aarch64-linux-gnu.cmake), then checks it with lintian.
#
#   scripts/cross-build-arm64.sh            configure, build, package, lintian
#   scripts/cross-build-arm64.sh --tests    the same, then the test suite under
#                                           qemu-user (ctest, arm64 executables)
#   BUILD_DIR=... JOBS=...                  build folder (build-arm64), parallel jobs (nproc)
#
# Installs what is missing first (`packaging/setup.sh --with cross`: the cross
# compiler, qemu-user-static and the -dev:arm64 libraries; it adds the arm64
# architecture to dpkg). Output: BUILD_DIR/deb/lobbywall_<version>_arm64.deb.
set -euo pipefail
cd "$(dirname "$0")/.."

run_tests=no
for arg in "$@"; do
  case "$arg" in
    --tests) run_tests=yes ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cross-build-arm64: unknown option '$arg' (try --tests)" >&2; exit 2 ;;
  esac
done
build_dir=${BUILD_DIR:-build-arm64}
jobs=${JOBS:-$(nproc)}

bash packaging/setup.sh --with cross

start=$(date +%s)
cmake -S . -B "$build_dir" --toolchain cmake/toolchain-aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOBBYWALL_ONLY="" >/dev/null
if [ "$run_tests" = yes ]; then
  cmake --build "$build_dir" -j"$jobs"
else
  # The program and what the package holds besides it; not the tests.
  cmake --build "$build_dir" -j"$jobs" --target lobbywall lobbywall_package_docs
fi
rm -rf "$build_dir/deb"
cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$build_dir/deb" >"$build_dir/cpack.log" 2>&1 || {
  cat "$build_dir/cpack.log"
  echo "cross-build-arm64: cpack could not build the package" >&2
  exit 1
}
deb=$(ls "$build_dir"/deb/lobbywall_*_arm64.deb)
echo "cross-build-arm64: built $deb ($(du -k "$deb" | cut -f1) KiB) in $(( $(date +%s) - start )) s"

if command -v lintian >/dev/null; then
  status=0
  out=$(lintian --fail-on error,warning --display-level ">=warning" "$deb" 2>&1) || status=$?
  grep -v "^running with root privileges" <<<"$out" || true
  [ $status -eq 0 ] || { echo "cross-build-arm64: lintian found errors or warnings" >&2; exit 1; }
  echo "cross-build-arm64: lintian clean"
fi

if [ "$run_tests" = yes ]; then
  # Every test command starts with qemu-aarch64-static (CMAKE_CROSSCOMPILING_EMULATOR).
  # The programs the tests start themselves (lobbywall, the crash writer) are
  # arm64 too: the kernel hands them to qemu through binfmt_misc, which the
  # qemu-user-static package registers where systemd runs; in a container it
  # is registered here (root only, once per boot).
  if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    /usr/lib/systemd/systemd-binfmt /usr/lib/binfmt.d/qemu-aarch64.conf
  fi
  cd "$build_dir"
  exec nice -n 10 ../scripts/with-display.sh ctest --output-on-failure -j"$jobs"
fi
