#!/usr/bin/env bash
# End-to-end tests of packaging/provision/lobbywall-provision in a temporary
# fake root: a boot partition, /etc/lobbywall and /var/lib/lobbywall made by
# the test, the real lobbywall binary for check-config. The real /etc and
# /boot are never touched.
#
#   test_provision.sh CASE LOBBYWALL_EXE TEST_DATA_DIR
# CASE: good bad syntax idempotent serial users-real users missing-binary
#       hostname windows-files unknown-files unprovisioned apt-repo timezone
#       network ca
set -euo pipefail

case_name=$1 exe=$2 data=$3
script="$(cd "$(dirname "$0")/../../packaging/provision" && pwd)/lobbywall-provision"
[ -x "$script" ] || { echo "FAIL: $script is not executable" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot" "$root/etc/lobbywall" "$root/var/lib/lobbywall" "$root/serial"
export LOBBYWALL_BOOT_DIR="$root/boot"
export LOBBYWALL_CONFIG_DIR="$root/etc/lobbywall"
export LOBBYWALL_STATE_DIR="$root/var/lib/lobbywall"
export LOBBYWALL_CACHE_DIR="$root/var/cache/lobbywall"
export LOBBYWALL_BIN="$exe"
export LOBBYWALL_HOSTNAME="lobby-3"
export LOBBYWALL_RUN_AS="lobbywall-test-nobody"   # no such user: run as ourselves
export LOBBYWALL_HOSTNAME_FILE="$root/etc/hostname" LOBBYWALL_HOSTS_FILE="$root/etc/hosts"
echo lobby-3 >"$root/etc/hostname"
export LOBBYWALL_APT_DIR="$root/etc/apt" LOBBYWALL_LOCALTIME="$root/etc/localtime" LOBBYWALL_ZONEINFO="$root/zoneinfo"
export LOBBYWALL_SYSTEMD_DIR="$root/etc/systemd" LOBBYWALL_CA_DIR="$root/ca-certificates"
mkdir -p "$root/zoneinfo/Europe" && printf 'TZif-stand-in\n' >"$root/zoneinfo/Europe/London"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tlobby-3\n' >"$root/etc/hosts"
export LOBBYWALL_SERIAL_SOURCES="$root/serial/missing $root/serial/placeholder $root/serial/real"
printf '0000000000000000\0' >"$root/serial/placeholder"
printf '10000000a1b2c3d4\0' >"$root/serial/real"
unset JOURNAL_STREAM

boot="$root/boot" etc="$root/etc/lobbywall" state="$root/var/lib/lobbywall"
drop_in="$etc/conf.d/50-provisioned.toml"
old_config=$'[wall]\nhospital_name = "Old config"\n'
printf '%s' "$old_config" >"$etc/lobbywall.toml"

fail() {
    echo "FAIL ($case_name): $*" >&2
    echo "--- provisioning log:" >&2
    cat "$root/log" >&2 2>/dev/null || true
    exit 1
}
# run_provision EXPECTED_STATUS: runs the script, its stderr to $root/log.
run_provision() {
    local expected=$1 status=0
    "$script" 2>"$root/log" || status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected"
}
expect_file() { [ -f "$1" ] || fail "missing $1"; }
expect_no_file() { [ ! -e "$1" ] || fail "$1 should not exist"; }
expect_contains() { grep -qF -- "$2" "$1" || fail "$1 does not contain '$2'"; }
expect_old_config() {
    [ "$(cat "$etc/lobbywall.toml")" = "$(printf '%s' "$old_config")" ] || fail "the old config was changed"
}
# No temporary candidate may be left next to the config.
expect_no_leftovers() {
    local left
    left=$(find "$etc" "$state" -name '.*.toml.*' -o -name '*.tmp' -o -name '.hostname-problem')
    [ -z "$left" ] || fail "temporary files left behind: $left"
}

good_config() {
    cat >"$boot/lobbywall.toml" <<'EOF'
# Provisioned from the boot partition.
[wall]
hospital_name = "St. Vincent's {hostname} ({serial})"
page_seconds = 20

[[prompt]]
text = "Share your story with"
hashtag = "StVincentsCares"
url = "https://example.org/wall/{serial}"
EOF
}

users_file() {
    cat >"$boot/lobbywall-users.txt" <<'EOF'
# name role password
alice admin correct-horse-battery
bob moderator s3cret with spaces?

carol
dave viewer pass with  spaces
EOF
}

case $case_name in
good)
    good_config
    run_provision 0
    # The package's conffile is never touched: the config is a drop-in.
    expect_old_config
    expect_file "$drop_in"
    expect_contains "$drop_in" "hospital_name = \"St. Vincent's lobby-3 (10000000a1b2c3d4)\""
    expect_contains "$drop_in" 'url = "https://example.org/wall/10000000a1b2c3d4"'
    if grep -qF '{' "$drop_in"; then fail "placeholders left in the installed config"; fi
    "$exe" check-config "$etc/lobbywall.toml" >"$root/check" || fail "the installed config does not pass check-config"
    expect_contains "$root/check" "+ 1 drop-in(s): ok"
    [ "$(stat -c %a "$drop_in")" = 640 ] || fail "the installed drop-in is not mode 0640"
    expect_no_file "$drop_in.previous"
    expect_no_file "$boot/lobbywall.toml"
    expect_file "$boot/lobbywall.toml.applied"
    expect_no_file "$state/provision-error.txt"
    expect_contains "$root/log" "installed $drop_in"
    # The host name was there already: unchanged.
    [ "$(cat "$root/etc/hostname")" = lobby-3 ] || fail "the host name changed"
    expect_no_leftovers
    ;;
