#!/bin/bash
# build-image.sh: a Raspberry Pi 4 SD-card image from Debian 12 alone (no
# Raspberry Pi OS repositories): an arm64 root file system made by
# ../debian/build-rootfs.sh (debootstrap through qemu-user-static on an amd64
# machine), Debian's raspi-firmware (non-free-firmware) and its arm64 kernel,
# an MBR card with the FAT boot partition the Pi's firmware reads and an ext4
# root that grows to the card on first boot. Output: IMAGE.xz and
# IMAGE.xz.sha256, for Raspberry Pi Imager ("Use custom") or xzcat | dd.
#
#   sudo packaging/image/raspi/build-image.sh [options] ROOTFS_DIR IMAGE LOBBYWALL_ARM64_DEB
#
# Options:
#   --hostname NAME     the box's hostname (default lobbywall)
#   --admin-key FILE    an SSH public key for root (IT access); without it, no remote login
#   --mirror URL        Debian mirror (default http://deb.debian.org/debian)
#   --hdmi-mode MODE    the mode the HDMI output is forced to when no TV answers at
#                       boot (a TV switched on after the box): 1920x1080@60 (default),
#                       or "auto" to leave it to the TV's EDID
#   --no-xz             keep the raw IMAGE, do not compress it
#
# ROOTFS_DIR is kept: running again reuses it (no second debootstrap), and the
# same folder makes a UEFI disk for QEMU's arm64 "virt" machine with
# ../debian/make-image.sh (the kernel and GRUB for that are in it as well).
#
# Needs root, debootstrap, qemu-user-static with binfmt_misc (arm64 programs
# run in the chroot), sfdisk (fdisk), mkfs.vfat (dosfstools), mtools,
# mkfs.ext4 (e2fsprogs >= 1.43, for -d), xz-utils; `packaging/setup.sh
# --with image --with cross` installs them. No loop devices or mounts of the
# image: both file systems are made in files and copied in at their offsets.
#
# What is checked where, and what only a real Pi can check:
# packaging/image/README.md ("Raspberry Pi from Debian 12").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

hostname=lobbywall admin_key="" mirror=http://deb.debian.org/debian hdmi_mode=1920x1080@60 compress=yes
while [ $# -gt 0 ]; do
    case $1 in
        --hostname) hostname=$2; shift 2 ;;
        --admin-key) admin_key=$2; shift 2 ;;
        --mirror) mirror=$2; shift 2 ;;
        --hdmi-mode) hdmi_mode=$2; shift 2 ;;
        --no-xz) compress=no; shift ;;
        -h | --help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "build-image: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 3 ] || { echo "usage: $0 [options] ROOTFS_DIR IMAGE LOBBYWALL_ARM64_DEB" >&2; exit 2; }
rootfs=$(realpath -m "$1")
image=$(realpath -m "$2")
deb=$(realpath "$3")
[ "$(id -u)" -eq 0 ] || { echo "build-image: run as root (debootstrap and chroot need it)" >&2; exit 1; }
[ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] || { echo "build-image: $deb is not an arm64 package" >&2; exit 1; }
case $hdmi_mode in
    auto | [0-9]*x[0-9]*@[0-9]*) ;;
    *) echo "build-image: --hdmi-mode takes WIDTHxHEIGHT@HZ or auto, not '$hdmi_mode'" >&2; exit 2 ;;
esac
for tool in debootstrap sfdisk mkfs.vfat mcopy mkfs.ext4 xz; do
    command -v "$tool" >/dev/null ||
        { echo "build-image: $tool is missing (packaging/setup.sh --with image --with cross)" >&2; exit 1; }
