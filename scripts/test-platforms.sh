#!/usr/bin/env bash
# Tests the artifacts in dist/ (scripts/dist.sh) where users run them:
#   - the glibc builds need nothing newer than glibc 2.17; the musl builds link only musl;
#   - the core's Rust tests pass as a static x86_64-unknown-linux-musl binary;
#   - the shipped linux-x64-gnu engine passes the shared JS suite and the Express tests;
#   - the linux-arm64-gnu engine passes the shared JS suite under qemu-user, in an arm64
#     Debian 12 userland with its own Node 18;
#   - the linux-x64-gnu engine passes the vector suite in a Debian 11 (glibc 2.31) userland;
#   - the packed npm packages install into a fresh project and run the Express quick starts;
#   - the Python wheels (bindings-python/test-dist.sh, when present).
# Installs what it needs (scripts/cross-toolchain.sh, scripts/userland.sh), cached between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dist="$root/dist"
step() { printf '\n== %s\n' "$*"; }

# shellcheck source=cross-toolchain.sh
source scripts/cross-toolchain.sh
# shellcheck source=userland.sh
source scripts/userland.sh

node_dir="$root/bindings-node"
engine() { printf '%s/npm/%s/signhook.%s.node' "$node_dir" "$1" "$1"; }

step "glibc builds need at most GLIBC_2.17; musl builds link only musl"
for platform in linux-x64-gnu linux-arm64-gnu; do
  newest="$(objdump -T "$(engine $platform)" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
  if [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -1)" != GLIBC_2.17 ]; then
    echo "FAIL: signhook.$platform.node needs $newest (the baseline is GLIBC_2.17)" >&2
    exit 1
  fi
  echo "ok: signhook.$platform.node needs at most $newest"
done
for platform in linux-x64-musl linux-arm64-musl; do
  needed="$(readelf -d "$(engine $platform)" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u | tr '\n' ' ')"
  if [ "$needed" != "libc.so " ] || objdump -T "$(engine $platform)" | grep -q GLIBC_; then
    echo "FAIL: signhook.$platform.node needs: $needed (only musl's libc.so expected)" >&2
    exit 1
  fi
  echo "ok: signhook.$platform.node needs only $needed"
done

step "the core's unit, vector and property tests as a static x86_64-unknown-linux-musl binary"
cross_cargo x86_64-unknown-linux-musl test -q -p signhook --release --lib --tests

# The shipped engines replace the development build for the next steps (build.sh puts the
# development build back).
cp "$(engine linux-x64-gnu)" "$(engine linux-arm64-gnu)" "$node_dir/"

step "the shipped linux-x64-gnu engine: shared JS suite and Express tests"
(cd "$node_dir" && SIGNHOOK_IMPL=native node --test ../tests/js/*.test.mjs test/express.test.mjs)

step "linux-arm64-gnu under qemu-user, Debian 12 arm64 with its own Node"
arm64="$(userland_arm64)"
echo "node $(in_arm64 /usr/bin/node --version) ($(in_arm64 /usr/bin/node -p process.arch)) from $arm64"
# Each file runs in the emulated process itself: `node --test` would start its workers with the
# host's own node.
for file in "$root"/tests/js/*.test.mjs "$node_dir"/test/express.test.mjs; do
  echo "-- ${file#"$root"/}"
  (cd "$node_dir" && SIGNHOOK_IMPL=native in_arm64 /usr/bin/node "$file" | grep -E '^# (tests|pass|fail)')
done

step "linux-x64-gnu in Debian 11 (glibc 2.31)"
userland_bullseye >/dev/null
in_bullseye sh -c 'ldd --version | head -1'
in_bullseye env SIGNHOOK_IMPL=native sh -c "cd '$node_dir' && node --test ../tests/js/vectors.test.mjs"

step "npm install from the tarballs, Express quick starts (ESM, CommonJS, fallback)"
SIGNHOOK_DIST="$dist" node --test tests/install/npm.test.mjs

if [ -f bindings-python/test-dist.sh ]; then
  step "Python wheels and sdist"
  bash bindings-python/test-dist.sh "$dist"
fi
