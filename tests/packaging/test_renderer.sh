#!/usr/bin/env bash
# packaging/session/lobbywall-renderer on made-up /sys trees: pixman only
# when every DRM device is display-only, OpenGL ES (WLR_RENDERER unset)
# whenever a GPU is there, and an admin's WLR_RENDERER always kept.
#
#   tests/packaging/test_renderer.sh
set -euo pipefail
script=$(cd "$(dirname "$0")/../../packaging/session" && pwd)/lobbywall-renderer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# A /sys with one DRM card per argument DRIVER[:VIRTIO_FEATURES], each with a
# connector entry next to it, as the kernel lays them out (the virtio layout
# as seen in a QEMU guest with -device virtio-vga).
make_sys() {
    local sys="$work/sys.$1" n=0 spec driver features
    shift
    rm -rf "$sys"
    mkdir -p "$sys/class/drm"
    for spec in "$@"; do
        driver=${spec%%:*}
        features=${spec#*:}
        mkdir -p "$sys/bus/any/drivers/$driver" "$sys/devices/dev$n" "$sys/class/drm/card$n" "$sys/class/drm/card$n-HDMI-A-1"
        if [ "$driver" = virtio_gpu ]; then
            # As on QEMU: the card's device is the PCI function (virtio-pci),
            # the GPU driver and the feature bits are on its virtioN child.
            mkdir -p "$sys/bus/any/drivers/virtio-pci" "$sys/devices/dev$n/virtio$n"
            ln -s "../../bus/any/drivers/virtio-pci" "$sys/devices/dev$n/driver"
            ln -s "../../../bus/any/drivers/$driver" "$sys/devices/dev$n/virtio$n/driver"
            echo "$features" >"$sys/devices/dev$n/virtio$n/features"
        else
            ln -s "../../bus/any/drivers/$driver" "$sys/devices/dev$n/driver"
        fi
        ln -s "../../../devices/dev$n" "$sys/class/drm/card$n/device"
        n=$((n + 1))
    done
    echo "$sys"
}

# expect WHAT WANTED [ENV...] -- DRIVERS...: WLR_RENDERER seen by the command.
expect() {
    local what=$1 wanted=$2 sys got
    shift 2
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    sys=$(make_sys "$failures-$RANDOM" "$@")
    got=$(env -u WLR_RENDERER "${env[@]}" LOBBYWALL_SYSFS="$sys" "$script" sh -c 'echo "${WLR_RENDERER:-unset}"' 2>"$work/err")
    if [ "$got" = "$wanted" ]; then
        echo "ok   $what: $got"
    else
        echo "FAIL $what: WLR_RENDERER=$got, expected $wanted" >&2
        failures=$((failures + 1))
    fi
    if [ "$wanted" = pixman ] && [ -z "${env[*]}" ] && ! grep -q "cage composites with pixman" "$work/err"; then
        echo "FAIL $what: no line on stderr saying why" >&2
        failures=$((failures + 1))
    fi
}

expect "QEMU virtio-vga (no 3D)" pixman -- virtio_gpu:0011000000000000000000000000000000000000000000000000000000000000
expect "QEMU virtio-vga-gl (virgl)" unset -- virtio_gpu:1111000000000000000000000000000000000000000000000000000000000000
expect "QEMU -vga std" pixman -- bochs-drm
expect "firmware framebuffer only" pixman -- simpledrm
expect "server BMC graphics" pixman -- ast
expect "Intel NUC" unset -- i915
expect "Intel Arc (xe)" unset -- xe
expect "AMD" unset -- amdgpu
expect "Raspberry Pi 4/5 (v3d + vc4)" unset -- v3d vc4-drm
expect "firmware framebuffer and a GPU" unset -- simpledrm i915
expect "BMC graphics and an AMD card" unset -- ast amdgpu
expect "no DRM device at all" unset --
expect "admin's choice kept (gles2 on virtio-vga)" gles2 WLR_RENDERER=gles2 -- virtio_gpu:0000
expect "admin's choice kept (pixman on Intel)" pixman WLR_RENDERER=pixman -- i915

# The command is exec'd with its arguments intact (cage becomes the main PID).
sys=$(make_sys args i915)
out=$(LOBBYWALL_SYSFS="$sys" "$script" bash -c 'echo "$$ $# $1|$2"' argv0 "two words" '$HOME')
if [ "${out#* }" = '2 two words|$HOME' ]; then
    echo "ok   arguments passed through: ${out#* }"
else
    echo "FAIL arguments mangled: $out" >&2
    failures=$((failures + 1))
fi
if command -v shellcheck >/dev/null; then
    shellcheck "$script" && echo "ok   shellcheck" || { echo "FAIL shellcheck" >&2; failures=$((failures + 1)); }
fi
[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
