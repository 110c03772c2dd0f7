#!/bin/bash
# make-image.sh: turns a root filesystem made by build-rootfs.sh into a
# bootable UEFI disk image (GPT: a FAT partition, then ext4 root) that can be
# written to a USB stick, an SSD or an eMMC with dd, bmaptool or Etcher.
#
#   sudo packaging/image/debian/make-image.sh ROOTFS_DIR IMAGE_FILE [SIZE]
#
# SIZE defaults to 4G; packaging/image/README.md says how to grow the root
# partition to the whole disk after flashing.
#
# The FAT partition (label LWBOOT) is the EFI system partition and is mounted
# at /boot/firmware, so it is both where GRUB boots from and where IT drops
# lobbywall.toml for first-boot provisioning, visible from any laptop.
#
# Needs root, loop devices, sfdisk (fdisk), mkfs.vfat (dosfstools) and
# mkfs.ext4; works without udev (partitions are mapped by offset).
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 ROOTFS_DIR IMAGE_FILE [SIZE]" >&2; exit 2; }
rootfs=$(realpath "$1")
image=$(realpath -m "$2")
size=${3:-4G}
[ "$(id -u)" -eq 0 ] || { echo "make-image: run as root" >&2; exit 1; }
[ -x "$rootfs/usr/bin/lobbywall" ] || { echo "make-image: $rootfs has no lobbywall; run build-rootfs.sh first" >&2; exit 1; }
ls "$rootfs"/boot/vmlinuz-* >/dev/null 2>&1 || { echo "make-image: $rootfs has no kernel (built with --no-kernel?)" >&2; exit 1; }
for tool in sfdisk mkfs.vfat mkfs.ext4 losetup; do
    command -v "$tool" >/dev/null || { echo "make-image: $tool is missing (apt-get install fdisk dosfstools e2fsprogs mount)" >&2; exit 1; }
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
map_partition() {
    local number=$1 start sectors loop
    start=$(sfdisk --json "$image" | python3 -c "import json,sys; print(json.load(sys.stdin)['partitiontable']['partitions'][$number-1]['start'])")
    sectors=$(sfdisk --json "$image" | python3 -c "import json,sys; print(json.load(sys.stdin)['partitiontable']['partitions'][$number-1]['size'])")
    loop=$(losetup --find --show --offset $((start * 512)) --sizelimit $((sectors * 512)) "$image")
    loops+=("$loop")
    printf '%s' "$loop"
}
boot_dev=$(map_partition 1)
root_dev=$(map_partition 2)
mkfs.vfat -F 32 -n LWBOOT "$boot_dev" >/dev/null
mkfs.ext4 -q -L lobbywall-root "$root_dev"

log "copying $rootfs"
mkdir -p "$work/root"
mount "$root_dev" "$work/root"
mounts+=("$work/root")
cp -a "$rootfs/." "$work/root/"
mkdir -p "$work/root/boot/firmware"
mount "$boot_dev" "$work/root/boot/firmware"
mounts+=("$work/root/boot/firmware")

cat >"$work/root/etc/fstab" <<'EOF'
# lobbywall box: root, and the FAT partition (EFI boot + provisioning files).
LABEL=lobbywall-root  /               ext4  errors=remount-ro,noatime  0 1
LABEL=LWBOOT          /boot/firmware  vfat  umask=0077,nofail          0 2
EOF

log "installing GRUB ($efi_target, removable path, no NVRAM entry)"
for fs in proc sys dev; do
    mount --bind "/$fs" "$work/root/$fs"
    mounts+=("$work/root/$fs")
done
mkdir -p "$work/root/etc/default/grub.d"
cat >"$work/root/etc/default/grub.d/lobbywall.cfg" <<'EOF'
# lobbywall box: straight to the wall, quietly, no text cursor on tty1.
GRUB_TIMEOUT=1
GRUB_CMDLINE_LINUX_DEFAULT="quiet loglevel=3 vt.global_cursor_default=0"
GRUB_DISABLE_OS_PROBER=true
EOF
chroot "$work/root" grub-install --target="$efi_target" --efi-directory=/boot/firmware \
    --removable --no-nvram --boot-directory=/boot
chroot "$work/root" grub-mkconfig -o /boot/grub/grub.cfg 2>&1 | grep -v "^Warning: os-prober" || true
# grub-mkconfig inside the image sees loop devices; the root is found by
# label instead, which is the same on the real disk.
sed -i -E 's#root=[^ ]+#root=LABEL=lobbywall-root#' "$work/root/boot/grub/grub.cfg"
grep -q "root=LABEL=lobbywall-root" "$work/root/boot/grub/grub.cfg" || {
    echo "make-image: grub.cfg has no kernel entry" >&2
    exit 1
}

sync
log "done: $image ($(du -h --apparent-size "$image" | cut -f1), $(du -h "$image" | cut -f1) used)"
