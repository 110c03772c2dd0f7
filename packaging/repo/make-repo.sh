#!/usr/bin/env bash
# make-repo.sh: a signed apt repository of lobbywall packages that hospital IT
# hosts on any web server (or a file share), built with reprepro. Boxes get
# its address and signing key from the boot partition (lobbywall-apt.txt,
# lobbywall-apt.asc: packaging/README.md) and unattended-upgrades installs new
# versions at night.
#
#   packaging/repo/make-repo.sh --key KEY REPO_DIR DEB...
#
#   --key KEY     the OpenPGP key (id or fingerprint) in your gpg keyring
#                 that signs the repository; its public half is written to
#                 REPO_DIR/lobbywall-archive-keyring.asc for the boxes
#   REPO_DIR      created when missing (conf/distributions is written once,
#                 then yours to edit); serve the whole folder
#   DEB...        lobbywall_<version>-<revision>_<arch>.deb files (amd64,
#                 arm64); a version already in the repository is refused by
#                 reprepro: raise the Debian revision for a rebuilt package
#
# Needs reprepro and gnupg. GNUPGHOME picks another keyring.
set -euo pipefail

key=""
while [ $# -gt 0 ]; do
    case $1 in
        --key) key=$2; shift 2 ;;
        -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
        -*) echo "make-repo: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ -z "$key" ] || [ $# -lt 2 ]; then echo "usage: $0 --key KEY REPO_DIR DEB..." >&2; exit 2; fi
repo=$1
shift
for tool in reprepro gpg; do
    command -v "$tool" >/dev/null || { echo "make-repo: $tool is missing (apt-get install reprepro gnupg)" >&2; exit 1; }
done
gpg --batch --list-secret-keys "$key" >/dev/null 2>&1 ||
    { echo "make-repo: no secret key '$key' in the gpg keyring (gpg --list-secret-keys)" >&2; exit 1; }

mkdir -p "$repo/conf"
if [ ! -f "$repo/conf/distributions" ]; then
    # Origin "lobbywall" is what the boxes' unattended-upgrades allows.
    cat >"$repo/conf/distributions" <<CONF
Origin: lobbywall
Label: lobbywall
Codename: bookworm
Architectures: amd64 arm64
Components: main
Description: lobbywall packages for hospital lobby screens
SignWith: $key
CONF
    printf 'verbose\n' >"$repo/conf/options"
fi
for deb in "$@"; do
    reprepro --basedir "$repo" includedeb bookworm "$deb"
done
gpg --batch --armor --export "$key" >"$repo/lobbywall-archive-keyring.asc"
echo "make-repo: $repo holds: $(reprepro --basedir "$repo" list bookworm | tr '\n' ';')"
echo "make-repo: give the boxes $repo/lobbywall-archive-keyring.asc as lobbywall-apt.asc"
