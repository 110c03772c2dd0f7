#!/bin/bash
# make-image.sh: turns a root filesystem made by build-rootfs.sh into a
# bootable UEFI disk image (GPT: a FAT partition, then ext4 root) that can be
# written to a USB stick, an SSD or an eMMC with dd, bmaptool or Etcher.
#
#   sudo packaging/image/debian/make-image.sh ROOTFS_DIR IMAGE_FILE [SIZE]
#
# SIZE defaults to 4G; the box grows its root partition to the whole disk on
# its first boot (lobbywall-grow-root.service).
#
# Secure Boot: when the root filesystem has Debian's signed shim and GRUB
# (shim-signed, grub-efi-amd64-signed: build-rootfs.sh installs them), the
# removable-media path gets shim (EFI/BOOT/BOOTX64.EFI, signed by Microsoft's
# UEFI CA), the signed GRUB next to it (grubx64.efi) and MokManager; GRUB reads
# EFI/debian/grub.cfg, which hands over to /boot/grub/grub.cfg on the root
# partition. Debian's kernel is signed too, so the box boots with Secure Boot
# on and the firmware left as it came. Without them, an unsigned standalone
# GRUB is written instead (Secure Boot must then be off).
#
# The FAT partition (label LWBOOT) is the EFI system partition and is mounted
# at /boot/firmware, so it is both where GRUB boots from and where IT drops
# lobbywall.toml for first-boot provisioning, visible from any laptop.
#
# Needs root, loop devices, sfdisk (fdisk), mkfs.vfat (dosfstools), mtools
# and mkfs.ext4. Works in a container: partitions are mapped by offset (no
# udev needed) and the FAT partition is filled with mtools (no vfat mount).
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 ROOTFS_DIR IMAGE_FILE [SIZE]" >&2; exit 2; }
rootfs=$(realpath "$1")
image=$(realpath -m "$2")
size=${3:-4G}
[ "$(id -u)" -eq 0 ] || { echo "make-image: run as root" >&2; exit 1; }
[ -x "$rootfs/usr/bin/lobbywall" ] || { echo "make-image: $rootfs has no lobbywall; run build-rootfs.sh first" >&2; exit 1; }
ls "$rootfs"/boot/vmlinuz-* >/dev/null 2>&1 || { echo "make-image: $rootfs has no kernel (built with --no-kernel?)" >&2; exit 1; }
for tool in sfdisk mkfs.vfat mcopy mkfs.ext4 losetup; do
    command -v "$tool" >/dev/null || { echo "make-image: $tool is missing (apt-get install fdisk dosfstools mtools e2fsprogs mount)" >&2; exit 1; }
done
arch=$(awk '/^Package: dpkg$/ {found = 1} found && /^Architecture:/ {print $2; exit}' "$rootfs/var/lib/dpkg/status")
case $arch in
    amd64) efi_target=x86_64-efi ;;
    arm64) efi_target=arm64-efi ;;
    *) echo "make-image: only amd64 and arm64 root filesystems are supported" >&2; exit 1 ;;
esac

log() { printf 'make-image: %s\n' "$*"; }
work=$(mktemp -d)
loops=()
mounts=()
cleanup() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
    for loop in "${loops[@]}"; do losetup -d "$loop" 2>/dev/null || true; done
    rmdir "$work/root" "$work" 2>/dev/null || true
}
trap cleanup EXIT

log "partitioning $image ($size)"
rm -f "$image"
truncate -s "$size" "$image"
sfdisk --quiet "$image" <<'EOF'
label: gpt
size=256MiB, type=uefi, name="LWBOOT"
type=linux, name="lobbywall-root"
EOF

