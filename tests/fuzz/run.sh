#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) in
# build-fuzz/ and runs each for a while, starting from the project's own
# fixtures. Not part of CI: run it by hand and read the result.
# Usage: tests/fuzz/run.sh [seconds-per-target] [target ...]  (as root, or with sudo for setup.sh)
#   default 120 s for each of fuzz_feeds fuzz_text fuzz_config.
# A crash leaves crash-* / leak-* / timeout-* files in build-fuzz/findings/<target>/
# and the script exits non-zero; rerun one with build-fuzz/tests/fuzz/<target> FILE.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_feeds fuzz_text fuzz_config)
"$root/packaging/setup.sh" --with fuzz  # clang and libFuzzer, when missing
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOBBYWALL_FUZZ=ON \
    -DLOBBYWALL_BUILD_WALL=OFF -DLOBBYWALL_BUILD_TESTS=OFF -DLOBBYWALL_ONLY="core;sources;moderation" >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

seeds() {  # the fixtures each target starts from (ours, in tests/data)
    case "$1" in
        fuzz_feeds) echo "$root/tests/data/sources/webfeed $root/tests/data/sources/mastodon $root/tests/data/sources/bluesky" ;;
        fuzz_text) echo "$root/tests/fuzz/seeds/text" ;;
        fuzz_config) echo "$root/tests/fuzz/seeds/config $root/tests/data/core" ;;
    esac
}
failed=()
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    findings="$build/findings/$t"
    mkdir -p "$corpus" "$findings"
    echo "== $t for $seconds s"
    # shellcheck disable=SC2046
    if ! (cd "$findings" && "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 "$corpus" $(seeds "$t") 2>"$findings/log.txt"); then
        failed+=("$t")
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ +DONE" "$findings/log.txt" || true
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]} (see build-fuzz/findings/<target>/log.txt)"
    exit 1
fi
echo "no crash, leak or timeout in: ${targets[*]}"
