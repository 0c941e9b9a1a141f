#!/usr/bin/env bash
# Installs what cgosan needs to build and test on Debian 12, and nothing that is already there.
# Idempotent: run it as often as you like. Usage: scripts/setup-deps.sh [LLVM_VERSION...]
# With CGOSAN_E2E_DEPS=0, only what the build and the pass tests need (make check-llvm16).
set -euo pipefail

versions=("${@:-14}")
need=(cmake ninja-build make python3 libgtest-dev nlohmann-json3-dev)
for v in "${versions[@]}"; do
  # libclang-N-dev and libclang-cppN-dev: Clang's libTooling, for `cgosan vet`.
  need+=("clang-$v" "llvm-$v-dev" "llvm-$v-tools" "libclang-$v-dev" "libclang-cpp$v-dev")
done
# libomp (LLVM's OpenMP, what `clang -fopenmp` links) for the OpenMP end-to-end test, for the
# first version only: Debian's libomp-N-dev packages conflict with each other. libgomp comes with
# the C compiler.
if [ "${CGOSAN_E2E_DEPS:-1}" != 0 ]; then
  need+=("libomp-${versions[0]}-dev")
fi

missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "cgosan setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v go >/dev/null 2>&1; then
  echo "cgosan setup: Go is not on PATH; install Go 1.21 or newer (https://go.dev/doc/install)" >&2
  exit 1
fi