done
if [ "$(dpkg --print-architecture)" != arm64 ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    echo "build-image: arm64 programs cannot run here: no binfmt_misc entry for qemu-aarch64" \
        "(install qemu-user-static; in a container: mount -t binfmt_misc binfmt_misc" \
        "/proc/sys/fs/binfmt_misc && /usr/lib/systemd/systemd-binfmt /usr/lib/binfmt.d/qemu-aarch64.conf)" >&2
    exit 1
fi

log() { printf 'build-image: %s\n' "$*"; }

# 1. The Debian 12 arm64 system with lobbywall, exactly as for any other box
#    (units, no autologin, journal, network, SSH key): the Debian recipe.
rootfs_args=(--arch arm64 --hostname "$hostname" --mirror "$mirror")
[ -n "$admin_key" ] && rootfs_args+=(--admin-key "$admin_key")
"$here/../debian/build-rootfs.sh" "${rootfs_args[@]}" "$rootfs" "$deb"

# 2. The Pi's boot chain. raspi-firmware's kernel hook writes config.txt and
#    cmdline.txt into /boot/firmware from these files on every kernel update,
#    so the settings live here, not in the generated files.
log "raspi-firmware settings: root by label, serial console, HDMI, CEC"
cat >"$rootfs/etc/default/raspi-firmware" <<'EOF'
# lobbywall Raspberry Pi image: read by raspi-firmware's kernel hook, which
# writes /boot/firmware/config.txt and cmdline.txt from it on kernel updates.
# Root by label, so the card boots whatever the Pi calls its SD card or USB disk.
ROOTPART=LABEL=lobbywall-root
# Boot messages on the serial port (GPIO 14/15), not on the TV: the TV shows
# the wall (tty1 belongs to it), and console=tty0 would put the kernel's text there.
CONSOLES="ttyS1,115200"
EOF
cat >"$rootfs/etc/default/raspi-firmware-custom" <<'EOF'
# lobbywall: appended to config.txt by raspi-firmware's kernel hook.
# KMS: Debian boots its own mainline kernel and device trees
# (upstream_kernel=1 above), which describe the vc4 display pipeline and the
# v3d GPU themselves; Debian's raspi-firmware ships no overlays, so there is
# no vc4-kms-v3d overlay to name here (Raspberry Pi OS has one: see the
# pi-gen stage).
# The firmware's own HDMI set-up even when the TV is off or switched to
# another input at power-on (the kernel's side is video= on cmdline.txt).
hdmi_force_hotplug=1
# No rainbow square on the TV at power-on.
disable_splash=1
# HDMI-CEC stays on (the firmware's default; hdmi_ignore_cec=1 would turn it
# off): the TV switches to the box at power-on, and the kernel's vc4 HDMI
# driver gives lobbywall /dev/cec0 to put the TV to standby in the off hours.
hdmi_ignore_cec=0
EOF
extra_cmdline="quiet loglevel=3 vt.global_cursor_default=0"
[ "$hdmi_mode" != auto ] && extra_cmdline+=" video=HDMI-A-1:${hdmi_mode}D"
cat >"$rootfs/etc/default/raspi-extra-cmdline" <<EOF
$extra_cmdline
EOF

# Mounts for the chroot and the host's resolv.conf in it, undone on every exit path.
mounted=()
# Next to the image: the root file system is made in a file there first.
work=$(mktemp -d "$(dirname "$image")/.build-image.XXXXXX")
resolv="$rootfs/etc/resolv.conf"
cleanup() {
    local i
    rm -f "$rootfs/usr/sbin/policy-rc.d"
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    mounted=()
    if [ -e "$resolv.build-image" ] || [ -L "$resolv.build-image" ]; then mv -f "$resolv.build-image" "$resolv"; fi
    # The boot files go back where the kernel hook keeps them (for a rerun).
    if [ -d "$work/firmware" ]; then rm -rf "$rootfs/boot/firmware" && mv "$work/firmware" "$rootfs/boot/firmware"; fi
}
trap 'cleanup; rm -rf "$work"' EXIT
for fs in proc sys dev dev/pts; do
    mount --bind "/$fs" "$rootfs/$fs"
    mounted+=("$rootfs/$fs")
done
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
# Never cp onto the link systemd-resolved leaves there: it points into the host's /run.
if [ -e "$resolv" ] || [ -L "$resolv" ]; then mv -f "$resolv" "$resolv.build-image"; fi
cp /etc/resolv.conf "$resolv"
in_chroot() {
    chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        LC_ALL=C.UTF-8 "$@"
}

log "installing raspi-firmware and sfdisk"
mkdir -p "$rootfs/boot/firmware"
# --force-confold: keep the /etc/default/raspi-firmware written above (dpkg
# would otherwise ask, with no one to answer).
in_chroot apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef raspi-firmware fdisk
# The hook ran when raspi-firmware was configured; run it again so that
# config.txt and cmdline.txt carry the settings above even if an older copy
# of this folder had none.
in_chroot env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware
if [ ! -f "$rootfs/boot/firmware/start4.elf" ] || [ ! -f "$rootfs/boot/firmware/bcm2711-rpi-4-b.dtb" ]; then
    echo "build-image: raspi-firmware did not fill /boot/firmware" >&2
    exit 1
fi

log "first-boot growth of the root file system"
install -m 0755 "$here/lobbywall-growroot" "$rootfs/usr/local/sbin/lobbywall-growroot"
install -m 0644 "$here/lobbywall-growroot.service" "$rootfs/etc/systemd/system/lobbywall-growroot.service"
in_chroot systemctl enable lobbywall-growroot.service
cat >"$rootfs/etc/fstab" <<'EOF'
# lobbywall Raspberry Pi: root, and the FAT partition the Pi boots from
# (firmware, kernel, config.txt, cmdline.txt, and the provisioning files).
LABEL=lobbywall-root  /               ext4  errors=remount-ro,noatime  0 1
LABEL=LWBOOT          /boot/firmware  vfat  umask=0077,nofail          0 2
EOF
in_chroot apt-get clean
: >"$rootfs/etc/machine-id"   # first boot: a new id per box, and growroot runs

# 3. The card: MBR (the Pi's boot ROM reads only MBR), a 512 MiB FAT32
#    partition (two kernels and initrds fit) and the root sized to its
#    contents plus a margin; it grows to the card on first boot.
rm -f "$rootfs/usr/sbin/policy-rc.d"
rm -f "$resolv" && mv -f "$resolv.build-image" "$resolv"
for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}"; done
mounted=()
# The boot files belong on the FAT partition only; the root keeps the empty mount point.
mv "$rootfs/boot/firmware" "$work/firmware"
mkdir "$rootfs/boot/firmware"
boot_mib=512
used_mib=$(du -sxm "$rootfs" | cut -f1)
root_mib=$(( used_mib + used_mib / 4 + 256 ))
log "making the file systems: FAT ${boot_mib} MiB, ext4 ${root_mib} MiB (${used_mib} MiB used)"
truncate -s "${boot_mib}M" "$work/boot.fat"
mkfs.vfat -F 32 -n LWBOOT "$work/boot.fat" >/dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -s -i "$work/boot.fat" "$work"/firmware/* ::/
mkfs.ext4 -q -L lobbywall-root -d "$rootfs" "$work/root.ext4" "${root_mib}M"

log "partitioning $image"
rm -f "$image" "$image.xz" "$image.xz.sha256"
truncate -s $(( 4 + boot_mib + root_mib ))M "$image"
sfdisk --quiet "$image" <<EOF
label: dos
start=4MiB, size=${boot_mib}MiB, type=c, bootable
start=$(( 4 + boot_mib ))MiB, type=83
EOF
dd if="$work/boot.fat" of="$image" bs=1M seek=4 conv=notrunc,sparse status=none
dd if="$work/root.ext4" of="$image" bs=1M seek=$(( 4 + boot_mib )) conv=notrunc,sparse status=none
boot_at="$image@@$(( 4 * 1024 * 1024 ))"
log "boot partition: $(mdir -i "$boot_at" -b ::/ | wc -l) files, $(mdir -i "$boot_at" -b ::/ | grep -c '\.dtb$') device trees"

if [ "$compress" = yes ]; then
    log "compressing (xz)"
    xz -T0 -6 --force --keep "$image"
    (cd "$(dirname "$image")" && sha256sum "$(basename "$image").xz" >"$(basename "$image").xz.sha256")
    rm -f "$image"
    log "done: $image.xz ($(du -m "$image.xz" | cut -f1) MiB) and $image.xz.sha256"
else
    log "done: $image ($(du -m --apparent-size "$image" | cut -f1) MiB)"
fi
