#!/usr/bin/env bash
# Boot test of the Debian disk image in QEMU: UEFI firmware -> GRUB -> systemd
# -> lobbywall-provision.service (files on the FAT partition) ->
# lobbywall.service (cage, seatd, Xwayland, Type=notify) -> the wall on the
# VM's DRM/KMS output. Not part of CTest: it needs root (loop mounts), QEMU,
# OVMF and minutes of CPU (no KVM needed; it is slow under TCG).
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
#   --one-boot       skip the second boot (no provisioning files: the wall
#                    must come back on its own, provisioning skipped)
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

work="" timeout=1200 display=virtio-vga memory=2048 accel=tcg second_boot=yes
lobbywall=$(dirname "$0")/../../build/app/lobbywall
while [ $# -gt 0 ]; do
    case $1 in
        --work) work=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --display) display=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --kvm) accel=kvm; shift ;;
        --one-boot) second_boot=no; shift ;;
        --lobbywall) lobbywall=$2; shift 2 ;;
        -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
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
ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd
ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.fd
for f in "$ovmf_code" "$ovmf_vars"; do
    [ -f "$f" ] || { echo "missing $f (packaging/setup.sh --with image)" >&2; exit 1; }
done
for tool in qemu-system-x86_64 mcopy mdir sfdisk python3 journalctl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (packaging/setup.sh --with image)" >&2; exit 1; }
done

[ -n "$work" ] || work=$(mktemp -d /tmp/lobbywall-qemu.XXXXXX)
mkdir -p "$work"
work=$(realpath "$work")
disk="$work/disk.img"
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

# 1. The copy, its kernel command line, the provisioning files.
log "copying $image to $disk"
cp --sparse=always "$image" "$disk"
mount_root || { echo "cannot mount the root partition of $disk" >&2; exit 1; }
hostname=$(cat "$mnt/etc/hostname")
sed -i -E '0,/^\s*linux /s#^(\s*linux .*)$#\1 console=tty0 console=ttyS0,115200n8 systemd.show_status=1 systemd.journald.forward_to_console=1#' \
    "$mnt/boot/grub/grub.cfg"
check "test kernel command line set (serial console)" grep -q "console=ttyS0" "$mnt/boot/grub/grub.cfg"
journal_before=$(find "$mnt/var/log/journal" -name '*.journal' 2>/dev/null | wc -l)
umount_root

read -r fat_start _ < <(partition 1)
fat="$disk@@$fat_start"
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
mcopy -o -i "$fat" "$work/lobbywall.toml" "$work/lobbywall-users.txt" ::/
check "provisioning files on the FAT partition" bash -c "mdir -b -i '$fat' ::/ | grep -qi lobbywall-users.txt && mdir -b -i '$fat' ::/ | grep -qix ::/lobbywall.toml"

# 2. Boot. start_vm SERIAL_LOG starts QEMU in the background.
cp "$ovmf_vars" "$work/OVMF_VARS.fd"
start_vm() {
    serial=$1
    rm -f "$serial" "$qmp_sock"
    log "booting ($accel, $display, ${memory} MB); serial console in $serial"
    started=$(date +%s)
    qemu-system-x86_64 -machine q35,accel="$accel" -smp 2 -m "$memory" \
        -drive if=pflash,format=raw,readonly=on,file="$ovmf_code" \
        -drive if=pflash,format=raw,file="$work/OVMF_VARS.fd" \
        -drive file="$disk",format=raw,if=virtio \
        -device "$display" -display none \
        -smbios type=1,serial=QEMU-SN-42 \
        -nic user,model=virtio-net-pci,restrict=on \
        -serial file:"$serial" -qmp unix:"$qmp_sock",server=on,wait=off \
        -no-reboot >>"$work/qemu.log" 2>&1 &
    qemu_pid=$!
}
start_vm "$serial"

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
wait_serial 'systemd\[1\]' 300 && echo "info systemd started $(since) s after QEMU started (UEFI, GRUB, kernel)"
check "UEFI firmware booted GRUB, the kernel and systemd" grep -aq 'systemd\[1\]' "$serial"
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
mount_root || { echo "cannot mount the root partition after the boot" >&2; exit 1; }
check "config installed with hostname and serial filled in" \
    grep -q "hospital_name = \"QEMU $hostname QEMU-SN-42\"" "$mnt/etc/lobbywall/lobbywall.toml"
