#!/usr/bin/env bash
# `lobbywall user …` and the owner of the account database: run by root, the
# files end up belonging to the owner of the state folder (the service user);
# run by a third user, it refuses and names the command to use. Needs root
# (to make a folder that belongs to someone else) and setpriv; skipped (77)
# otherwise.
#
#   test_user_owner.sh CASE LOBBYWALL_EXE      CASE: root-gives other-refused
set -euo pipefail

case_name=$1 exe=$2
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
command -v setpriv >/dev/null || { echo "skip: needs setpriv"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# A state folder that belongs to a user that is not root: uid/gid 4711.
state="$work/state"
mkdir -p "$state"
chown 4711:4712 "$state"
chmod 0750 "$state"
chmod 0755 "$work"

case $case_name in
root-gives)
    printf 'correct horse battery staple\n' |
        STATE_DIRECTORY="$state" "$exe" user add ana --role admin >"$work/out" 2>&1 || fail "user add failed: $(cat "$work/out")"
    [ -f "$state/accounts.db" ] || fail "no accounts.db"
    owners=$(find "$state" -mindepth 1 -printf '%u:%g %p\n' | grep -v '^4711:4712 ' || true)
    [ -z "$owners" ] || fail "files not given to the folder's owner: $owners"
    # The service user (4711) can read and change them afterwards.
    setpriv --reuid=4711 --regid=4712 --clear-groups env STATE_DIRECTORY="$state" "$exe" user list >"$work/list" 2>&1 ||
        fail "the owner cannot read the accounts: $(cat "$work/list")"
    grep -qP '^ana\tadmin\t' "$work/list" || fail "ana is not listed: $(cat "$work/list")"
    ;;
other-refused)
    status=0
    setpriv --reuid=65534 --regid=65534 --clear-groups env STATE_DIRECTORY="$state" "$exe" user add bo \
        </dev/null >"$work/out" 2>&1 || status=$?
    [ "$status" -eq 1 ] || fail "exit status $status, expected 1: $(cat "$work/out")"
    grep -qF "belongs to the user 4711" "$work/out" || fail "no owner named: $(cat "$work/out")"
    grep -qF 'run `sudo lobbywall user add bo`' "$work/out" || fail "no command to use: $(cat "$work/out")"
    [ ! -e "$state/accounts.db" ] || fail "a database was written"
    ;;
*) fail "unknown case" ;;
esac
echo "ok: $case_name"
