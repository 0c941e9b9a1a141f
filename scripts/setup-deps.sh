#!/usr/bin/env bash
# Installs what cgosan needs to build and test on Debian 12, and nothing that is already there.
# Idempotent: run it as often as you like. Usage: scripts/setup-deps.sh [LLVM_VERSION...]
# (14, 15, 16 or 19; default 14). With CGOSAN_E2E_DEPS=0, only what the build and the pass tests
# need (CI's pass-only runs, or building cgosan to use it).
#
# The OpenMP end-to-end test links LLVM's OpenMP runtime of the LLVM under test, from
# libomp-N-dev. Debian's libomp-N-dev (and libomp5-N) packages conflict with one another, so
# only one can be installed: if another version's is, the packages of version N are downloaded
# and unpacked into $CGOSAN_LIBOMP_DIR instead (the Makefile points the e2e suite at them), and
# the installed one is left alone.
set -euo pipefail

versions=("${@:-14}")
for v in "${versions[@]}"; do
  case "$v" in
  14 | 15 | 16 | 19) ;;
  *)
    echo "cgosan setup: LLVM '$v' is not supported (14, 15, 16 or 19)" >&2
    exit 2
    ;;
  esac
done

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
updated=0
apt_update() {
  if [ "$updated" = 0 ]; then
    $SUDO apt-get update -qq
    updated=1
  fi
}

need=(cmake ninja-build make python3 libgtest-dev nlohmann-json3-dev)
for v in "${versions[@]}"; do
  # libclang-N-dev and libclang-cppN-dev: Clang's libTooling, for `cgosan vet`.
  need+=("clang-$v" "llvm-$v-dev" "llvm-$v-tools" "libclang-$v-dev" "libclang-cpp$v-dev")
done
# Unpacked instead of installed: the libomp versions that conflict with an installed one.
unpack_omp=()
if [ "${CGOSAN_E2E_DEPS:-1}" != 0 ]; then
  # The end-to-end suite compares with plain `go build`, which compiles cgo code with Go's
  # default C compiler (gcc; without one, Go turns cgo off), and hides trees with unshare/mount.
  need+=(gcc util-linux mount)
  for v in "${versions[@]}"; do
    if installed "libomp-$v-dev"; then
      continue
    fi
    other=$({ dpkg-query -W -f='${Package} ${Status}\n' 'libomp-*-dev' 2>/dev/null || true; } |
      awk '/install ok installed/ {print $1}' | head -n1)
    if [ -z "$other" ] && [ "$v" = "${versions[0]}" ]; then
      need+=("libomp-$v-dev")
    else
      unpack_omp+=("$v")
    fi
  done
fi

missing=()
for p in "${need[@]}"; do
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "cgosan setup: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for v in "${unpack_omp[@]}"; do
  dir=${CGOSAN_LIBOMP_DIR:?CGOSAN_LIBOMP_DIR must name a directory for LLVM $v\'s libomp}
  if [ -f "$dir/.complete" ]; then
    continue
  fi
  echo "cgosan setup: unpacking libomp-$v-dev into $dir (another libomp-N-dev is installed)"
  apt_update
  rm -rf "$dir"
  mkdir -p "$dir/debs"
  (cd "$dir/debs" && apt-get download -qq "libomp-$v-dev" "libomp5-$v" 2>&1 | grep -v "unsandboxed" || true)
  for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dir"
  done
  if ! ls "$dir"/usr/lib/llvm-"$v"/lib/clang/*/include/omp.h >/dev/null 2>&1; then
    echo "cgosan setup: libomp-$v-dev did not unpack (no omp.h under $dir)" >&2
    exit 1
  fi
  rm -rf "$dir/debs"
  touch "$dir/.complete"
done

if ! command -v go >/dev/null 2>&1; then
  echo "cgosan setup: Go is not on PATH; install Go 1.21 or newer (https://go.dev/doc/install)" >&2
  exit 1
fi
