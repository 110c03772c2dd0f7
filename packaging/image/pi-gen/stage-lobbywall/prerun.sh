#!/bin/bash -e
# pi-gen stage-lobbywall: start from the previous stage's root filesystem
# (stage2, Raspberry Pi OS Lite: no desktop, so no desktop autologin).
if [ ! -d "${ROOTFS_DIR}" ]; then
	copy_previous
fi