bad | syntax)
    source_file="$data/core/bad.toml"
    [ "$case_name" = syntax ] && source_file="$data/core/syntax.toml"
    # A stale error file from an earlier run is replaced, not appended to.
    echo "stale" >"$state/provision-error.txt"
    cp "$source_file" "$boot/lobbywall.toml"
    run_provision 1
    expect_old_config
    expect_no_file "$drop_in"
    expect_no_file "$boot/lobbywall.toml"
    expect_file "$boot/lobbywall.toml.rejected"
    errors="$state/provision-error.txt"
    expect_file "$errors"
    if grep -q stale "$errors"; then fail "the stale error file was not replaced"; fi
    [ "$(head -n 1 "$errors")" = "Setup problem: the new settings were not used; the wall runs on the previous ones." ] ||
        fail "the notice's title is '$(head -n 1 "$errors")'"
    # The messages name the boot file and its lines, not the temporary copy.
    if [ "$case_name" = bad ]; then
        expect_contains "$errors" "$boot/lobbywall.toml:4: 'wall.page_seconds' must be between 3 and 3600"
        expect_contains "$errors" "$boot/lobbywall.toml:6: unknown key 'wall.colour'"
        [ "$(grep -c "^$boot/lobbywall.toml:[0-9]*: " "$errors")" -eq 5 ] || fail "expected 5 problems in $errors"
    else
        grep -q "^$boot/lobbywall.toml:[0-9]*: " "$errors" || fail "no line-numbered problem in $errors"
    fi
    expect_contains "$root/log" "rejected"
    expect_contains "$root/log" "$boot/lobbywall.toml:"
    expect_no_leftovers
    ;;
