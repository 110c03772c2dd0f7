#!/bin/bash
# build-rootfs.sh: a Debian 12 (bookworm) root filesystem for a lobbywall box,
# made with debootstrap: systemd, a kernel, the signed boot loaders (Secure
# Boot), the lobbywall .deb with its dependencies, the units enabled, no
# autologin, unattended security updates. No machine-id, SSH host key or host
# name: each box makes its own on first boot (lobbywall-provision names it
# from the boot partition or its serial number). The result is a folder;
# packaging/image/README.md shows how to turn it into a disk image and flash
# it. The steps that are not about debootstrap live in
# packaging/image/lib/lobbywall-image.sh, shared with other recipes.
#
#   sudo packaging/image/debian/build-rootfs.sh [options] TARGET_DIR LOBBYWALL_DEB
#
# Options:
#   --arch ARCH         amd64 (default) or arm64; another architecture than the
#                       machine's needs qemu-user-static and binfmt-support
#   --mirror URL        Debian mirror (default http://deb.debian.org/debian)
#   --no-kernel         leave out kernel and bootloader packages (a container,
#                       or a board whose vendor kernel is added later)
#   --admin-key FILE    an SSH public key for root, and openssh-server (IT
#                       access); without it the box has no remote login
#
# Needs root, debootstrap and the network (to the mirror). Idempotent at the
# package level: run again on the same folder, it skips debootstrap and
# reinstalls the .deb.
set -euo pipefail

arch=amd64 mirror=http://deb.debian.org/debian kernel=yes admin_key=""
while [ $# -gt 0 ]; do
    case $1 in
        --arch) arch=$2; shift 2 ;;
        # Kept so older callers still work; an image has no host name now.
        --hostname) echo "build-rootfs: --hostname $2 is ignored: each box is named on its first boot (lobbywall-hostname.txt on the boot partition, or from its serial number)" >&2; shift 2 ;;
        --mirror) mirror=$2; shift 2 ;;
        --no-kernel) kernel=no; shift ;;
        --admin-key) admin_key=$(realpath "$2"); shift 2 ;;
        -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] || { echo "usage: $0 [options] TARGET_DIR LOBBYWALL_DEB" >&2; exit 2; }
target=$(realpath -m "$1")
deb=$(realpath "$2")
[ "$(id -u)" -eq 0 ] || { echo "build-rootfs: run as root (debootstrap and chroot need it)" >&2; exit 1; }
[ -f "$deb" ] || { echo "build-rootfs: no such package: $deb" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-rootfs: install debootstrap first (apt-get install debootstrap)" >&2; exit 1; }
# shellcheck source-path=SCRIPTDIR source=../lib/lobbywall-image.sh
. "$(dirname "$(realpath "$0")")/../lib/lobbywall-image.sh"
deb_arch=$(dpkg-deb -f "$deb" Architecture)
[ "$deb_arch" = "$arch" ] || { echo "build-rootfs: the package is for $deb_arch, the image for $arch" >&2; exit 1; }

log() { printf 'build-rootfs: %s\n' "$*"; }

# Mounts for the chroot, undone on every exit path.
mounted=()
resolv=""
cleanup() {
    local i
    rm -f "$target/usr/sbin/policy-rc.d" "$target/tmp/lobbywall.deb"
    if [ -n "${resolv:-}" ]; then
        if [ -L "$resolv" ]; then
            rm -f "$resolv.build-rootfs"   # systemd-resolved put its own link there
        elif [ -e "$resolv.build-rootfs" ] || [ -L "$resolv.build-rootfs" ]; then
            mv -f "$resolv.build-rootfs" "$resolv"
        fi
    fi
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[$i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT
mount_in() {
    mount "$@"
    mounted+=("${*: -1}")
}
in_chroot() {
    chroot "$target" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        LC_ALL=C.UTF-8 "$@"
}

# 1. The base system.
if [ -x "$target/usr/bin/apt-get" ]; then
    log "$target already holds a system; skipping debootstrap"
else
    log "debootstrap bookworm ($arch) into $target"
    mkdir -p "$target"
    debootstrap --arch="$arch" --variant=minbase \
        --include=systemd,systemd-sysv,dbus,udev,ca-certificates,locales,tzdata,iproute2 \
        bookworm "$target" "$mirror"
fi

mount_in -t proc proc "$target/proc"
mount_in -t sysfs sysfs "$target/sys"
mount_in --bind /dev "$target/dev"
mount_in --bind /dev/pts "$target/dev/pts"
# No service may start inside the chroot (exit 101: "action forbidden").
printf '#!/bin/sh\nexit 101\n' >"$target/usr/sbin/policy-rc.d"
chmod 0755 "$target/usr/sbin/policy-rc.d"
# Name resolution inside the chroot: the host's resolv.conf, put back on
# exit. Never cp onto a symlink here: it would point into the host's /run.
resolv="$target/etc/resolv.conf"
if [ -e "$resolv" ] || [ -L "$resolv" ]; then mv -f "$resolv" "$resolv.build-rootfs"; fi
cp /etc/resolv.conf "$resolv"

# 2. Apt sources with security updates, then the kernel and the package.
cat >"$target/etc/apt/sources.list" <<EOF
deb $mirror bookworm main contrib non-free-firmware
deb $mirror bookworm-updates main contrib non-free-firmware
deb http://security.debian.org/debian-security bookworm-security main contrib non-free-firmware
EOF
in_chroot apt-get update -q
# Finishes whatever an interrupted earlier run left half-configured.
in_chroot dpkg --configure -a
extra=()
if [ "$kernel" = yes ]; then
    # The bootloader's binaries only: it is installed onto the disk image
    # (grub-install), not into this folder (see packaging/image/README.md).
    case $arch in
        # shim-signed and grub-efi-*-signed: Debian's boot loaders signed
        # for UEFI Secure Boot with the Microsoft keys every PC trusts;
        # make-image.sh puts them on the FAT partition.
        amd64) extra+=(linux-image-amd64 grub-efi-amd64-bin grub-efi-amd64-signed shim-signed grub2-common
            firmware-linux-free firmware-misc-nonfree) ;;
        arm64) extra+=(linux-image-arm64 grub-efi-arm64-bin grub-efi-arm64-signed shim-signed grub2-common
            firmware-linux-free) ;;
        *) log "no kernel package known for $arch; add one by hand" ;;
    esac
