#!/usr/bin/env bash
# Boot test of the Debian disk image in QEMU: UEFI firmware with Secure Boot
# on and Microsoft's keys enrolled -> shim -> signed GRUB -> signed kernel ->
# systemd -> lobbywall-provision.service (files on the FAT partition) ->
# lobbywall.service (cage, seatd, Xwayland, Type=notify) -> the wall on the
# VM's DRM/KMS output. Then the same copy again (a crash loop, an upgrade and
# a rollback, a refused downgrade), and a second copy of the image with
# another MAC address and serial number, whose identity (machine-id, DHCP
# client id, SSH host keys, host name) must differ from the first's. Not part
# of CTest: it needs root (loop mounts), QEMU, OVMF and minutes of CPU (no KVM
# needed; it is slow under TCG).
#
#   tests/packaging/qemu-boot.sh [options] IMAGE
#
# IMAGE is made by packaging/image/debian/make-image.sh; it is not changed:
# the test boots a sparse copy. Options:
#   --work DIR       keep the copy, serial log, screenshots and journal here
#                    (default: a new folder under /tmp, kept at the end)
#   --timeout S      seconds to wait for the wall to be up (default 1200)
#   --display DEV    QEMU display device (default virtio-vga)
#   --memory MB      guest memory (default 2048)
#   --kvm            use KVM (default: TCG, which works everywhere)
#   --one-boot       skip the second boot of the first copy and the second
#                    copy
#   --one-copy       skip the second copy (its identity and notice)
#   --no-secure-boot OVMF without Secure Boot (an image with unsigned GRUB)
#   --upgrade-deb F  a newer lobbywall package (e.g. revision -2) that the
#                    second boot installs and then rolls back from, with
#                    dpkg -i and no terminal: a conffile question fails it
#   --rollback-deb F the package the image holds, for the rollback
#   --lobbywall BIN  a lobbywall binary on this machine, to read the guest's
#                    account database afterwards (default build/app/lobbywall)
#
# What it does: copies the image, adds console=ttyS0 and
# systemd.journald.forward_to_console=1 to the copy's kernel command line
# (test only; the image's own grub.cfg is quiet), puts lobbywall.toml (with
# {hostname} and {serial} and an unreachable feed) and lobbywall-users.txt on
# the FAT partition, boots with OVMF and watches the serial console; takes
# screenshots over QMP once lobbywall.service is started (Type=notify: after
# the first frame), powers the VM off over ACPI and then reads the copy:
# the FAT partition, /etc/lobbywall and the guest's persistent journal.
# Prints PASS/FAIL per check; exit status 1 when any check failed.
#
# Needs (Debian 12): qemu-system-x86 ovmf mtools fdisk e2fsprogs python3.
set -uo pipefail

work="" timeout=1200 display=virtio-vga memory=2048 accel=tcg second_boot=yes second_copy=yes secure_boot=yes
upgrade_deb="" rollback_deb=""
lobbywall=$(dirname "$0")/../../build/app/lobbywall
while [ $# -gt 0 ]; do
    case $1 in
        --work) work=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --display) display=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --kvm) accel=kvm; shift ;;
        --one-boot) second_boot=no; shift ;;
        --one-copy) second_copy=no; shift ;;
        --no-secure-boot) secure_boot=no; shift ;;
        --upgrade-deb) upgrade_deb=$(realpath "$2"); shift 2 ;;
        --rollback-deb) rollback_deb=$(realpath "$2"); shift 2 ;;
        --lobbywall) lobbywall=$2; shift 2 ;;
        -h | --help) sed -n '2,47p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: $0 [options] IMAGE" >&2; exit 2; }
