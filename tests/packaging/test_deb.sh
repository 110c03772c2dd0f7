#!/usr/bin/env bash
# Tests of the Debian package: built with cpack from the already-built binary,
# then inspected with dpkg-deb, run from an extracted copy, checked by lintian
# and systemd-analyze. Nothing is installed on the machine.
#
#   test_deb.sh build CPACK_CONFIG DEB_DIR     make DEB_DIR/lobbywall_*.deb (the fixture)
#   test_deb.sh CASE DEB_DIR VERSION [DEFS]    one check (DEFS: lobbywall_platform's
#                                              compile definitions); CASE is one of:
#     control contents scripts binary lintian units
# Exit 0: pass, 1: fail, 77: skipped (a tool is not installed).
set -euo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
skip() {
    echo "SKIP: $*"
    exit 77
}
# expect_line TEXT PATTERN WHAT: TEXT has a line matching the extended regex PATTERN.
expect_line() {
    grep -Eq -- "$2" <<<"$1" || fail "$3 (no line matching '$2')"
}

case_name=$1
shift

if [ "$case_name" = build ]; then
    config=$1 out=$2
    rm -rf "$out"
    mkdir -p "$out"
    cpack -G DEB --config "$config" -B "$out" >"$out/cpack.log" 2>&1 || {
        cat "$out/cpack.log"
        fail "cpack could not build the package"
    }
    ls "$out"/lobbywall_*.deb >/dev/null 2>&1 || fail "cpack wrote no lobbywall_*.deb"
    echo "built $(ls "$out"/lobbywall_*.deb)"
    exit 0
fi

deb_dir=$1 version=$2 platform_defs=${3:-}
debs=("$deb_dir"/lobbywall_"$version"_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || fail "no package for version $version in $deb_dir"
work=$(mktemp -d "$deb_dir/$case_name.XXXXXX")
trap 'rm -rf "$work"' EXIT

case $case_name in
control)
    info=$(dpkg-deb -f "$deb")
    expect_line "$info" "^Package: lobbywall$" "package name"
    expect_line "$info" "^Version: $version$" "version from the project"
    expect_line "$info" "^Maintainer: .+ <.+@.+>$" "maintainer with an address"
    expect_line "$info" "^Section: misc$" "section"
    expect_line "$info" "^Description: social wall for hospital waiting rooms$" "synopsis"
    depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//')
    # Hand-written run-time needs, then libraries found by dpkg-shlibdeps.
    for need in cage xwayland seatd adduser procps fonts-noto-core fonts-noto-color-emoji \
        libgl1-mesa-dri libegl-mesa0 "libc6 \(>= " "libglfw3 \(>= " "libstdc\+\+6 \(>= " libsystemd0; do
        expect_line "$depends" "^$need" "Depends lists $need"
    done
    # Screen off hours: wlr-randr (a cage with wlr-output-management), cec-ctl (HDMI-CEC).
    recommends=$(dpkg-deb -f "$deb" Recommends | tr ',' '\n' | sed 's/^ *//')
    for want in fonts-noto-cjk wlr-randr v4l-utils systemd-coredump; do
        expect_line "$recommends" "^$want$" "Recommends lists $want"
    done
    ;;
contents)
    listing=$(dpkg-deb -c "$deb")
    # path  mode  (every line: one file the package must hold, with its permissions)
    while read -r path mode; do
        expect_line "$listing" "^$mode root/root .* \./$path$" "$path with mode $mode"
    done <<'EOF'
usr/bin/lobbywall -rwxr-xr-x
usr/libexec/lobbywall/lobbywall-provision -rwxr-xr-x
usr/libexec/lobbywall/lobbywall-renderer -rwxr-xr-x
usr/libexec/lobbywall/lobbywall-session -rwxr-xr-x
usr/share/lobbywall/fallback.toml -rw-r--r--
usr/share/lobbywall/demo/demo.json -rw-r--r--
usr/share/lobbywall/demo/logo.png -rw-r--r--
etc/lobbywall/lobbywall.toml -rw-r--r--
lib/systemd/system/lobbywall.service -rw-r--r--
lib/systemd/system/lobbywall-headless.service -rw-r--r--
lib/systemd/system/lobbywall-provision.service -rw-r--r--
usr/share/doc/lobbywall/copyright -rw-r--r--
usr/share/doc/lobbywall/changelog.Debian.gz -rw-r--r--
usr/share/doc/lobbywall/README.md -rw-r--r--
usr/share/doc/lobbywall/lobbywall.toml.example -rw-r--r--
usr/share/doc/lobbywall/examples/prometheus/lobbywall-alerts.yml -rw-r--r--
usr/share/man/man1/lobbywall.1.gz -rw-r--r--
EOF
    # Every demo asset in the source tree made it in.
    src_assets=$(cd "$(dirname "$0")/../../assets" && find . -type f | sort)
    while read -r asset; do
        expect_line "$listing" " \./usr/share/lobbywall/${asset#./}$" "asset $asset"
    done <<<"$src_assets"
    # Nothing from the build or test trees leaked in.
    if grep -Eq '(CMakeFiles|\.o$|\.a$|/tests?/|/include/)' <<<"$listing"; then
        fail "build or test files in the package: $(grep -E '(CMakeFiles|\.o$|\.a$|/tests?/|/include/)' <<<"$listing" | head -3)"
    fi
    ;;