fi
[ -n "$admin_key" ] && extra+=(openssh-server)
# The package's Recommends, named because recommends are off here: without
# wlr-randr (a cage with wlr-output-management) or v4l-utils' cec-ctl
# (HDMI-CEC, where the box has /dev/cec*) the screen off hours cannot turn the
# display off, and without fonts-noto-cjk Chinese, Japanese and Korean posts
# show boxes (the pi-gen stage installs them as well).
extra+=(wlr-randr v4l-utils fonts-noto-cjk systemd-coredump)
# The image's own needs: security updates every night (unattended-upgrades),
# the root file system grown to the disk on first boot (growpart).
extra+=(unattended-upgrades cloud-guest-utils)
log "installing ${extra[*]} and the lobbywall package"
cp "$deb" "$target/tmp/lobbywall.deb"
in_chroot apt-get install -y -q --no-install-recommends "${extra[@]}" systemd-timesyncd systemd-resolved \
    /tmp/lobbywall.deb
# apt leaves a package of the same version alone; dpkg installs the given file
# whatever the version (a rebuilt package on a rerun).
in_chroot dpkg -i /tmp/lobbywall.deb >/dev/null

# 3. The box: its identity made on first boot, boot to the wall, no
# autologin, journal kept small, updates at night, the hardware watchdog.
log "no machine-id, host keys or host name; default target graphical; units enabled"
in_chroot systemctl set-default graphical.target
in_chroot systemctl enable lobbywall.service lobbywall-provision.service systemd-timesyncd.service \
    systemd-networkd.service systemd-resolved.service
# tty1 belongs to the wall; no login prompt or autologin there.
in_chroot systemctl disable getty@tty1.service 2>/dev/null || true
rm -rf "$target/etc/systemd/system/getty@tty1.service.d"
# The boot partition the provisioning reads; the image recipe mounts it.
mkdir -p "$target/boot/firmware"
image_setup_journal "$target"
image_setup_updates "$target"
image_setup_hardening "$target"
image_setup_wired_dhcp "$target"
image_install_firstboot "$target"
# Root has no password: no console or SSH password login (IT uses a key).
in_chroot passwd --lock root >/dev/null
if [ -n "$admin_key" ]; then
    install -d -m 0700 "$target/root/.ssh"
    install -m 0600 "$admin_key" "$target/root/.ssh/authorized_keys"
fi

in_chroot apt-get clean
# Last, after every package that may have made one (dbus, openssh-server).
image_strip_identity "$target"
log "done: $target ($(du -shx "$target" | cut -f1)); lobbywall $(dpkg-deb -f "$deb" Version) installed"
