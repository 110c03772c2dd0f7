#!/usr/bin/env bash
# Install test: installs the .deb on THIS machine with apt (dependencies from
# the Debian mirrors), checks what the maintainer scripts did, then purges it.
# Not part of CTest: it changes the machine (a package, a system user) and
# needs the network for the dependencies. Run it as root on a throwaway box
# or in a container:
#
#   tests/packaging/install-test.sh build/tests/packaging/deb/lobbywall_0.1.0_amd64.deb
#
# It stops at the first failed check and leaves the package installed so it
# can be looked at; `apt-get purge lobbywall` cleans up. With --keep it does
# not purge at the end.
set -euo pipefail

deb=$(realpath "$1")
keep=${2:-}
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
dpkg-query -W lobbywall >/dev/null 2>&1 && { echo "lobbywall is already installed; purge it first" >&2; exit 1; }

pass=0
check() {
    local what=$1
    shift
    if "$@"; then
        echo "ok   $what"
        pass=$((pass + 1))
    else
        echo "FAIL $what" >&2
        exit 1
    fi
}
mode_owner() { [ "$(stat -c '%a %U:%G' "$1")" = "$2" ]; }
is_link_to() { [ "$(readlink "$1")" = "$2" ]; }

echo "== install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" | tail -n 3

echo "== user, groups, directories"
check "system user lobbywall" getent passwd lobbywall
check "user has no login shell" test "$(getent passwd lobbywall | cut -d: -f7)" = /usr/sbin/nologin
check "user is a system user (uid < 1000)" test "$(id -u lobbywall)" -lt 1000
for group in video render input; do
    if getent group "$group" >/dev/null; then
        check "lobbywall in group $group" bash -c "id -nG lobbywall | tr ' ' '\n' | grep -qx $group"
    else
        echo "skip group $group (does not exist here)"
    fi
done
check "/var/lib/lobbywall 750 lobbywall:lobbywall" mode_owner /var/lib/lobbywall "750 lobbywall:lobbywall"
check "/var/cache/lobbywall 750 lobbywall:lobbywall" mode_owner /var/cache/lobbywall "750 lobbywall:lobbywall"
check "config 640 root:lobbywall" mode_owner /etc/lobbywall/lobbywall.toml "640 root:lobbywall"
check "statoverride recorded" dpkg-statoverride --list /etc/lobbywall/lobbywall.toml
check "conffiles registered" bash -c "dpkg-query -W -f='\${Conffiles}' lobbywall | grep -q /etc/lobbywall/lobbywall.toml"

echo "== units"
check "lobbywall.service installed" test -f /lib/systemd/system/lobbywall.service
check "lobbywall.service enabled (graphical.target)" is_link_to \
    /etc/systemd/system/graphical.target.wants/lobbywall.service /lib/systemd/system/lobbywall.service
check "lobbywall-provision.service enabled" is_link_to \
    /etc/systemd/system/multi-user.target.wants/lobbywall-provision.service /lib/systemd/system/lobbywall-provision.service
check "headless variant not enabled" test ! -e /etc/systemd/system/multi-user.target.wants/lobbywall-headless.service
if [ -d /run/systemd/system ]; then
    systemctl status --no-pager lobbywall.service || true
else
    echo "info systemd is not running on this machine (PID 1: $(ps -p 1 -o comm=)); no systemctl status"
fi

echo "== program"
check "shipped config passes check-config" lobbywall check-config /etc/lobbywall/lobbywall.toml
check "cage knows -d" bash -c "cage -h 2>&1 | grep -q -- '^ -d'"
shot_dir=$(mktemp -d)
chmod 0777 "$shot_dir"
shot="$shot_dir/demo.png"
# Hide the source tree the binary falls back to, so the assets must come
# from /usr/share/lobbywall.
src_assets=$(cd "$(dirname "$0")/../../assets" && pwd)
check "demo drawn from /usr/share/lobbywall as the lobbywall user" \
    unshare --mount bash -c "mount -t tmpfs none '$src_assets' &&
        runuser -u lobbywall -- env -u LOBBYWALL_ASSETS lobbywall --demo --screenshot '$shot' --size 640x360"
check "screenshot written" test -s "$shot"
rm -rf "$shot_dir"

echo "== provisioning (real paths, run by hand)"
if [ -e /boot/firmware/lobbywall.toml ]; then
    echo "skip /boot/firmware/lobbywall.toml exists on this machine; not touching it"
else
    mkdir -p /boot/firmware
    made_boot=$([ -z "$(ls -A /boot/firmware)" ] && echo yes || echo no)
    printf '[wall]\nhospital_name = "Lobby {hostname}"\n' >/boot/firmware/lobbywall.toml
    check "provisioning applies a good file" /usr/libexec/lobbywall/lobbywall-provision
    check "config installed with the hostname filled in" \
        grep -q "hospital_name = \"Lobby $(hostname | tr -c 'A-Za-z0-9._\n-' _)\"" /etc/lobbywall/lobbywall.toml
    check "installed config 640 root:lobbywall" mode_owner /etc/lobbywall/lobbywall.toml "640 root:lobbywall"
    check "boot copy renamed .applied" test -f /boot/firmware/lobbywall.toml.applied
    rm -f /boot/firmware/lobbywall.toml.applied
    if [ "$made_boot" = yes ]; then rmdir /boot/firmware 2>/dev/null || true; fi
fi

if [ "$keep" = --keep ]; then
    echo "== kept installed ($pass checks passed)"
    exit 0
fi

echo "== purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q lobbywall | tail -n 2
check "package gone" bash -c "! dpkg-query -W -f='\${Status}' lobbywall 2>/dev/null | grep -q installed"
check "data directories removed" test ! -e /var/lib/lobbywall -a ! -e /var/cache/lobbywall
check "/etc/lobbywall removed" test ! -e /etc/lobbywall
check "statoverride removed" bash -c "! dpkg-statoverride --list /etc/lobbywall/lobbywall.toml"
check "no unit symlinks left" bash -c "! find /etc/systemd/system -name 'lobbywall*' | grep -q ."
if getent passwd lobbywall >/dev/null; then
    echo "info the lobbywall user stays after purge (Debian practice); 'deluser --system lobbywall' removes it"
fi
echo "== $pass checks passed"