scripts)
    dpkg-deb -e "$deb" "$work/control"
    conffiles=$(cat "$work/control/conffiles")
    [ "$conffiles" = /etc/lobbywall/lobbywall.toml ] || fail "conffiles: $conffiles"
    for script in preinst postinst prerm postrm; do
        [ -x "$work/control/$script" ] || fail "$script missing or not executable"
        sh -n "$work/control/$script" || fail "$script has a syntax error"
        if command -v shellcheck >/dev/null; then
            shellcheck -s sh "$work/control/$script" || fail "shellcheck complains about $script"
        fi
    done
    postinst=$(cat "$work/control/postinst")
    expect_line "$postinst" "adduser --system .*lobbywall" "postinst creates the system user"
    expect_line "$postinst" "for group in video render input" "postinst adds the user to the device groups"
    expect_line "$postinst" "chmod 0750" "postinst makes the data directories private"
    expect_line "$postinst" "dpkg-statoverride --update --add root lobbywall 0640 /etc/lobbywall/lobbywall.toml" \
        "postinst narrows the config's permissions"
    expect_line "$postinst" "deb-systemd-helper enable" "postinst enables the units"
    expect_line "$postinst" "if \[ -d /run/systemd/system \]" "systemctl is guarded for chroots"
    expect_line "$(cat "$work/control/prerm")" "deb-systemd-invoke stop lobbywall.service" "prerm stops the wall"
    preinst=$(cat "$work/control/preinst")
    expect_line "$preinst" "^SCHEMA=[1-9][0-9]*$" "preinst knows the newest schema this version reads"
    expect_line "$preinst" "^VERSION=\"$version\"$" "preinst knows its own version"
    postrm=$(cat "$work/control/postrm")
    # Data goes only on purge: the rm -rf must sit in the purge branch.
    awk '/^    purge\)/{p=1} /^        ;;/{p=0} p' "$work/control/postrm" | grep -q "rm -rf /var/lib/lobbywall" ||
        fail "postrm deletes the data directories outside the purge branch, or not at all"
    expect_line "$postrm" "deb-systemd-helper mask" "postrm masks the units on remove"
    if command -v shellcheck >/dev/null; then
        shellcheck "$(dirname "$0")/../../packaging/provision/lobbywall-provision" ||
            fail "shellcheck complains about lobbywall-provision"
        shellcheck "$(dirname "$0")/../../packaging/session/lobbywall-renderer" ||
            fail "shellcheck complains about lobbywall-renderer"
        shellcheck "$(dirname "$0")/../../packaging/session/lobbywall-session" ||
            fail "shellcheck complains about lobbywall-session"
    fi
    ;;
binary)
    # The packaged binary, run from an extracted copy: it checks the shipped
    # config, looks for its assets under /usr, and draws the demo from the
    # packaged assets.
    dpkg-deb -x "$deb" "$work/root"
    exe="$work/root/usr/bin/lobbywall"
    "$exe" --version | grep -qx "${version%-*}" || fail "lobbywall --version is not ${version%-*}"
    "$exe" check-config "$work/root/usr/share/lobbywall/fallback.toml" || fail "the fallback picture's config does not pass check-config"
    "$exe" check-config "$work/root/etc/lobbywall/lobbywall.toml" || fail "the shipped config does not pass check-config"
    "$exe" check-config "$work/root/usr/share/doc/lobbywall/lobbywall.toml.example" || fail "the example config does not pass check-config"
    # The conffile sets nothing: an unprovisioned box shows no example
    # hospital, polls no example feed and shows no QR code to a dead address.
    if grep -Eq '^[[:space:]]*([A-Za-z_]+[[:space:]]*=|\[\[)' "$work/root/etc/lobbywall/lobbywall.toml"; then
        fail "the shipped conffile sets values: $(grep -E '^[[:space:]]*([A-Za-z_]+[[:space:]]*=|\[\[)' "$work/root/etc/lobbywall/lobbywall.toml" | head -3)"
    fi
    # The asset folder compiled into the binary (the string itself is not
    # searchable: the compiler splits short literals into instructions).
    grep -qF 'LOBBYWALL_INSTALL_ASSETS="/usr/share/lobbywall"' <<<"$platform_defs" ||
        fail "lobbywall_platform is not built to look for assets in /usr/share/lobbywall: $platform_defs"
    if readelf --section-headers "$exe" | grep -q "\.symtab"; then fail "the packaged binary is not stripped"; fi
    LOBBYWALL_ASSETS="$work/root/usr/share/lobbywall" "$exe" --demo --screenshot "$work/shot.png" --size 640x360 ||
        fail "the packaged binary cannot draw the demo from the packaged assets"
    [ "$(head -c 4 "$work/shot.png" | od -An -tx1 | tr -d ' ')" = 89504e47 ] || fail "the screenshot is not a PNG"
    ;;