# Numeric: the guest's lobbywall group is unknown to this machine.
check "installed config 640 root:lobbywall" \
    test "$(stat -c '%a %u:%g' "$mnt/etc/lobbywall/lobbywall.toml")" = "640 0:$(awk -F: '$1 == "lobbywall" {print $3}' "$mnt/etc/group")"
jdir="$mnt/var/log/journal"
journal() { journalctl -D "$jdir" -b 0 --no-pager "$@" 2>/dev/null; }
journal -o short-monotonic >"$work/journal.txt"
journal -o short-monotonic -u lobbywall-provision.service >"$work/journal-provision.txt"
journal -o short-monotonic -u lobbywall.service >"$work/journal-wall.txt"
echo "info guest journal: $work/journal.txt ($(wc -l <"$work/journal.txt") lines; journal files before boot: $journal_before)"
check "provisioning logged the installed config" grep -q 'installed /etc/lobbywall/lobbywall.toml' "$work/journal-provision.txt"
check "provisioning logged 2 accounts created" grep -q 'created 2 account(s)' "$work/journal-provision.txt"
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
    bash -c "! grep -Eiq 'Scheduled restart job|watchdog timeout' '$work/journal-wall.txt'"
check "lobbywall.service stopped cleanly at power-off" \
    bash -c "grep -q 'Stopped lobbywall.service' '$work/journal-wall.txt' && ! grep -Eq 'Main process exited|Failed with result' '$work/journal-wall.txt'"
check "no crash (SEGV, abort, core dump) in the journal" \
    bash -c "! grep -Eq 'SIGSEGV|status=11/SEGV|status=6/ABRT|Assertion .* failed|dumped core' '$work/journal.txt'"
first=$(grep -m1 'first frame on screen' "$work/journal-wall.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
ready=$(grep -m1 'Started lobbywall.service\|Started lobbywall social wall' "$work/journal.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
[ -n "$first" ] && echo "info first frame at ${first} s after kernel start (guest monotonic clock)"
[ -n "$ready" ] && echo "info lobbywall.service active at ${ready} s after kernel start"
grep -E 'renderer|drawing with|first frame|Started|Stopping|Stopped|exited|ABRT|Assertion' "$work/journal-wall.txt" |
    head -n 20 | sed 's/^/info wall: /'
umount_root

# 6. A second boot with nothing new on the FAT partition: no provisioning,
# the wall comes back with the installed config, the journal keeps both boots.
if [ "$second_boot" = yes ]; then
    start_vm "$work/serial-2.log"
    check "second boot: lobbywall.service started" wall_started "second boot: "
    if kill -0 "$qemu_pid" 2>/dev/null; then
        sleep 20
        check_wall_shot wall-3 " (second boot)" "second boot: screen shows the wall"
    fi
    stop_vm
    mount_root || { echo "cannot mount the root partition after the second boot" >&2; exit 1; }
    journal -o short-monotonic >"$work/journal-2.txt"
    check "journal kept across the reboot (2 boots listed)" \
        test "$(journalctl -D "$jdir" --list-boots --no-pager 2>/dev/null | grep -c .)" -ge 2
    check "second boot: provisioning skipped (no files)" \
        bash -c "journalctl -D '$jdir' -b 0 -u lobbywall-provision.service --no-pager | grep -q 'skipped'"
    check "second boot: config unchanged" \
        grep -q "hospital_name = \"QEMU $hostname QEMU-SN-42\"" "$mnt/etc/lobbywall/lobbywall.toml"
    check "second boot: lobbywall drew its first frame, no restart, no crash" \
        bash -c "grep -q 'first frame on screen' '$work/journal-2.txt' && ! grep -Eq 'Scheduled restart job|status=11/SEGV|status=6/ABRT' '$work/journal-2.txt'"
    ready=$(grep -m1 'Started lobbywall.service' "$work/journal-2.txt" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
    [ -n "$ready" ] && echo "info second boot: lobbywall.service active at ${ready} s after kernel start"
    umount_root
fi

echo "== $pass passed, $fail failed; files in $work"
[ "$fail" -eq 0 ]