idempotent)
    good_config
    run_provision 0
    first=$(cat "$drop_in")
    run_provision 0
    expect_contains "$root/log" "nothing to provision"
    [ "$(cat "$drop_in")" = "$first" ] || fail "a second run changed the config"
    expect_no_file "$drop_in.previous"
    # A later bad file keeps the provisioned config and its notice stays
    # across boots while the rejected file is on the boot partition; a good
    # one after it clears the notice.
    cp "$data/core/bad.toml" "$boot/lobbywall.toml"
    run_provision 1
    [ "$(cat "$drop_in")" = "$first" ] || fail "a rejected file replaced the config"
    expect_file "$state/provision-error.txt"
    run_provision 0
    expect_file "$state/provision-error.txt"
    good_config
    run_provision 0
    expect_no_file "$state/provision-error.txt"
    expect_no_file "$boot/lobbywall.toml.rejected"
    [ "$(cat "$drop_in.previous")" = "$first" ] || fail "no .previous copy of the replaced drop-in"
    expect_old_config
    expect_no_leftovers
    ;;
serial)
    # Sources are tried in order; missing files and placeholder serials are skipped.
    printf '[wall]\nhospital_name = "{serial}"\n' >"$boot/lobbywall.toml"
    run_provision 0
    expect_contains "$drop_in" 'hospital_name = "10000000a1b2c3d4"'
    # Nothing usable: the placeholder becomes "unknown", and quotes in a
    # serial cannot break the TOML.
    export LOBBYWALL_SERIAL_SOURCES="$root/serial/missing $root/serial/placeholder"
    printf '[wall]\nhospital_name = "{serial}"\n' >"$boot/lobbywall.toml"
    run_provision 0
    expect_contains "$drop_in" 'hospital_name = "unknown"'
    printf 'evil"\n[x]\0' >"$root/serial/real"
    export LOBBYWALL_SERIAL_SOURCES="$root/serial/real"
    printf '[wall]\nhospital_name = "{serial}"\n' >"$boot/lobbywall.toml"
    run_provision 0
    expect_contains "$drop_in" 'hospital_name = "evil___x"'
    ;;
users-real)
    # The real lobbywall creates the accounts: they are in its database with
    # their roles afterwards, the bad lines are reported, no password is logged.
    good_config
    users_file
    run_provision 1
    expect_no_file "$boot/lobbywall-users.txt"
    STATE_DIRECTORY="$state" "$exe" user list >"$root/users" || fail "user list failed"
    grep -qP '^alice\tadmin\t' "$root/users" || fail "alice is not an admin: $(cat "$root/users")"
    grep -qP '^bob\tmoderator\t' "$root/users" || fail "bob is not a moderator: $(cat "$root/users")"
    if grep -q '^dave' "$root/users"; then fail "dave (role viewer) was created"; fi
    errors="$state/provision-error.txt"
    [ "$(head -n 1 "$errors")" = "Setup problem: some staff accounts were not created; the settings were applied." ] ||
        fail "the notice's title is '$(head -n 1 "$errors")'"
    expect_contains "$errors" "lobbywall-users.txt:5: expected NAME ROLE PASSWORD"
    expect_contains "$errors" "lobbywall-users.txt:6: the account was not created"
    # The journal says who and why; the wall's notice never names staff.
    expect_contains "$root/log" "lobbywall-users.txt:6: could not create the account 'dave'"
    expect_contains "$root/log" 'not "viewer"'
    if grep -Eq "alice|bob|carol|dave" "$errors"; then fail "an account name reached the error file"; fi
    if grep -q "correct-horse\|s3cret" "$errors" "$root/log"; then fail "a password reached the log or the error file"; fi
    expect_contains "$root/log" "created 2 account(s)"
    # Running it again with the same file: the names are taken, nothing else changes.
    users_file
    run_provision 1
    expect_contains "$root/log" "could not create the account 'alice'"
    [ "$(STATE_DIRECTORY="$state" "$exe" user list | wc -l)" -eq 2 ] || fail "accounts changed on the second run"
    ;;
users)
    # A stand-in for a lobbywall that has `user add`: it records each call and
    # the password it read on stdin, and refuses the user "bob".
    fake="$root/fake-lobbywall"
    cat >"$fake" <<EOF
