# Cross-building lobbywall for arm64 (Raspberry Pi 4/5, arm64 Debian 12) on an
# amd64 Debian 12 machine, with Debian's multiarch: the arm64 libraries are
# ordinary packages (libfoo-dev:arm64) installed beside the amd64 ones under
# /usr/lib/aarch64-linux-gnu, and the compilers come from crossbuild-essential-arm64.
#
#   cmake -S . -B build-arm64 --toolchain cmake/toolchain-aarch64-linux-gnu.cmake
#
# scripts/cross-build-arm64.sh wraps this (configure, build, package, lintian);
# `packaging/setup.sh --with cross` installs what it needs.
#
# Tests: the arm64 test executables run under qemu-user (qemu-user-static),
# which CMake puts in front of every test command and Catch2's test discovery
# (CMAKE_CROSSCOMPILING_EMULATOR), so `ctest` works as in a native build.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(LOBBYWALL_CROSS_TRIPLET aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${LOBBYWALL_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${LOBBYWALL_CROSS_TRIPLET}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${LOBBYWALL_CROSS_TRIPLET})

# Multiarch puts the target's libraries in the host's own tree, so the root to
# search is / itself; programs (pkg-config, strip, gzip) are the build
# machine's, libraries, headers and CMake package files the target's.
set(CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkgconf's cross personality reads only /usr/lib/aarch64-linux-gnu/pkgconfig
# and /usr/share/pkgconfig, never the amd64 .pc files.
set(PKG_CONFIG_EXECUTABLE /usr/bin/${LOBBYWALL_CROSS_TRIPLET}-pkg-config CACHE FILEPATH "pkg-config for arm64")

# qemu-user runs the arm64 test programs. It finds the arm64 dynamic loader and
# libraries at their multiarch paths (libc6:arm64 installs
# /lib/ld-linux-aarch64.so.1), so it needs no sysroot (-L).
find_program(LOBBYWALL_QEMU_AARCH64 qemu-aarch64-static qemu-aarch64)
if(LOBBYWALL_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LOBBYWALL_QEMU_AARCH64})
endif()

# The Debian package's Architecture field (CPack asks dpkg, which says amd64).
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