image=$(realpath "$1")
[ "$(id -u)" -eq 0 ] || { echo "run as root (loop mounts)" >&2; exit 1; }
[ -f "$image" ] || { echo "no such image: $image" >&2; exit 1; }
# QEMU, OVMF, mtools, fdisk when missing
"$(dirname "$(realpath "$0")")/../../packaging/setup.sh" --with image >/dev/null
if [ "$secure_boot" = yes ]; then
    # Secure Boot firmware (needs SMM) with Microsoft's keys enrolled, as a
    # PC comes from the shop.
    ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
    ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
    machine=q35,smm=on
    secure_opts=(-global "driver=cfi.pflash01,property=secure,value=on")
else
    ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd
    ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.fd
    machine=q35
    secure_opts=()
fi
for f in "$ovmf_code" "$ovmf_vars"; do
    [ -f "$f" ] || { echo "missing $f (packaging/setup.sh --with image)" >&2; exit 1; }
done
for tool in qemu-system-x86_64 mcopy mdir sfdisk python3 journalctl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (packaging/setup.sh --with image)" >&2; exit 1; }
done

[ -n "$work" ] || work=$(mktemp -d /tmp/lobbywall-qemu.XXXXXX)
mkdir -p "$work"
work=$(realpath "$work")
disk="$work/disk.img"   # the copy being prepared or read: the first, then the second
serial="$work/serial.log"
qmp_sock="$work/qmp.sock"
mnt="$work/root"
export MTOOLS_SKIP_CHECK=1

pass=0 fail=0
check() {
    local what=$1
    shift
    if "$@"; then
        echo "PASS $what"
        pass=$((pass + 1))
    else
        echo "FAIL $what"
        fail=$((fail + 1))
    fi
}
log() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