#!/usr/bin/env bash
if [ "\$1" = check-config ]; then exec "$exe" "\$@"; fi
if [ "\$1 \$2" = "user add" ]; then
    [ "\${3:-}" = --help ] && { echo "Usage: lobbywall user add NAME --role ROLE"; exit 0; }
    IFS= read -r password
    [ "\$3" = bob ] && { echo "bob: that name is taken" >&2; exit 1; }
    echo "\$3|\$4|\$5|\$password|\$STATE_DIRECTORY" >>"$root/calls"
    exit 0
fi
exit 2
EOF
    chmod +x "$fake"
    export LOBBYWALL_BIN="$fake"
    users_file
    run_provision 1
    expect_no_file "$boot/lobbywall-users.txt"
    [ "$(cat "$root/calls")" = "alice|--role|admin|correct-horse-battery|$state
dave|--role|viewer|pass with  spaces|$state" ] ||
        fail "unexpected user add calls: $(cat "$root/calls")"
    errors="$state/provision-error.txt"
    expect_contains "$errors" "lobbywall-users.txt:3: the account was not created"
    expect_contains "$root/log" "lobbywall-users.txt:3: could not create the account 'bob': bob: that name is taken"
    expect_contains "$errors" "lobbywall-users.txt:5: expected NAME ROLE PASSWORD"
    if grep -q "correct-horse" "$errors" "$root/log"; then fail "a password reached the log or the error file"; fi
    expect_contains "$root/log" "created 2 account(s)"
    expect_old_config
    ;;
missing-binary)
    # Without a lobbywall to check it, the file is neither applied nor
    # rejected: it stays for the next boot.
    export LOBBYWALL_BIN="$root/no-such-lobbywall"
    good_config
    run_provision 1
    expect_file "$boot/lobbywall.toml"
    expect_old_config
    expect_contains "$root/log" "is missing"
    ;;
hostname)
    # No host name yet (an image ships none): one from the serial number.
    : >"$root/etc/hostname"
    run_provision 0
    [ "$(cat "$root/etc/hostname")" = lobbywall-a1b2c3d4 ] || fail "host name '$(cat "$root/etc/hostname")'"
    expect_contains "$root/etc/hosts" "$(printf '127.0.1.1\tlobbywall-a1b2c3d4')"
    expect_contains "$root/etc/hosts" "$(printf '127.0.0.1\tlocalhost')"
    # From the boot partition, with {serial}, cleaned up to a valid name,
    # before the config's {hostname} is filled in.
    printf '\xEF\xBB\xBF# the name\r\nLobby_{serial}.Ward 4\r\n' >"$boot/lobbywall-hostname.txt"
    printf '[wall]\nhospital_name = "{hostname}"\n' >"$boot/lobbywall.toml"
    run_provision 0
    [ "$(cat "$root/etc/hostname")" = lobby-10000000a1b2c3d4-ward-4 ] || fail "host name '$(cat "$root/etc/hostname")'"
    expect_contains "$root/etc/hosts" "$(printf '127.0.1.1\tlobby-10000000a1b2c3d4-ward-4')"
    expect_contains "$drop_in" 'hospital_name = "lobby-10000000a1b2c3d4-ward-4"'
    expect_file "$boot/lobbywall-hostname.txt.applied"
    expect_no_file "$boot/lobbywall-hostname.txt"
    # Nothing usable in the file: reported, the name stays.
    printf '%s\n' '---' >"$boot/lobbywall-hostname.txt"
    run_provision 1
    [ "$(cat "$root/etc/hostname")" = lobby-10000000a1b2c3d4-ward-4 ] || fail "a bad name replaced the host name"
    expect_contains "$state/provision-error.txt" "has no letters or digits"
    expect_no_leftovers
    ;;
