#!/bin/sh
# qemu-guest-checks.sh: runs INSIDE the VM of tests/packaging/qemu-boot.sh, as
# the test-only unit lobbywall-test.service that qemu-boot.sh adds to its copy
# of the image (never part of an image). It writes what it saw under
# /var/log/lobbywall-test/, which qemu-boot.sh reads after power-off.
#
#   identity   on every boot, once the network is up: machine-id, host name,
#              the DHCP lease's client id, SSH host key fingerprints, the
#              root file system's size, Secure Boot state
#   steps      when /var/lib/lobbywall-test/steps exists (the second boot):
#              two crashes of the wall, then an upgrade, a refused downgrade
#              across a (simulated) newer database, and a rollback, each with
#              dpkg -i and no terminal, so a conffile question fails it
out=/var/log/lobbywall-test
mkdir -p "$out"

step() { echo "$(cut -d' ' -f1 /proc/uptime) $*" >>"$out/steps.txt"; }

identity() {
    {
        echo "machine-id=$(cat /etc/machine-id)"
        echo "hostname=$(cat /proc/sys/kernel/hostname)"
        echo "etc-hostname=$(cat /etc/hostname)"
        # networkd keeps the lease it got, with the client id it sent.
        for lease in /run/systemd/netif/leases/*; do
            [ -f "$lease" ] && sed -n 's/^CLIENTID=/dhcp-client-id=/p; s/^ADDRESS=/address=/p' "$lease"
        done
        for key in /etc/ssh/ssh_host_*_key.pub; do
            [ -f "$key" ] && echo "ssh-host-key=$(ssh-keygen -lf "$key" | cut -d' ' -f2,4)"
        done
        echo "root-size-mb=$(df -B1M --output=size / | tail -n 1 | tr -d ' ')"
        sb=$(od -An -tu1 -j4 -N1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c 2>/dev/null | tr -d ' ')
        echo "secure-boot=${sb:-unknown}"
    } >"$out/identity.txt"
}

wall_pid() { pgrep -u lobbywall -f -x /usr/bin/lobbywall | head -n 1; }

# wait_wall [OLD_PID]: the wall itself (not the fallback picture, which has
# --config) is up, the service active, and the wall is not OLD_PID (a
# crashed wall stays until its core is written); bounded.
wait_wall() {
    for _ in $(seq 400); do
        pid=$(wall_pid)
        if systemctl is-active --quiet lobbywall.service && [ -n "$pid" ] && [ "$pid" != "${1:-}" ]; then
            return 0
        fi
        sleep 1
    done
    return 1
}

set_schema() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect("/var/lib/lobbywall/lobbywall.db")
db.execute(f"PRAGMA user_version = {int(sys.argv[1])}")
db.commit()
db.close()
PY
}

steps() {
    wait_wall && step "wall up"
    sleep 20
    for n in 1 2; do
        old=$(wall_pid)
        kill -SEGV "$old" && step "sent SIGSEGV $n to the wall (pid $old)"
        wait_wall "$old" && step "wall up again after crash $n (pid $(wall_pid))"
        sleep 10
    done
    [ -f /var/lib/lobbywall-test/upgrade.deb ] || { step "no packages given: no upgrade"; return; }
    step "conffile before: $(md5sum /etc/lobbywall/lobbywall.toml | cut -d' ' -f1)"
    dpkg -i /var/lib/lobbywall-test/upgrade.deb </dev/null >>"$out/dpkg.txt" 2>&1
    step "upgrade: dpkg exit $?, version $(dpkg-query -W -f='${Version}' lobbywall)"
    wait_wall && step "wall up after the upgrade"
    schema=$(od -An -tu1 -j60 -N4 /var/lib/lobbywall/lobbywall.db | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
    # A database "migrated by a newer version": the rollback must be refused.
    set_schema 99
    dpkg -i /var/lib/lobbywall-test/rollback.deb </dev/null >>"$out/dpkg.txt" 2>&1
    step "rollback over schema 99: dpkg exit $?, version $(dpkg-query -W -f='${Version}' lobbywall)"
    set_schema "$schema"
    wait_wall && step "wall up after the refused rollback"
    dpkg -i /var/lib/lobbywall-test/rollback.deb </dev/null >>"$out/dpkg.txt" 2>&1
    step "rollback: dpkg exit $?, version $(dpkg-query -W -f='${Version}' lobbywall)"
    wait_wall && step "wall up after the rollback"
    step "conffile after: $(md5sum /etc/lobbywall/lobbywall.toml | cut -d' ' -f1)"
    step "NRestarts=$(systemctl show -P NRestarts lobbywall.service)"
}

case ${1:-} in
    identity) identity ;;
    steps)
        if [ -f /var/lib/lobbywall-test/steps ]; then
            rm -f /var/lib/lobbywall-test/steps
            steps
            step "done"
        fi
        ;;
    *) echo "usage: $0 identity|steps" >&2; exit 2 ;;
esac
