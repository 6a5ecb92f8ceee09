#!/usr/bin/env bash
# Builds the `signhook` package in place, for this machine (incremental):
#   lib/webhook.js, lib/express.js   the shared JavaScript layer (../js/src), as CommonJS
#   lib/engine.js                    the engine loader (loader.js)
#   lib/wasm/                        the WebAssembly engine, the fallback (../bindings-wasm)
#   index.d.ts, express.d.ts         the shared declarations (../js/types)
#   signhook.<platform>.node         the native engine for this machine
# Installs the npm dependencies when needed. SIGNHOOK_NATIVE=skip leaves the native engine out
# (the package then runs on WebAssembly); scripts/dist.sh builds every platform's binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"

command -v node >/dev/null || { echo "node (18 or later) is required" >&2; exit 1; }
command -v cargo >/dev/null || { echo "cargo is required" >&2; exit 1; }

# npm ci only when node_modules is missing or older than the lockfile.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "building the WebAssembly engine"
bash "$root/bindings-wasm/build.sh"
rm -rf lib
mkdir -p lib/wasm
cp "$root"/bindings-wasm/pkg-nodejs/signhook_wasm.js "$root"/bindings-wasm/pkg-nodejs/signhook_wasm_bg.wasm lib/wasm/

echo "building the JavaScript layer"
node_modules/.bin/esbuild "$root"/js/src/*.js --format=cjs --platform=node --target=node18 \
  --outdir=lib --log-level=warning
cp loader.js lib/engine.js
cp "$root"/js/types/*.d.ts .
cp "$root"/LICENSE-MIT "$root"/LICENSE-APACHE .

if [ "${SIGNHOOK_NATIVE:-}" != skip ]; then
  echo "building the native engine"
  platform="$(node -p 'process.platform + "-" + process.arch')"
  case "$platform" in
    linux-*) if ldd --version 2>&1 | grep -qi musl; then platform+=-musl; else platform+=-gnu; fi ;;
    win32-*) platform+=-msvc ;;
  esac
  cargo build --release -q -p signhook-node
  target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  for lib in libsignhook_node.so libsignhook_node.dylib signhook_node.dll; do
    if [ -f "$target_dir/release/$lib" ]; then cp "$target_dir/release/$lib" "signhook.$platform.node"; fi
  done
  echo "built signhook.$platform.node"
fi