windows-files)
    # Notepad's hidden .txt, a byte order mark and CRLF line ends.
    printf '\xEF\xBB\xBF[wall]\r\nhospital_name = "From Windows"\r\n' >"$boot/lobbywall.toml.txt"
    printf '\xEF\xBB\xBFalice admin correct horse\r\n' >"$boot/lobbywall-users.txt"
    run_provision 0
    expect_contains "$drop_in" 'hospital_name = "From Windows"'
    if grep -q $'\r' "$drop_in"; then fail "CR left in the installed drop-in"; fi
    expect_file "$boot/lobbywall.toml.applied"
    expect_no_file "$boot/lobbywall.toml.txt"
    STATE_DIRECTORY="$state" "$exe" user list >"$root/users" || fail "user list failed"
    grep -qP '^alice\tadmin\t' "$root/users" || fail "the first account after a BOM was lost: $(cat "$root/users")"
    # The password has no CR: it logs in with what was typed.
    ;;
unknown-files)
    good_config
    printf 'x\n' >"$boot/lobbywall.tml"
    run_provision 1
    expect_file "$drop_in"
    expect_contains "$state/provision-error.txt" "lobbywall.tml: not a name lobbywall reads"
    # Reported again on a boot with nothing else to do.
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall.tml: not a name lobbywall reads"
    ;;
unprovisioned)
    # Nothing on the boot partition and never provisioned: the wall says so,
    # with the host name and what to do; no account or password anywhere.
    run_provision 0
    errors="$state/provision-error.txt"
    expect_contains "$errors" "This screen is not set up yet: host name lobby-3, serial 10000000a1b2c3d4."
    expect_contains "$errors" "Put lobbywall.toml (and lobbywall-users.txt) on the boot partition LWBOOT"
    good_config
    run_provision 0
    expect_no_file "$errors"
    run_provision 0
    expect_no_file "$errors"
    ;;
apt-repo)
    # IT's repository: address and key installed for apt; a key that is not
    # one, or a file without its partner, is refused with its line.
    printf '\xEF\xBB\xBF# our packages\r\nhttps://it.hospital.example/lobbywall\r\n' >"$boot/lobbywall-apt.txt"
    printf -- '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ\n-----END PGP PUBLIC KEY BLOCK-----\n' >"$boot/lobbywall-apt.asc"
    good_config
    run_provision 0
    sources="$root/etc/apt/sources.list.d/lobbywall.sources"
    expect_contains "$sources" "URIs: https://it.hospital.example/lobbywall"
    expect_contains "$sources" "Signed-By: $root/etc/apt/keyrings/lobbywall.asc"
    expect_contains "$sources" "Suites: bookworm"
    expect_contains "$root/etc/apt/keyrings/lobbywall.asc" "BEGIN PGP PUBLIC KEY BLOCK"
    expect_file "$boot/lobbywall-apt.txt.applied"
    expect_file "$boot/lobbywall-apt.asc.applied"
    printf 'ftp://nope\n' >"$boot/lobbywall-apt.txt"
    printf 'not a key\n' >"$boot/lobbywall-apt.asc"
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall-apt.txt:1: \"ftp://nope\" is not an http(s):// address"
    expect_contains "$sources" "URIs: https://it.hospital.example/lobbywall"
    printf 'https://it.hospital.example/other\n' >"$boot/lobbywall-apt.txt"
    printf 'not a key\n' >"$boot/lobbywall-apt.asc"
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall-apt.asc:1: not an OpenPGP public key"
    [ "$(head -n 1 "$state/provision-error.txt")" = "Setup problem: the update source on the boot partition was not used." ] ||
        fail "the notice's title is '$(head -n 1 "$state/provision-error.txt")'"
    printf 'https://it.hospital.example/other\n' >"$boot/lobbywall-apt.txt"
    run_provision 1
    expect_contains "$state/provision-error.txt" "go together"
    expect_contains "$sources" "URIs: https://it.hospital.example/lobbywall"
    expect_no_leftovers
    ;;
