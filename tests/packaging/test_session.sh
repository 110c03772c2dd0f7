#!/usr/bin/env bash
# Tests of packaging/session/lobbywall-session with a stand-in lobbywall: how
# each end of the wall is reported, the fallback picture between tries with a
# growing pause, and a clean stop. No cage, no display: the session is a
# plain program between cage and lobbywall.
#
#   test_session.sh CASE      CASE: crashes stop fallback-fails
set -euo pipefail

case_name=$1
session="$(cd "$(dirname "$0")/../../packaging/session" && pwd)/lobbywall-session"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL ($case_name): $*" >&2
    echo "--- session log:" >&2
    cat "$work/log" >&2 2>/dev/null || true
    echo "--- calls:" >&2
    cat "$work/calls" >&2 2>/dev/null || true
    exit 1
}
expect_log() { grep -qF -- "$1" "$work/log" || fail "the log does not say '$1'"; }
# expect_end HOW N PAUSE: the line for the Nth failure in a row (its run time
# in seconds may be 0 or 1).
expect_end() {
    grep -qE -- "^lobbywall-session: the wall $1 after [0-9]+ s \\(failure $2 in a row\\); showing the fallback picture and starting it again in $3 s$" "$work/log" ||
        fail "the log has no line for failure $2: the wall $1, next try in $3 s"
}

# The stand-in: each run takes the next line of $work/script: "segv", "abort",
# "exit N", "hold" (runs until SIGTERM, then exits 0 as lobbywall does) or
# "stop" (exit 0 at once). Every call and its arguments go to $work/calls.
cat >"$work/lobbywall" <<EOF
#!/usr/bin/env bash
n=\$(( \$(wc -l <"$work/calls" 2>/dev/null || echo 0) + 1 ))
echo "\$* WATCHDOG_PID=\${WATCHDOG_PID:-unset}" >>"$work/calls"
action=\$(sed -n "\${n}p" "$work/script")
case \$action in
    segv) kill -SEGV \$\$ ;;
    abort) kill -ABRT \$\$ ;;
    exit*) exit \${action#exit } ;;
    hold) trap 'echo TERM >>"$work/terms"; exit 0' TERM; for _ in \$(seq 600); do sleep 0.1; done; exit 9 ;;
    stop) exit 0 ;;
    *) exit 42 ;;
esac
EOF
chmod +x "$work/lobbywall"
echo '# a fallback config' >"$work/fallback.toml"
export LOBBYWALL_BIN="$work/lobbywall" LOBBYWALL_FALLBACK_CONFIG="$work/fallback.toml"
export LOBBYWALL_SESSION_PAUSE=1 LOBBYWALL_SESSION_MAX_PAUSE=2 LOBBYWALL_SESSION_GOOD_RUN=600
export WATCHDOG_PID=4242
unset JOURNAL_STREAM

# run_session EXPECTED_STATUS ARGS...: bounded by 60 s.
run_session() {
    local expected=$1 status=0
    shift
    timeout 60 "$session" "$@" 2>"$work/log" || status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected"
}

case $case_name in
crashes)
    # wall: SEGV, fallback (runs out its pause), wall: exit 3, fallback,
    # wall: ABRT, fallback, wall stops cleanly.
    printf '%s\n' segv hold "exit 3" hold abort hold stop >"$work/script"
    run_session 0 --verbose
    expect_end "was killed by signal 11 \\(SEGV\\)" 1 1
    expect_end "exited with status 3" 2 2
    # The pause stops growing at the maximum.
    expect_end "was killed by signal 6 \\(ABRT\\)" 3 2
    [ "$(wc -l <"$work/calls")" -eq 7 ] || fail "expected 7 runs"
    # The pause ends with SIGKILL: a lobbywall stopped with SIGTERM tells
    # systemd STOPPING=1, and systemd would stop the whole service.
    [ ! -e "$work/terms" ] || fail "the fallback was ended with SIGTERM $(wc -l <"$work/terms") time(s)"
    # The wall gets the session's arguments, the fallback its own config;
    # neither sees the cage's WATCHDOG_PID.
    [ "$(sed -n 1p "$work/calls")" = "--verbose WATCHDOG_PID=unset" ] || fail "the wall's arguments: $(sed -n 1p "$work/calls")"
    [ "$(sed -n 2p "$work/calls")" = "--config $work/fallback.toml WATCHDOG_PID=unset" ] ||
        fail "the fallback's arguments: $(sed -n 2p "$work/calls")"
    ;;
stop)
    # A stop while the fallback is up (systemctl stop: SIGTERM to lobbywall)
    # ends the session at once with status 0, not another try.
    printf '%s\n' "exit 1" stop >"$work/script"
    run_session 0
    expect_log "the wall exited with status 1"
    [ "$(wc -l <"$work/calls")" -eq 2 ] || fail "expected the wall and the fallback only"
    ;;
fallback-fails)
    # The fallback cannot run either: said once, the pause is kept (a sleep),
    # then the wall is tried again.
    printf '%s\n' "exit 1" "exit 5" stop >"$work/script"
    start=$(date +%s)
    run_session 0
    expect_log "the fallback picture exited with status 5 as well"
    [ $(($(date +%s) - start)) -ge 1 ] || fail "the pause was skipped"
    [ "$(wc -l <"$work/calls")" -eq 3 ] || fail "expected 3 runs"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "ok: $case_name"
