#!/bin/bash -e
# pi-gen stage-lobbywall, step 01: install the lobbywall package and make the
# box boot straight to the wall.
#
# pi-gen runs this on the build host from this folder, with ROOTFS_DIR set and
# on_chroot available; 00-packages (the runtime dependencies) is installed
# before it. Put exactly one lobbywall_<version>_arm64.deb (or _armhf for a
# 32-bit image) into files/ first; see ../../README.md.

shopt -s nullglob
debs=(files/lobbywall_*.deb)
if [ ${#debs[@]} -ne 1 ]; then
	echo "stage-lobbywall: expected one lobbywall_*.deb in $(pwd)/files, found ${#debs[@]}" >&2
	exit 1
fi
install -m 644 "${debs[0]}" "${ROOTFS_DIR}/tmp/lobbywall.deb"

on_chroot << CHROOT
set -e
apt-get install -y --no-install-recommends /tmp/lobbywall.deb
rm -f /tmp/lobbywall.deb

# The wall and the first-boot provisioning start on boot.
systemctl enable lobbywall.service lobbywall-provision.service
systemctl set-default graphical.target

# tty1 belongs to the wall: no login prompt there, and no autologin of any
# kind (pi-gen's stage2 has none; a desktop stage would add one).
systemctl disable getty@tty1.service
rm -f /etc/systemd/system/getty@tty1.service.d/autologin.conf

# A bounded persistent journal: SD cards wear out and fill up.
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=persistent\nSystemMaxUse=200M\n' > /etc/systemd/journald.conf.d/lobbywall.conf
CHROOT