timezone)
    printf 'Europe/London\r\n' >"$boot/lobbywall-timezone.txt"
    run_provision 0
    [ "$(readlink "$root/etc/localtime")" = "$root/zoneinfo/Europe/London" ] || fail "localtime: $(readlink "$root/etc/localtime")"
    expect_file "$boot/lobbywall-timezone.txt.applied"
    for bad in "Mars/Olympus" "../../etc/passwd" "Europe/London; reboot"; do
        printf '%s\n' "$bad" >"$boot/lobbywall-timezone.txt"
        run_provision 1
        expect_contains "$state/provision-error.txt" "is not a time zone name like Europe/London"
        [ "$(readlink "$root/etc/localtime")" = "$root/zoneinfo/Europe/London" ] || fail "a bad zone changed localtime"
    done
    ;;
network)
    cat >"$boot/lobbywall-network.txt" <<'EOF'
# the hospital's network
address = 10.20.30.40/24
gateway = 10.20.30.1
dns = 10.20.0.10 10.20.0.11
ntp = ntp1.hospital.example ntp2.hospital.example
proxy = http://proxy.hospital.example:3128
EOF
    run_provision 0
    net="$root/etc/systemd/network/10-lobbywall-boot.network"
    expect_contains "$net" "Address=10.20.30.40/24"
    expect_contains "$net" "Gateway=10.20.30.1"
    expect_contains "$net" "DNS=10.20.0.10 10.20.0.11"
    expect_contains "$root/etc/systemd/timesyncd.conf.d/lobbywall-boot.conf" "NTP=ntp1.hospital.example ntp2.hospital.example"
    expect_contains "$etc/environment" "https_proxy=http://proxy.hospital.example:3128"
    expect_contains "$root/etc/apt/apt.conf.d/80lobbywall-proxy" 'Acquire::https::Proxy "http://proxy.hospital.example:3128";'
    expect_file "$boot/lobbywall-network.txt.applied"
    # A bad line: reported with its number, nothing written.
    printf 'dns = 10.20.0.10\naddress = 10.20.30.41\nproxy = http://other:3128\n' >"$boot/lobbywall-network.txt"
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall-network.txt:2: address must look like 10.1.2.3/24"
    expect_contains "$net" "Address=10.20.30.40/24"
    expect_contains "$etc/environment" "proxy.hospital.example"
    printf 'wifi = on\n' >"$boot/lobbywall-network.txt"
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall-network.txt:1: unknown setting 'wifi'"
    # DNS alone: DHCP with the hospital's DNS servers; no proxy any more.
    printf 'dns = 10.20.0.10\n' >"$boot/lobbywall-network.txt"
    run_provision 0
    expect_contains "$net" "DHCP=yes"
    expect_no_file "$etc/environment"
    expect_no_file "$root/etc/systemd/timesyncd.conf.d/lobbywall-boot.conf"
    ;;
ca)
    command -v openssl >/dev/null || { echo "skip: openssl is missing"; exit 77; }
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$root/ca.key" \
        -subj "/CN=Hospital Test CA" -days 2 -out "$root/ca.pem" 2>/dev/null
    sed 's/$/\r/' "$root/ca.pem" >"$boot/lobbywall-ca.crt"
    run_provision 0
    cmp -s "$root/ca.pem" "$root/ca-certificates/lobbywall-boot.crt" || fail "the installed certificate differs"
    expect_contains "$root/log" "trusted 1 CA certificate(s)"
    expect_file "$boot/lobbywall-ca.crt.applied"
    printf -- '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n' >"$boot/lobbywall-ca.crt"
    run_provision 1
    expect_contains "$state/provision-error.txt" "lobbywall-ca.crt:1: not PEM certificates"
    cmp -s "$root/ca.pem" "$root/ca-certificates/lobbywall-boot.crt" || fail "a broken file replaced the certificate"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "ok: $case_name"
