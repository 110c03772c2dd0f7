#!/usr/bin/env bash
# packaging/repo/make-repo.sh end to end: a throw-away signing key, the
# package in a reprepro repository, then apt (with its own folders, nothing
# of this machine's apt touched) reads the repository through a file:// URI
# with the exported key as Signed-By, as a box does after provisioning:
# the signature checks out and lobbywall is offered in its version. A wrong
# key makes apt refuse the repository. Skipped (77) without reprepro or gpg.
#
#   test_repo.sh DEB_DIR VERSION
set -euo pipefail

deb_dir=$1 version=$2
for tool in reprepro gpg apt-get; do
    command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
debs=("$deb_dir"/lobbywall_"$version"_*.deb)
[ -f "${debs[0]}" ] || { echo "FAIL: no package $version in $deb_dir" >&2; exit 1; }
work=$(mktemp -d)
trap 'gpgconf --homedir "$work/gnupg" --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export GNUPGHOME="$work/gnupg"
mkdir -m 0700 "$GNUPGHOME"
# key_for NAME: a new ed25519 signing key without a passphrase; prints its fingerprint.
key_for() {
    gpg --batch --quiet --passphrase '' --quick-gen-key "$1 <$1@lobbywall.test>" ed25519 sign never 2>/dev/null
    gpg --batch --with-colons --list-secret-keys "$1" | awk -F: '$1 == "fpr" {print $10; exit}'
}
key=$(key_for "lobbywall repo test")
[ -n "$key" ] || fail "no key was made"

"$(dirname "$0")/../../packaging/repo/make-repo.sh" --key "$key" "$work/repo" "${debs[0]}" >"$work/make.log" 2>&1 ||
    fail "make-repo.sh failed: $(cat "$work/make.log")"
[ -f "$work/repo/dists/bookworm/InRelease" ] || fail "no signed InRelease"
grep -q '^Origin: lobbywall$' "$work/repo/dists/bookworm/Release" || fail "the Release file has no Origin: lobbywall"
grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$work/repo/lobbywall-archive-keyring.asc" || fail "no exported key"

# apt_sees KEYFILE: apt-get update against the repository with its own state;
# prints apt-cache policy's candidate for lobbywall.
apt_sees() {
    local dir
    dir="$work/apt-$(basename "$1")"
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/etc/sources.list.d" "$dir/etc/preferences.d" "$dir/etc/apt.conf.d"
    : >"$dir/status"
    cat >"$dir/etc/sources.list.d/lobbywall.sources" <<SOURCES
Types: deb
URIs: file://$work/repo
Suites: bookworm
Components: main
Signed-By: $1
SOURCES
    local opts=(-o "Dir::Etc=$dir/etc" -o "Dir::Etc::sourcelist=/dev/null" -o "Dir::State::Lists=$dir/lists"
        -o "Dir::State::status=$dir/status" -o "Dir::Cache=$dir/cache" -o "APT::Architecture=$(dpkg --print-architecture)"
        -o "Debug::NoLocking=1")
    apt-get "${opts[@]}" update >"$dir/update.log" 2>&1 || true
    apt-cache "${opts[@]}" policy lobbywall 2>/dev/null | sed -n 's/^ *Candidate: //p'
}
candidate=$(apt_sees "$work/repo/lobbywall-archive-keyring.asc")
[ "$candidate" = "$version" ] || fail "apt offers '$candidate', expected $version: $(cat "$work"/apt-lobbywall-archive-keyring.asc/update.log)"

# Signed by someone else: apt refuses the repository.
other=$(key_for "someone else")
gpg --batch --armor --export "$other" >"$work/other.asc"
candidate=$(apt_sees "$work/other.asc")
[ -z "$candidate" ] || [ "$candidate" = "(none)" ] || fail "apt accepted a repository signed with another key (candidate $candidate)"
grep -q "NO_PUBKEY\|not signed\|signatures couldn't be verified" "$work/apt-other.asc/update.log" ||
    fail "apt did not say why: $(cat "$work/apt-other.asc/update.log")"
echo "ok: repository signed, read by apt, a foreign key refused"