lintian)
    command -v lintian >/dev/null || skip "lintian is not installed"
    # Errors fail the test; warnings too, since none is expected (the tags at
    # info level are explained in docs/packaging.md).
    status=0
    out=$(lintian --fail-on error,warning --display-level ">=warning" "$deb" 2>&1) || status=$?
    out=$(grep -v "^running with root privileges" <<<"$out" || true)
    if [ $status -ne 0 ]; then
        echo "$out"
        fail "lintian found errors or warnings (exit status $status)"
    fi
    echo "$out"
    ;;
units)
    command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
    # verify checks that every ExecStart=/ExecReload= program exists, so it runs
    # inside a root made of the package, the system's own units, and stand-ins
    # for cage, env, kill, pkill and sh (the root is not a whole system).
    dpkg-deb -x "$deb" "$work/root"
    cp -an /lib/systemd/system/. "$work/root/lib/systemd/system/"
    for tool in /usr/bin/cage /usr/bin/env /bin/kill /usr/bin/pkill /bin/sh; do
        mkdir -p "$(dirname "$work/root$tool")"
        cp /bin/true "$work/root$tool"
    done
    units=("$work"/root/lib/systemd/system/lobbywall*.service)
    [ ${#units[@]} -eq 3 ] || fail "expected 3 lobbywall units, found ${#units[@]}"
    # Unknown keys and bad values are only warnings there: any output fails.
    out=$(systemd-analyze verify --man=no --root="$work/root" "${units[@]}" 2>&1) || fail "systemd-analyze verify: $out"
    [ -z "$out" ] || fail "systemd-analyze verify: $out"
    # The settings the issue asks for, on the wall's unit.
    wall=$(cat "$work/root/lib/systemd/system/lobbywall.service")
    for setting in "Type=notify" "NotifyAccess=all" "WatchdogSec=30" "Restart=always" "RestartSec=[0-9]+" \
        "StartLimitIntervalSec=0" "LimitCORE=infinity" "RuntimeDirectoryPreserve=restart" "User=lobbywall" "SupplementaryGroups=video" \
        "Environment=LIBSEAT_BACKEND=seatd" "Environment=XDG_RUNTIME_DIR=/run/lobbywall" \
        "RuntimeDirectory=lobbywall" "Environment=WLR_LIBINPUT_NO_DEVICES=1" "StateDirectory=lobbywall" \
        "CacheDirectory=lobbywall" "ConfigurationDirectory=lobbywall" "NoNewPrivileges=yes" \
        "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
        "ExecStart=/usr/libexec/lobbywall/lobbywall-renderer /usr/bin/cage -d -- /usr/libexec/lobbywall/lobbywall-session$"; do
        expect_line "$wall" "^$setting$" "lobbywall.service sets $setting"
    done
    # Every unit "OK" or better in systemd's own exposure score (below 5.0).
    for unit in "${units[@]}"; do
        out=$(systemd-analyze security --offline=true --threshold=49 --no-pager --root="$work/root" "$unit" 2>&1) ||
            fail "systemd-analyze security: $(tail -n 1 <<<"$out")"
        echo "$(basename "$unit"): $(tail -n 1 <<<"$out")"
    done
    if grep -Eq "^(PrivateDevices|DevicePolicy|ProtectClock)=" <<<"$wall"; then
        fail "lobbywall.service hides the GPU (PrivateDevices, DevicePolicy or ProtectClock)"
    fi
    expect_line "$(cat "$work/root/lib/systemd/system/lobbywall-headless.service")" "^Conflicts=lobbywall.service$" \
        "the headless unit conflicts with the wall"
    expect_line "$(cat "$work/root/lib/systemd/system/lobbywall-provision.service")" \
        "^Before=lobbywall.service" "provisioning runs before the wall"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
