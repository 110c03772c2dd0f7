#!/usr/bin/env bash
# The package's preinst (as configured for this build) on a database in a
# temporary state folder: a backup before a schema migration (the newest
# three kept), none when the schema stays, and a refused downgrade when the
# database is newer than this version reads. systemd is kept out of it.
#
#   test_preinst.sh CASE PREINST      CASE: migrate same newer none keep-three
set -euo pipefail

case_name=$1 preinst=$2
command -v python3 >/dev/null || { echo "skip: python3 is missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL ($case_name): $*" >&2; cat "$work/out" >&2 2>/dev/null || true; exit 1; }
export LOBBYWALL_PREINST_STATE="$work/state" LOBBYWALL_PREINST_ACTIVE="$work/active" \
    LOBBYWALL_PREINST_SYSTEMD="$work/no-systemd"
mkdir -p "$work/state"
schema=$(sed -n 's/^SCHEMA=//p' "$preinst")
version=$(sed -n 's/^VERSION="\(.*\)"$/\1/p' "$preinst")
if [ -z "$schema" ] || [ -z "$version" ]; then fail "no SCHEMA or VERSION in $preinst"; fi

# make_db VERSION: a SQLite database with that user_version and one row.
make_db() {
    python3 - "$work/state/lobbywall.db" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE IF NOT EXISTS t(x)")
db.execute("INSERT INTO t VALUES ('decision')")
db.execute(f"PRAGMA user_version = {int(sys.argv[2])}")
db.commit()
PY
}
# run STATUS ARGS...
run() {
    local expected=$1 status=0
    shift
    sh "$preinst" "$@" >"$work/out" 2>&1 || status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected"
}

case $case_name in
migrate)
    make_db $((schema - 1))
    run 0 upgrade 0.0.9-1
    copy="$work/state/backup/schema-$((schema - 1)).from-0.0.9-1/lobbywall.db"
    [ -f "$copy" ] || fail "no backup at $copy: $(find "$work/state")"
    cmp -s "$copy" "$work/state/lobbywall.db" || fail "the backup differs from the database"
    grep -q "migrates the database from schema $((schema - 1)) to $schema; a copy is in" "$work/out" || fail "not said"
    ;;
same)
    make_db "$schema"
    run 0 upgrade 0.0.9-1
    [ ! -e "$work/state/backup" ] || fail "a backup without a migration"
    ;;
newer)
    make_db $((schema + 1))
    run 1 upgrade 9.9.9-1
    grep -q "has schema version $((schema + 1)), which lobbywall $version cannot read (it reads up to $schema; lobbywall 9.9.9-1 migrated it)" "$work/out" ||
        fail "the refusal does not say why"
    grep -q "refusing to install $version over 9.9.9-1" "$work/out" || fail "the refusal does not say what"
    ;;
none)
    run 0 upgrade 0.0.9-1
    run 0 install
    [ ! -e "$work/state/backup" ] || fail "a backup of nothing"
    ;;
keep-three)
    for n in 1 2 3 4 5; do
        make_db $((schema - 1))
        run 0 upgrade "0.0.$n-1"
        sleep 1   # distinct modification times for ls -t
    done
    kept=$(find "$work/state/backup" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
    [ "$kept" = "schema-$((schema - 1)).from-0.0.3-1 schema-$((schema - 1)).from-0.0.4-1 schema-$((schema - 1)).from-0.0.5-1 " ] ||
        fail "kept: $kept"
    ;;
*) fail "unknown case" ;;
esac
echo "ok: $case_name"