qemu_pid="" loop=""
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null
        sleep 2
        if kill -0 "$qemu_pid" 2>/dev/null; then kill -9 "$qemu_pid"; fi
    fi
    mountpoint -q "$mnt" && umount "$mnt"
    [ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Partition N of the copy: "START_BYTES SIZE_BYTES".
partition() {
    sfdisk --json "$disk" | python3 -c "
import json, sys
p = json.load(sys.stdin)['partitiontable']['partitions'][$1 - 1]
print(p['start'] * 512, p['size'] * 512)"
}
mount_root() {
    local start size
    read -r start size < <(partition 2)
    loop=$(losetup --find --show --offset "$start" --sizelimit "$size" "$disk") || return 1
    mkdir -p "$mnt"
    mount "$loop" "$mnt"
}
umount_root() {
    umount "$mnt" && losetup -d "$loop" && loop=""
}

# One QMP command (JSON arguments optional); prints the reply.
qmp() {
    python3 - "$qmp_sock" "$1" "${2:-}" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(60)
s.connect(sys.argv[1])
f = s.makefile("rw")
json.loads(f.readline())                       # greeting
f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n"); f.flush()
json.loads(f.readline())
cmd = {"execute": sys.argv[2]}
if sys.argv[3]:
    cmd["arguments"] = json.loads(sys.argv[3])
f.write(json.dumps(cmd) + "\n"); f.flush()
while True:
    reply = json.loads(f.readline())
    if "event" not in reply:
        print(json.dumps(reply))
        sys.exit(0 if "return" in reply else 1)
PY
}

# PPM (from screendump) -> PNG, and a summary: size, share of the most common
# colour, distinct colours, share of pixels that are not black.
ppm_to_png() {
    python3 - "$1" "$2" <<'PY'
import collections, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
fields, pos = [], 0
while len(fields) < 4:                          # P6 W H MAX, then one whitespace byte
    while data[pos:pos + 1].isspace(): pos += 1
    end = pos
    while not data[end:end + 1].isspace(): end += 1
    fields.append(data[pos:end]); pos = end
pos += 1
w, h = int(fields[1]), int(fields[2])
px = data[pos:pos + w * h * 3]
rows = b"".join(b"\0" + px[y * w * 3:(y + 1) * w * 3] for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[2], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
counts = collections.Counter(px[i:i + 3] for i in range(0, len(px), 3 * 7))   # every 7th pixel
total = sum(counts.values())
top, n = counts.most_common(1)[0]
black = sum(c for p, c in counts.items() if max(p) < 8)
print(f"{w}x{h} top=#{top.hex()} {100 * n / total:.1f}% colours={len(counts)} nonblack={100 * (total - black) / total:.1f}%")
PY
}

# prepare_copy DISK MB: a sparse copy of the image, grown to MB (the box
# grows its root file system on first boot), with the test kernel command
# line and the test-only unit (tests/packaging/qemu-guest-checks.sh).
prepare_copy() {
    disk=$1
    log "copying $image to $disk (grown to $2 MB)"
    cp --sparse=always "$image" "$disk"
    truncate -s "${2}M" "$disk"
    mount_root || { echo "cannot mount the root partition of $disk" >&2; exit 1; }
    sed -i -E '0,/^\s*linux /s#^(\s*linux .*)$#\1 console=tty0 console=ttyS0,115200n8 systemd.show_status=1 systemd.journald.forward_to_console=1#' \
        "$mnt/boot/grub/grub.cfg"
    cmdline_set=$(grep -c "console=ttyS0" "$mnt/boot/grub/grub.cfg")
    install -m 0755 "$(dirname "$(realpath "$0")")/qemu-guest-checks.sh" "$mnt/usr/local/sbin/lobbywall-test-checks"
    cat >"$mnt/etc/systemd/system/lobbywall-test.service" <<'UNIT'
# Test only (tests/packaging/qemu-boot.sh): never part of an image.
[Unit]
Description=lobbywall QEMU test checks
Wants=network-online.target
After=network-online.target lobbywall-provision.service lobbywall.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/lobbywall-test-checks identity
ExecStart=/usr/local/sbin/lobbywall-test-checks steps

[Install]
WantedBy=multi-user.target
UNIT
    mkdir -p "$mnt/etc/systemd/system/multi-user.target.wants"
    ln -sf /etc/systemd/system/lobbywall-test.service "$mnt/etc/systemd/system/multi-user.target.wants/"
    # Test only: under TCG, writing the crashed wall's core (about 150 MB of
    # memory) took 40 to 60 s, compressed or not, while the wall is frozen;
    # the 30 s watchdog then restarted the whole service before the session
    # could report the crash (seen in the first two runs; the wall came back
    # each time). On real hardware the core takes a second or two. So the
    # copy's watchdog is 180 s, and cores are stored uncompressed.
    mkdir -p "$mnt/etc/systemd/coredump.conf.d" "$mnt/etc/systemd/system/lobbywall.service.d"
    printf '[Coredump]\nCompress=no\n' >"$mnt/etc/systemd/coredump.conf.d/qemu-test.conf"
    printf '# Test only (qemu-boot.sh): TCG writes cores slowly.\n[Service]\nWatchdogSec=180\n' \
        >"$mnt/etc/systemd/system/lobbywall.service.d/qemu-test.conf"
    image_identity=$(cat "$mnt/etc/machine-id")
    image_hostname=$(cat "$mnt/etc/hostname")
    image_keys=$(find "$mnt/etc/ssh" -name 'ssh_host_*' 2>/dev/null | wc -l)
    image_dbus=$(readlink "$mnt/var/lib/dbus/machine-id" || echo "a file")
    journal_before=$(find "$mnt/var/log/journal" -name '*.journal' 2>/dev/null | wc -l)
    conffile_md5=$(awk '/^Package: lobbywall$/ {p = 1} p && $1 == "/etc/lobbywall/lobbywall.toml" {print $2; exit}' "$mnt/var/lib/dpkg/status")
    umount_root
    read -r fat_start _ < <(partition 1)
    fat="$disk@@$fat_start"
}

# 1. The first copy, its provisioning files.
prepare_copy "$disk" 6144
check "test kernel command line set (serial console)" test "$cmdline_set" -ge 1
check "image: machine-id uninitialized (each box makes its own)" test "$image_identity" = uninitialized
check "image: /var/lib/dbus/machine-id is a link to /etc/machine-id" test "$image_dbus" = /etc/machine-id
check "image: no SSH host keys" test "$image_keys" -eq 0
check "image: no host name" test -z "$image_hostname"
check "image: dpkg knows the conffile's checksum" test -n "$conffile_md5"
disk_a=$disk

cat >"$work/lobbywall.toml" <<'EOF'
# Provisioned by tests/packaging/qemu-boot.sh
[wall]
hospital_name = "QEMU {hostname} {serial}"
layout = "grid"

[[prompt]]
text = "Share your story with"
hashtag = "LobbyTest"
url = "https://example.org/tags/LobbyTest"

# Unreachable on purpose (the VM has no route out): the wall must still come up.
[[source]]
name = "news"
kind = "web_feed"
url = "https://feeds.invalid/news.rss"
approval = "auto"
EOF
cat >"$work/lobbywall-users.txt" <<'EOF'
# NAME ROLE PASSWORD
alice admin correct horse battery staple
bob moderator another long passphrase
EOF
printf 'Lobby-{serial}\r\n' >"$work/lobbywall-hostname.txt"
mcopy -o -i "$fat" "$work/lobbywall.toml" "$work/lobbywall-users.txt" "$work/lobbywall-hostname.txt" ::/
check "provisioning files on the FAT partition" bash -c "mdir -b -i '$fat' ::/ | grep -qi lobbywall-users.txt && mdir -b -i '$fat' ::/ | grep -qix ::/lobbywall.toml"
expected_hostname=lobby-qemu-sn-42

# 2. Boot. start_vm SERIAL_LOG DISK VARS MAC SMBIOS_SERIAL starts QEMU in the
# background.
cp "$ovmf_vars" "$work/OVMF_VARS.fd"
cp "$ovmf_vars" "$work/OVMF_VARS-b.fd"
start_vm() {
    serial=$1
    rm -f "$serial" "$qmp_sock"
    log "booting $2 ($accel, $display, ${memory} MB, Secure Boot $secure_boot, MAC $4, serial $5); serial console in $serial"
    started=$(date +%s)
    qemu-system-x86_64 -machine "$machine",accel="$accel" -smp 2 -m "$memory" \
        ${secure_opts[@]+"${secure_opts[@]}"} \
        -drive if=pflash,format=raw,readonly=on,file="$ovmf_code" \
        -drive if=pflash,format=raw,file="$3" \
        -drive file="$2",format=raw,if=virtio \
        -device "$display" -display none \
        -smbios type=1,serial="$5" \
        -nic user,model=virtio-net-pci,restrict=on,mac="$4" \
        -serial file:"$serial" -qmp unix:"$qmp_sock",server=on,wait=off \
        -no-reboot >>"$work/qemu.log" 2>&1 &
    qemu_pid=$!
}
start_vm "$serial" "$disk_a" "$work/OVMF_VARS.fd" 52:54:00:12:34:01 QEMU-SN-42

# Waits until the serial log matches REGEX; fails when QEMU ends or after S seconds.
wait_serial() {
    local regex=$1 limit=$2
    while [ $(($(date +%s) - started)) -lt "$limit" ]; do
        grep -aEq "$regex" "$serial" 2>/dev/null && return 0
        kill -0 "$qemu_pid" 2>/dev/null || return 1
        sleep 2
    done
    return 1
}
since() { echo $(($(date +%s) - started)); }

# The kernel itself is quiet (loglevel=3); systemd's first line shows it ran.
wait_serial 'systemd\[1\]' 300 && echo "info systemd started $(since) s after QEMU started (UEFI, shim, GRUB, kernel)"
check "UEFI firmware booted shim, GRUB, the kernel and systemd" grep -aq 'systemd\[1\]' "$serial"
wait_serial 'lobbywall-provision|Reached target.*Multi-User|Reached target.*Graphical' "$timeout"
# wall_started [WHICH]: lobbywall.service started on this boot, or failed
# (bounded by $timeout); true when it started. Type=notify: "Started" is
# printed only after lobbywall's READY=1 (its first frame).
wall_started() {
    wait_serial 'Started.*lobbywall social wall|Failed to start.*lobbywall social wall|lobbywall.service: Start request repeated' "$timeout" &&
        grep -aq 'Started.*lobbywall social wall' "$serial" || return 1
    echo "info ${1:-}lobbywall.service started (READY=1) $(since) s after QEMU started"
}
check "lobbywall.service started (READY=1 after the first frame)" wall_started
check "provisioning ran" grep -aEq 'Finished.*lobbywall provisioning|Started.*lobbywall provisioning' "$serial"

# 3. Pictures: right away, and later (the wall keeps running, nothing restarts).
shot() {
    qmp screendump "{\"filename\": \"$work/$1.ppm\"}" >/dev/null && sleep 1 &&
        ppm_to_png "$work/$1.ppm" "$work/$1.png" && rm -f "$work/$1.ppm"
}
# check_wall_shot NAME WHEN CHECK: a screenshot NAME.png whose pixels are
# mostly the dark theme's background #0F1B2D: the wall, not a console or a
# black screen.
check_wall_shot() {
    local summary
    summary=$(shot "$1") || summary=""
    echo "info screenshot $work/$1.png$2: $summary"
    check "$3" bash -c "[[ '$summary' =~ top=#0f1b2d\ ([0-9]+) ]] && [ \${BASH_REMATCH[1]} -ge 30 ]"
}
if kill -0 "$qemu_pid" 2>/dev/null; then
    sleep 20
    check_wall_shot wall-1 "" "screen shows the wall (background #0f1b2d dominant)"
    sleep 60
    check_wall_shot wall-2 " (80 s later)" "wall still on screen after 80 s (watchdog kept happy)"
fi
# wait_checks S: the test unit wrote what it saw (bounded by S seconds).
wait_checks() {
    wait_serial 'Finished.*lobbywall QEMU test checks|Failed to start.*lobbywall QEMU test checks' "$1" >/dev/null
}
wait_checks 600

# 4. Power off over ACPI (logind handles the power button), bounded.
stop_vm() {
    if kill -0 "$qemu_pid" 2>/dev/null; then
        log "powering off"
        qmp system_powerdown >/dev/null
        for _ in $(seq 150); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 2; done
        if kill -0 "$qemu_pid" 2>/dev/null; then
            echo "info no clean power-off within 300 s; quitting QEMU"
            qmp quit >/dev/null 2>&1
            sleep 3
        fi
    fi
    cleanup
    qemu_pid=""
    echo "info QEMU ran $(since) s"
}
stop_vm

# 5. The disk afterwards.
log "reading the disk"
mdir -b -i "$fat" ::/ | sed 's/^/info FAT: /'
check "boot copy renamed lobbywall.toml.applied" bash -c "mdir -b -i '$fat' ::/ | grep -qi 'lobbywall.toml.applied'"
check "no lobbywall.toml left on the FAT partition" bash -c "! mdir -b -i '$fat' ::/ | grep -qix '::/lobbywall.toml'"
check "lobbywall-users.txt deleted from the FAT partition" bash -c "! mdir -b -i '$fat' ::/ | grep -qi 'lobbywall-users'"
check "lobbywall-hostname.txt renamed .applied" bash -c "mdir -b -i '$fat' ::/ | grep -qi 'lobbywall-hostname.txt.applied'"
mount_root || { echo "cannot mount the root partition after the boot" >&2; exit 1; }
drop_in="$mnt/etc/lobbywall/conf.d/50-provisioned.toml"
check "config installed as the drop-in with host name and serial filled in" \
    grep -q "hospital_name = \"QEMU $expected_hostname QEMU-SN-42\"" "$drop_in"
check "the conffile is untouched (dpkg's checksum)" \
    test "$(md5sum <"$mnt/etc/lobbywall/lobbywall.toml" | cut -d' ' -f1)" = "$conffile_md5"
# Numeric: the guest's lobbywall group is unknown to this machine.
check "installed drop-in 640 root:lobbywall" \
    test "$(stat -c '%a %u:%g' "$drop_in")" = "640 0:$(awk -F: '$1 == "lobbywall" {print $3}' "$mnt/etc/group")"
jdir="$mnt/var/log/journal"
journal() { journalctl -D "$jdir" -b 0 --no-pager "$@" 2>/dev/null; }
journal -o short-monotonic >"$work/journal.txt"
journal -o short-monotonic -u lobbywall-provision.service >"$work/journal-provision.txt"
journal -o short-monotonic -u lobbywall.service >"$work/journal-wall.txt"
echo "info guest journal: $work/journal.txt ($(wc -l <"$work/journal.txt") lines; journal files before boot: $journal_before)"
check "provisioning logged the installed config" grep -q 'installed /etc/lobbywall/conf.d/50-provisioned.toml' "$work/journal-provision.txt"
check "provisioning logged 2 accounts created" grep -q 'created 2 account(s)' "$work/journal-provision.txt"
check "provisioning named the box from lobbywall-hostname.txt" grep -q "host name $expected_hostname (from" "$work/journal-provision.txt"
if [ -x "$lobbywall" ]; then
    # The guest's account database, read by this machine's lobbywall (a copy,
    # so nothing in the image changes).
    cp -a "$mnt/var/lib/lobbywall" "$work/state"
    STATE_DIRECTORY="$work/state" "$lobbywall" --config "$mnt/etc/lobbywall/lobbywall.toml" user list >"$work/users.txt" 2>&1
    sed 's/^/info account: /' "$work/users.txt"
    check "accounts alice (admin) and bob (moderator) in the guest's database" \
        bash -c "grep -Pq '^alice\tadmin\t' '$work/users.txt' && grep -Pq '^bob\tmoderator\t' '$work/users.txt'"
    rm -rf "$work/state"
else
    echo "skip account database check (no lobbywall binary at $lobbywall; --lobbywall BIN)"
fi
check "no password in the journal" bash -c "! grep -Eq 'horse|passphrase' '$work/journal.txt'"
check "lobbywall drew its first frame" grep -q 'first frame on screen' "$work/journal-wall.txt"
check "lobbywall.service never restarted (no crash, no watchdog timeout)" \
    bash -c "! grep -Eiq 'Scheduled restart job|watchdog timeout|lobbywall-session: the wall' '$work/journal-wall.txt'"
check "lobbywall.service stopped cleanly at power-off" \
    bash -c "grep -q 'Stopped lobbywall.service' '$work/journal-wall.txt' && ! grep -Eq 'Main process exited|Failed with result' '$work/journal-wall.txt'"
check "no crash (SEGV, abort, core dump) in the journal" \
    bash -c "! grep -Eq 'SIGSEGV|status=11/SEGV|status=6/ABRT|Assertion .* failed|dumped core' '$work/journal.txt'"
if [ "$secure_boot" = yes ]; then
    check "the kernel booted with Secure Boot on" grep -q 'secureboot: Secure boot enabled' "$work/journal.txt"
fi
check "first boot: the root file system was grown to the disk" grep -q 'grow-root: root file system: .* MB -> .* MB' "$work/journal.txt"
grep -h 'grow-root:' "$work/journal.txt" | sed 's/^/info /'
cp "$mnt/var/log/lobbywall-test/identity.txt" "$work/identity-a.txt" 2>/dev/null || : >"$work/identity-a.txt"
sed 's/^/info copy 1: /' "$work/identity-a.txt"
check "root file system over 5 GB on the 6 GB disk" \
    bash -c "[ \"\$(sed -n 's/^root-size-mb=//p' '$work/identity-a.txt')\" -gt 5000 ]"
first=$(grep -m1 'first frame on screen' "$work/journal-wall.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
ready=$(grep -m1 'Started lobbywall.service\|Started lobbywall social wall' "$work/journal.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
[ -n "$first" ] && echo "info first frame at ${first} s after kernel start (guest monotonic clock)"
[ -n "$ready" ] && echo "info lobbywall.service active at ${ready} s after kernel start"
grep -E 'renderer|drawing with|first frame|Started|Stopping|Stopped|exited|ABRT|Assertion' "$work/journal-wall.txt" |
    head -n 20 | sed 's/^/info wall: /'
# The second boot's steps: crashes, and the packages when given.
mkdir -p "$mnt/var/lib/lobbywall-test"
: >"$mnt/var/lib/lobbywall-test/steps"
if [ -n "$upgrade_deb" ] && [ -n "$rollback_deb" ]; then
    cp "$upgrade_deb" "$mnt/var/lib/lobbywall-test/upgrade.deb"
    cp "$rollback_deb" "$mnt/var/lib/lobbywall-test/rollback.deb"
fi
umount_root

# 6. A second boot with nothing new on the FAT partition: no provisioning,
# the wall comes back with the installed config, the journal keeps both
# boots; the wall is crashed twice, upgraded, refused a rollback across a
# newer database, and rolled back.
if [ "$second_boot" = yes ]; then
    start_vm "$work/serial-2.log" "$disk_a" "$work/OVMF_VARS.fd" 52:54:00:12:34:01 QEMU-SN-42
    check "second boot: lobbywall.service started" wall_started "second boot: "
    if kill -0 "$qemu_pid" 2>/dev/null; then
        sleep 20
        check_wall_shot wall-3 " (second boot)" "second boot: screen shows the wall"
    fi
    wait_checks 1500
    stop_vm
    mount_root || { echo "cannot mount the root partition after the second boot" >&2; exit 1; }
    journal -o short-monotonic >"$work/journal-2.txt"
    cp "$mnt/var/log/lobbywall-test/steps.txt" "$work/steps.txt" 2>/dev/null || : >"$work/steps.txt"
    cp "$mnt/var/log/lobbywall-test/dpkg.txt" "$work/dpkg.txt" 2>/dev/null || : >"$work/dpkg.txt"
    sed 's/^/info step: /' "$work/steps.txt"
    check "journal kept across the reboot (2 boots listed)" \
        test "$(journalctl -D "$jdir" --list-boots --no-pager 2>/dev/null | grep -c .)" -ge 2
    check "second boot: provisioning found nothing new" \
        bash -c "journalctl -D '$jdir' -b 0 -u lobbywall-provision.service --no-pager | grep -q 'nothing to provision'"
    check "second boot: config unchanged" \
        grep -q "hospital_name = \"QEMU $expected_hostname QEMU-SN-42\"" "$mnt/etc/lobbywall/conf.d/50-provisioned.toml"
    check "second boot: lobbywall drew its first frame" grep -q 'first frame on screen' "$work/journal-2.txt"
    check "crash 1 and 2: the wall came back each time" \
        bash -c "grep -q 'wall up again after crash 1' '$work/steps.txt' && grep -q 'wall up again after crash 2' '$work/steps.txt'"
    check "crash: the journal has the wall's signal (SEGV)" \
        grep -q 'lobbywall-session: the wall was killed by signal 11 (SEGV)' "$work/journal-2.txt"
    check "crash: the pause grew (5 s, then 10 s)" \
        bash -c "grep -q 'failure 1 in a row); showing the fallback picture and starting it again in 5 s' '$work/journal-2.txt' && grep -q 'failure 2 in a row); showing the fallback picture and starting it again in 10 s' '$work/journal-2.txt'"
    check "crash: systemd-coredump kept the core" grep -Eq 'Process [0-9]+ \(lobbywall\) .*dumped core' "$work/journal-2.txt"
    grep -E 'dumped core' "$work/journal-2.txt" | head -n 2 | sed 's/^/info /'
    if [ -n "$upgrade_deb" ] && [ -n "$rollback_deb" ]; then
        up=$(dpkg-deb -f "$upgrade_deb" Version) down=$(dpkg-deb -f "$rollback_deb" Version)
        check "upgrade to $up with dpkg -i and no terminal: no conffile question" grep -q "upgrade: dpkg exit 0, version $up" "$work/steps.txt"
        check "the wall came back after the upgrade" grep -q 'wall up after the upgrade' "$work/steps.txt"
        check "rollback over a newer database refused" grep -q "rollback over schema 99: dpkg exit 1, version $up" "$work/steps.txt"
        check "the refusal says why, in one line" grep -q 'has schema version 99, which lobbywall .* cannot read' "$work/dpkg.txt"
        check "rollback to $down: no conffile question" grep -q "rollback: dpkg exit 0, version $down" "$work/steps.txt"
        check "the wall came back after the rollback" grep -q 'wall up after the rollback' "$work/steps.txt"
        check "conffile unchanged through upgrade and rollback" \
            bash -c "[ \"\$(sed -n 's/.*conffile before: //p' '$work/steps.txt')\" = \"\$(sed -n 's/.*conffile after: //p' '$work/steps.txt')\" ]"
    else
        echo "skip upgrade and rollback (--upgrade-deb and --rollback-deb not given)"
    fi
    ready=$(grep -m1 'Started lobbywall.service' "$work/journal-2.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
    [ -n "$ready" ] && echo "info second boot: lobbywall.service active at ${ready} s after kernel start"
    umount_root
fi

if [ "$second_boot" = yes ] && [ "$second_copy" = yes ]; then
    # 7. A second copy of the same image: another box. Nothing on its boot
    # partition: it names itself from its serial number and says on the TV
    # that it is not set up yet.
    prepare_copy "$work/disk-b.img" 4096
    start_vm "$work/serial-3.log" "$work/disk-b.img" "$work/OVMF_VARS-b.fd" 52:54:00:12:34:02 QEMU-SN-43
    check "second copy: lobbywall.service started" wall_started "second copy: "
    if kill -0 "$qemu_pid" 2>/dev/null; then
        sleep 20
        summary=$(shot wall-b) || summary=""
        echo "info screenshot $work/wall-b.png (second copy, not provisioned): $summary"
    fi
    wait_checks 600
    stop_vm
    mount_root || { echo "cannot mount the root partition of the second copy" >&2; exit 1; }
    cp "$mnt/var/log/lobbywall-test/identity.txt" "$work/identity-b.txt" 2>/dev/null || : >"$work/identity-b.txt"
    cp "$mnt/var/lib/lobbywall/provision-error.txt" "$work/notice-b.txt" 2>/dev/null || : >"$work/notice-b.txt"
    umount_root
    sed 's/^/info copy 2: /' "$work/identity-b.txt"
    sed 's/^/info copy 2 notice: /' "$work/notice-b.txt"
    value() { sed -n "s/^$2=//p" "$work/identity-$1.txt" | sort | tr '\n' ' '; }
    for key in machine-id dhcp-client-id ssh-host-key hostname; do
        a=$(value a "$key") b=$(value b "$key")
        check "two copies: $key differs (${a:0:24}... vs ${b:0:24}...)" \
            bash -c "[ -n '$a' ] && [ -n '$b' ] && [ '$a' != '$b' ]"
    done
    check "two copies: SSH host keys on each" \
        bash -c "[ \"\$(grep -c ^ssh-host-key= '$work/identity-a.txt')\" -ge 3 ] && [ \"\$(grep -c ^ssh-host-key= '$work/identity-b.txt')\" -ge 3 ]"
    check "second copy: named from its serial (lobbywall-mu-sn-43)" grep -qx 'hostname=lobbywall-mu-sn-43' "$work/identity-b.txt"
    check "second copy: the TV says it is not set up, with its name" \
        grep -q 'This screen is not set up yet: host name lobbywall-mu-sn-43' "$work/notice-b.txt"
fi

echo "== $pass passed, $fail failed; files in $work"
[ "$fail" -eq 0 ]
