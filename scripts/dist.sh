#!/usr/bin/env bash
# Builds every artifact this machine can build into dist/:
#   signhook-<v>.tgz                  the npm package (JavaScript layer, WebAssembly fallback)
#   signhook-linux-<arch>-<libc>-<v>.tgz   its native engines for x64 and arm64, glibc 2.17+ and musl
#   signhook-wasm-<v>.tgz             the WebAssembly package
#   signhook-<v>-cp39-abi3-*.whl, signhook-<v>.tar.gz   the Python wheels and sdist
#                                     (bindings-python/dist.sh)
# macOS and Windows artifacts are built by .github/workflows/release.yml on their own runners.
# Installs what it needs (scripts/cross-toolchain.sh); cargo skips what is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dist="$root/dist"

# shellcheck source=cross-toolchain.sh
source scripts/cross-toolchain.sh

rm -rf "$dist"
mkdir -p "$dist"

echo "dist: the JavaScript layer and the WebAssembly engine" >&2
SIGNHOOK_NATIVE=skip bash bindings-node/build.sh >&2

declare -A rust_target=(
  [linux-x64-gnu]=x86_64-unknown-linux-gnu
  [linux-arm64-gnu]=aarch64-unknown-linux-gnu
  [linux-x64-musl]=x86_64-unknown-linux-musl
  [linux-arm64-musl]=aarch64-unknown-linux-musl
)
for platform in linux-x64-gnu linux-arm64-gnu linux-x64-musl linux-arm64-musl; do
  target="${rust_target[$platform]}"
  echo "dist: the native engine for $platform ($target)" >&2
  # Shipped binaries carry no symbol tables.
  CARGO_PROFILE_RELEASE_STRIP=symbols cross_cargo "$target" build --release -q -p signhook-node
  package="bindings-node/npm/$platform"
  cp "$(cross_artifact_dir "$target")/libsignhook_node.so" "$package/signhook.$platform.node"
  cp LICENSE-MIT LICENSE-APACHE "$package/"
done

echo "dist: npm tarballs" >&2
for package in bindings-node/npm/linux-* bindings-wasm; do
  (cd "$package" && npm pack --pack-destination "$dist" --loglevel=error >/dev/null)
done
# The platform packages become optionalDependencies of the published package only (as
# napi-rs's prepublish does): in development they are not on the registry yet, and npm ci
# needs a lock file without them.
cp bindings-node/package.json bindings-node/package.json.orig
trap 'mv bindings-node/package.json.orig bindings-node/package.json' EXIT
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("bindings-node/package.json", "utf8"));
  pkg.optionalDependencies = {};
  for (const dir of fs.readdirSync("bindings-node/npm").sort()) {
    pkg.optionalDependencies[`signhook-${dir}`] = pkg.version;
  }
  fs.writeFileSync("bindings-node/package.json", JSON.stringify(pkg, null, 2) + "\n");
'
(cd bindings-node && npm pack --pack-destination "$dist" --loglevel=error >/dev/null)
mv bindings-node/package.json.orig bindings-node/package.json
trap - EXIT

if [ -f bindings-python/dist.sh ]; then
  echo "dist: Python wheels and sdist" >&2
  bash bindings-python/dist.sh "$dist" >&2
fi

ls -l "$dist" >&2
