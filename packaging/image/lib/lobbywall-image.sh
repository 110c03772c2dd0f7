# lobbywall-image.sh: steps shared by the image recipes (sourced, not run).
#
# Each function takes the root filesystem of the box being built as its
# first argument and changes only files under it: no chroot, no service
# started, so a recipe can call them from any build tool (debootstrap here,
# a pi-gen stage or a cross-build later). Nothing here is specific to amd64
# or to a boot loader.
#
#   image_strip_identity ROOT        no machine-id, SSH host keys or host name
#                                    in the image; each box makes its own
#   image_install_firstboot ROOT     the image's own units: SSH host keys and
#                                    root file system growth on first boot
#   image_setup_journal ROOT         persistent journal, capped
#   image_setup_updates ROOT         unattended-upgrades: Debian security and
#                                    the lobbywall repository, reboot window
#   image_setup_hardening ROOT       hardware watchdog, no LLMNR/mDNS
#   image_setup_wired_dhcp ROOT      DHCP on any wired interface (networkd)
#
# The files these functions install come from files/ beside this script.
# Settings they take from the environment, with their defaults:
#   LOBBYWALL_REBOOT_TIME   "03:30"  when unattended-upgrades may reboot
#   LOBBYWALL_UPGRADE_TIME  "03:00"  when the daily upgrade runs (+ up to 20 min)

lobbywall_image_files="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/files"

# The per-box identity is made on the box: systemd writes a new machine-id on
# first boot ("uninitialized" marks the image's first boot, so units with
# ConditionFirstBoot=yes run), D-Bus reads the same file (a copy in
# /var/lib/dbus would be copied back into every box by systemd), and the host
# name is set by lobbywall-provision from the boot partition or the serial.
image_strip_identity() {
    local root=$1
    printf 'uninitialized\n' >"$root/etc/machine-id"
    chmod 0444 "$root/etc/machine-id"
    mkdir -p "$root/var/lib/dbus"
    rm -f "$root/var/lib/dbus/machine-id"
    ln -s /etc/machine-id "$root/var/lib/dbus/machine-id"
    rm -f "$root"/etc/ssh/ssh_host_*_key "$root"/etc/ssh/ssh_host_*_key.pub
    # An empty /etc/hostname: the provisioning names the box on first boot
    # (the file must exist: the unit may write it in place, not create it).
    : >"$root/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\tlobbywall\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
    # Leftovers that would be shared: the random seed and DHCP leases.
    rm -f "$root/var/lib/systemd/random-seed" "$root"/var/lib/systemd/network/leases/* 2>/dev/null || true
}

# Units of the image (not of the package: they are about the box, not the
# wall), enabled by symlink so no systemctl is needed.
image_install_firstboot() {
    local root=$1 unit
    install -d "$root/usr/local/lib/lobbywall-image"
    install -m 0755 "$lobbywall_image_files/grow-root" "$root/usr/local/lib/lobbywall-image/grow-root"
    for unit in lobbywall-ssh-host-keys.service lobbywall-grow-root.service; do
        install -m 0644 "$lobbywall_image_files/$unit" "$root/etc/systemd/system/$unit"
        mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
        ln -sf "/etc/systemd/system/$unit" "$root/etc/systemd/system/multi-user.target.wants/$unit"
    done
}

image_setup_journal() {
    local root=$1
    mkdir -p "$root/etc/systemd/journald.conf.d" "$root/var/log/journal"
    cat >"$root/etc/systemd/journald.conf.d/lobbywall.conf" <<'EOF'
# lobbywall box: a persistent but bounded journal (SD cards and full disks).
[Journal]
Storage=persistent
SystemMaxUse=200M
EOF
}

# unattended-upgrades must be installed in ROOT already. Security updates
# from Debian and new lobbywall packages from IT's repository (origin
# "lobbywall", see packaging/repo/) are installed every night; when one needs
# a reboot (a kernel, libc), the box reboots at LOBBYWALL_REBOOT_TIME. dpkg
# keeps local config files without asking (--force-confold): provisioning
# never edits a conffile, so this only matters for changes made by hand.
image_setup_updates() {
    local root=$1 reboot_time=${LOBBYWALL_REBOOT_TIME:-03:30} upgrade_time=${LOBBYWALL_UPGRADE_TIME:-03:00}
    cat >"$root/etc/apt/apt.conf.d/20auto-upgrades" <<'EOF'
// lobbywall box: refresh the package lists and upgrade every day.
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
APT::Periodic::AutocleanInterval "7";
EOF
    cat >"$root/etc/apt/apt.conf.d/52lobbywall-unattended-upgrades" <<EOF
// lobbywall box: what unattended-upgrades installs, and when it may reboot.
// Debian's security updates come from 50unattended-upgrades; this adds the
// lobbywall repository that IT hosts (Origin: lobbywall).
Unattended-Upgrade::Origins-Pattern {
        "origin=lobbywall";
};
Unattended-Upgrade::Automatic-Reboot "true";
Unattended-Upgrade::Automatic-Reboot-WithUsers "true";
Unattended-Upgrade::Automatic-Reboot-Time "$reboot_time";
Unattended-Upgrade::Remove-Unused-Kernel-Packages "true";
// Never stop at a question about a config file: keep the box's own.
Dpkg::Options {
        "--force-confdef";
        "--force-confold";
};
EOF
    # The daily upgrade in the night, not at apt's default 06:00-07:00 when
    # the lobby opens.
    mkdir -p "$root/etc/systemd/system/apt-daily-upgrade.timer.d"
    cat >"$root/etc/systemd/system/apt-daily-upgrade.timer.d/lobbywall.conf" <<EOF
# lobbywall box: upgrade in the off hours.
[Timer]
OnCalendar=
OnCalendar=*-*-* $upgrade_time
RandomizedDelaySec=20m
EOF
}

# The board's hardware watchdog resets a box whose kernel or systemd hangs
# (the wall's own watchdog only covers the wall). No LLMNR or mDNS responder
# listens on the hospital network.
image_setup_hardening() {
    local root=$1
    # timesyncd.conf.d: where provisioning puts the hospital's NTP servers.
    mkdir -p "$root/etc/systemd/system.conf.d" "$root/etc/systemd/resolved.conf.d" "$root/etc/systemd/timesyncd.conf.d"
    cat >"$root/etc/systemd/system.conf.d/lobbywall-watchdog.conf" <<'EOF'
# lobbywall box: systemd pets the hardware watchdog; a hung system resets.
[Manager]
RuntimeWatchdogSec=30s
RebootWatchdogSec=5min
EOF
    cat >"$root/etc/systemd/resolved.conf.d/lobbywall.conf" <<'EOF'
# lobbywall box: no name-resolution responders on the hospital network.
[Resolve]
LLMNR=no
MulticastDNS=no
EOF
}

image_setup_wired_dhcp() {
    local root=$1
    mkdir -p "$root/etc/systemd/network"
    cat >"$root/etc/systemd/network/20-lobbywall-wired.network" <<'EOF'
# lobbywall box: any wired interface by DHCP. The DHCP client identifier is
# derived from the machine-id, which each box makes on its first boot.
[Match]
Name=en* eth*

[Network]
DHCP=yes
LLMNR=no
MulticastDNS=no
EOF
}
