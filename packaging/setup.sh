#!/usr/bin/env bash
# Installs every Debian 12 package lobbywall needs to build, run and test.
# Idempotent: packages already present are skipped, and apt is not touched at
# all when nothing is missing. Run as root (or with sudo available).
#
#   packaging/setup.sh                 what the README's two commands need
#   packaging/setup.sh --with image    also the image recipe and its QEMU boot
#                                      test (tests/packaging/qemu-boot.sh)
#   packaging/setup.sh --with fuzz     also clang and libFuzzer (tests/fuzz/run.sh)
#   packaging/setup.sh --with cross    also the arm64 cross-build and its tests under
#                                      qemu-user (scripts/cross-build-arm64.sh); adds
#                                      the arm64 architecture to dpkg
set -euo pipefail

extras=()
while [ $# -gt 0 ]; do
  case "$1" in
    --with)
      case "${2:-}" in
        image) extras+=(debootstrap fdisk dosfstools mtools qemu-system-x86 ovmf) ;;
        fuzz) extras+=(clang libclang-rt-14-dev) ;;
        # The build's libraries for arm64 beside the amd64 ones (multiarch; all are
        # Multi-Arch: same, nlohmann-json and CLI11 are arch-independent), the GL
        # drivers the arm64 tests draw with, the cross compiler and qemu-user.
        cross)
          arm64=(libimgui-dev libglfw3-dev libgl-dev libegl-dev libgles-dev libfreetype-dev
                 libharfbuzz-dev libstb-dev libcurl4-openssl-dev libsqlite3-dev libpugixml-dev
                 libgumbo-dev libtomlplusplus-dev libcpp-httplib-dev libssl-dev libsodium-dev
                 libqrencode-dev libwebp-dev libutf8proc-dev libfmt-dev libsystemd-dev libfribidi-dev libicu-dev
                 libegl-mesa0 libgl1-mesa-dri)
          extras+=(crossbuild-essential-arm64 qemu-user-static "${arm64[@]/%/:arm64}") ;;
        *) echo "setup: --with takes image, fuzz or cross, not '${2:-}'" >&2; exit 2 ;;
      esac
      shift 2 ;;
    *) echo "setup: unknown option '$1' (try --with image, fuzz or cross)" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git ca-certificates
  # wall renderer: Dear ImGui 1.86 (static, FreeType), GLFW, GL, FreeType, stb
  # (libgles-dev: GLES2/gl2.h for the backend's ES 2 flavour; nothing links libGLESv2)
  libimgui-dev libglfw3-dev libgl-dev libegl-dev libgles-dev libfreetype-dev libharfbuzz-dev libstb-dev
  # libraries, one per job (see README "Dependencies")
  libcurl4-openssl-dev libsqlite3-dev nlohmann-json3-dev libpugixml-dev libgumbo-dev
  libtomlplusplus-dev libcpp-httplib-dev libssl-dev libsodium-dev libqrencode-dev
  libwebp-dev libutf8proc-dev libfmt-dev libcli11-dev libsystemd-dev
  # fonts shown on the wall
  fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
  # world text (app/text): FriBidi for bidi, ICU for line breaks, the Noto UI
  # fonts for Arabic and the Indic and Southeast Asian scripts; hb-shape
  # (libharfbuzz-bin) is the shaping tests' independent reference
  libfribidi-dev libicu-dev fonts-noto-ui-core libharfbuzz-bin
  # tests: Catch2, headless X with Mesa's software GL, QR decoding
  catch2 xvfb xauth libgl1-mesa-dri libegl-mesa0 mesa-utils zbar-tools lintian shellcheck
  # tests: monitor hot-plug and display power under real wlroots compositors
  # (tests/platform/sway-hotplug.sh: sway's Xwayland, grim's pictures,
  # wlr-randr; and cage, which the unit runs the wall under)
  sway xwayland grim wlr-randr cage python3
  # IT's signed apt repository for the boxes (packaging/repo/make-repo.sh) and its test
  reprepro gnupg
  # tests of operations: a real HTTP proxy ([net] proxy), and promtool for
  # /metrics and the example alert rules (and Prometheus for the scrape check)
  tinyproxy prometheus curl
  # the console's browser test: Debian's chromium, node, and npm unless node brought its own
  chromium nodejs $(command -v npm >/dev/null || echo npm)
  # the fleet's end-to-end test: Debian's nginx in front of the hub (packaging/nginx/),
  # openssl for its test certificate, sqlite3 to read each screen's own store
  nginx openssl sqlite3
  # optional groups asked for with --with
  ${extras[@]+"${extras[@]}"}
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]}" == *:arm64* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
