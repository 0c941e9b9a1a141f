#!/usr/bin/env bash
# Runs cgosan's checks in a fresh, minimal Debian 12 (bookworm), made with debootstrap and
# entered with chroot: no Docker needed, but root (chroot, mounts) and the Debian mirror.
#
#   scripts/fresh-debian.sh deb FILE.deb   apt-get install the package, then the installed-tree
#                                          test (tests/e2e/install_test.go, CGOSAN_INSTALLED=/usr)
#   scripts/fresh-debian.sh ci             .ci/run in a clean copy of this repository, timed: what
#                                          CI does on a brand-new machine, package installs included
#
# The bootstrapped system is kept in $CGOSAN_FRESH_DIR/base (default /srv/cgosan-fresh) and
# copied for each run, so every run starts from nothing installed; the copy is removed afterwards
# unless CGOSAN_FRESH_KEEP=1. Go is copied in from this machine's GOROOT (as CI's setup-go would
# provide it), with the Go modules the e2e suite needs from this machine's module cache.
# CGOSAN_FRESH_NO_RECOMMENDS=1 installs the package with --no-install-recommends (clang-14
# recommends llvm-14-dev, which apt otherwise installs too): cgosan needs no -dev package.
set -euo pipefail

mode=${1:-}
case "$mode" in
deb)
  deb=$(realpath "${2:?usage: scripts/fresh-debian.sh deb FILE.deb}")
  ;;
ci) ;;
*)
  echo "usage: scripts/fresh-debian.sh deb FILE.deb | ci" >&2
  exit 2
  ;;
esac
if [ "$(id -u)" != 0 ]; then
  echo "scripts/fresh-debian.sh: needs root (debootstrap, chroot, mount)" >&2
  exit 2
fi

src=$(cd "$(dirname "$0")/.." && pwd)
top=${CGOSAN_FRESH_DIR:-/srv/cgosan-fresh}
base=$top/base
run=$top/run-$$
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
goroot=$(go env GOROOT)
modcache=$(go env GOMODCACHE)

if [ ! -f "$base/.bootstrapped" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$mirror"
  # CI machines have TLS roots (the Go module proxy needs them); minbase has none.
  chroot "$base" apt-get install -y -qq --no-install-recommends ca-certificates
  touch "$base/.bootstrapped"
fi

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" || umount -l "${mounted[i]}" || true
  done
  # Never delete while anything is still mounted below the copy.
  if [ "${CGOSAN_FRESH_KEEP:-0}" != 1 ] && ! findmnt -rno TARGET | grep -q "^$run"; then
    rm -rf "$run"
  fi
}
trap cleanup EXIT

echo "fresh-debian: copying $base to $run"
cp -a "$base" "$run"
# The copy is its own mount point, so that a mount namespace inside can make "/" private (the
# installed-tree test mounts over the source tree in one).
mount --bind "$run" "$run" && mounted+=("$run")
mount -t proc proc "$run/proc" && mounted+=("$run/proc")
cp /etc/resolv.conf "$run/etc/resolv.conf"
mkdir -p "$run/usr/local" "$run/src/cgosan" "$run/root/goproxy"
cp -a "$goroot" "$run/usr/local/go"
# The e2e suite's module dependencies, served from a file proxy (go.sum still verifies them).
cp -a "$modcache/cache/download/." "$run/root/goproxy/"
# The repository as a fresh clone has it: tracked files only, no build trees.
git -C "$src" ls-files -z | tar -C "$src" --null -T - -cf - | tar -C "$run/src/cgosan" -xf -

env_in=(PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  HOME=/root GOPROXY=file:///root/goproxy GOSUMDB=off GOTOOLCHAIN=local DEBIAN_FRONTEND=noninteractive
  LANG=C.UTF-8)

if [ "$mode" = deb ]; then
  cp "$deb" "$run/root/"
  name=$(basename "$deb")
  apt_flags=""
  if [ "${CGOSAN_FRESH_NO_RECOMMENDS:-0}" = 1 ]; then apt_flags=--no-install-recommends; fi
  chroot "$run" env -i "${env_in[@]}" sh -ec "
    apt-get update -qq
    echo 'fresh-debian: apt-get install $apt_flags ./$name'
    apt-get install -y -qq $apt_flags ./root/$name
    echo 'fresh-debian: installed packages matching -dev (brought by clang itself):'
    dpkg-query -W -f='\${Package}\n' | grep -- -dev$ | tr '\n' ' '; echo
    cgosan version
    cd /src/cgosan
    CGOSAN_INSTALLED=/usr go test -count=1 -v -run 'TestInstalledTreeWorksWithoutBuildAndSourceTrees' ./tests/e2e/
  "
else
  start=$SECONDS
  chroot "$run" env -i "${env_in[@]}" sh -ec "
    apt-get update -qq
    cd /src/cgosan
    bash .ci/run
  "
  echo "fresh-debian: .ci/run on a fresh Debian 12 took $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
fi