# One loop device per partition, by offset (no partition scanning needed).
# Sets $mapped to the device.
mapped="" mapped_offset=0
map_partition() {
    local number=$1 start sectors
    read -r start sectors < <(sfdisk --json "$image" | python3 -c "
import json, sys
p = json.load(sys.stdin)['partitiontable']['partitions'][$number - 1]
print(p['start'], p['size'])")
    mapped=$(losetup --find --show --offset $((start * 512)) --sizelimit $((sectors * 512)) "$image")
    mapped_offset=$((start * 512))
    loops+=("$mapped")
}
map_partition 1
boot_dev=$mapped
# mtools reads the image file at the partition's offset ("file@@offset").
boot_fat="$image@@$mapped_offset"
map_partition 2
root_dev=$mapped
mkfs.vfat -F 32 -n LWBOOT "$boot_dev" >/dev/null
mkfs.ext4 -q -L lobbywall-root "$root_dev"

log "copying $rootfs"
mkdir -p "$work/root"
mount "$root_dev" "$work/root"
mounts+=("$work/root")
cp -a "$rootfs/." "$work/root/"
# The FAT partition's mount point; its files are written with mtools below.
mkdir -p "$work/root/boot/firmware"

cat >"$work/root/etc/fstab" <<'EOF'
# lobbywall box: root, and the FAT partition (EFI boot + provisioning files).
LABEL=lobbywall-root  /               ext4  errors=remount-ro,noatime  0 1
LABEL=LWBOOT          /boot/firmware  vfat  umask=0077,nofail          0 2
EOF

log "installing GRUB ($efi_target) on the removable-media path"
for fs in proc sys dev; do
    mount --bind "/$fs" "$work/root/$fs"
    mounts+=("$work/root/$fs")
done
mkdir -p "$work/root/etc/default/grub.d" "$work/root/boot/grub"
cat >"$work/root/etc/default/grub.d/lobbywall.cfg" <<'EOF'
# lobbywall box: straight to the wall, quietly, no text cursor on tty1.
GRUB_TIMEOUT=1
GRUB_CMDLINE_LINUX_DEFAULT="quiet loglevel=3 vt.global_cursor_default=0"
GRUB_DISABLE_OS_PROBER=true
EOF
# A static grub.cfg through Debian's /vmlinuz and /initrd.img links, which
# every kernel update moves to the new kernel (grub-mkconfig cannot probe
# a loop device from inside the chroot). On the box, a kernel update runs
# update-grub, which writes an equivalent file with the settings above.
cat >"$work/root/boot/grub/grub.cfg" <<'EOF'
# lobbywall box: written by make-image.sh; update-grub replaces it.
set timeout=1
set default=0
search --no-floppy --label lobbywall-root --set=root
menuentry "lobbywall" {
    linux /vmlinuz root=LABEL=lobbywall-root ro quiet loglevel=3 vt.global_cursor_default=0
    initrd /initrd.img
}
menuentry "lobbywall (previous kernel)" {
    linux /vmlinuz.old root=LABEL=lobbywall-root ro
    initrd /initrd.img.old
}
EOF
if [ ! -e "$work/root/vmlinuz" ] || [ ! -e "$work/root/initrd.img" ]; then
    echo "make-image: $rootfs has no /vmlinuz or /initrd.img link" >&2
    exit 1
fi
# A self-contained GRUB EFI binary that finds the root partition by label and
# reads /boot/grub/grub.cfg there, so kernel updates (update-grub) just work.
# Built with grub-mkstandalone rather than grub-install, which insists on a
# mounted FAT partition. Its modules (linux, configfile, ...) live in the
# binary's memdisk, which is $prefix: the early config must not move $prefix
# to the root partition, where Debian keeps no modules (/usr/lib/grub only);
# GRUB then stops at "configfile.mod not found" (seen booting it in QEMU/OVMF).
cat >"$work/root/tmp/lobbywall-grub-early.cfg" <<'EOF'
search --no-floppy --label lobbywall-root --set=root
configfile ($root)/boot/grub/grub.cfg
EOF
case $efi_target in
    x86_64-efi) efi_name=BOOTX64.EFI efi_arch=x64 grub_signed_dir=x86_64-efi-signed ;;
    arm64-efi) efi_name=BOOTAA64.EFI efi_arch=aa64 grub_signed_dir=arm64-efi-signed ;;
esac
shim="$work/root/usr/lib/shim/shim$efi_arch.efi.signed"
mok="$work/root/usr/lib/shim/mm$efi_arch.efi.signed"
grub_signed="$work/root/usr/lib/grub/$grub_signed_dir/grub$efi_arch.efi.signed"
export MTOOLS_SKIP_CHECK=1
sync
mmd -i "$boot_fat" ::/EFI ::/EFI/BOOT
if [ -f "$shim" ] && [ -f "$grub_signed" ]; then
    log "writing the signed shim and GRUB (Secure Boot) to EFI/BOOT on the FAT partition"
    mcopy -i "$boot_fat" "$shim" "::/EFI/BOOT/$efi_name"
    mcopy -i "$boot_fat" "$grub_signed" "::/EFI/BOOT/grub$efi_arch.efi"
    [ -f "$mok" ] && mcopy -i "$boot_fat" "$mok" "::/EFI/BOOT/mm$efi_arch.efi"
    # Debian's signed GRUB has its modules built in and looks for grub.cfg in
    # its prefix, EFI/debian on the partition it was loaded from (and beside
    # itself as a fallback).
    mmd -i "$boot_fat" ::/EFI/debian
    mcopy -i "$boot_fat" "$work/root/tmp/lobbywall-grub-early.cfg" ::/EFI/debian/grub.cfg
    mcopy -i "$boot_fat" "$work/root/tmp/lobbywall-grub-early.cfg" ::/EFI/BOOT/grub.cfg
else
    log "no signed shim and GRUB in $rootfs: writing an unsigned GRUB (Secure Boot must be off)"
    chroot "$work/root" grub-mkstandalone --format="$efi_target" --output="/tmp/$efi_name" \
        --modules="part_gpt ext2 search_label" "boot/grub/grub.cfg=/tmp/lobbywall-grub-early.cfg"
    mcopy -i "$boot_fat" "$work/root/tmp/$efi_name" "::/EFI/BOOT/$efi_name"
    rm -f "$work/root/tmp/$efi_name"
fi
rm -f "$work/root/tmp/lobbywall-grub-early.cfg"
mdir -i "$boot_fat" ::/EFI/BOOT

sync
log "done: $image ($(du -h --apparent-size "$image" | cut -f1), $(du -h "$image" | cut -f1) used)"
