#!/usr/bin/env bash
# Builds the WebAssembly engine and the npm package signhook-wasm:
#   bindings-wasm/pkg/            the package's files (shipped)
#     signhook_wasm_bg.wasm       the optimized module (one for every runtime)
#     signhook_wasm.js            wasm-bindgen's glue (--target web)
#     engine.js                   the engine interface over the glue (js/engine.js)
#     webhook.js, express.js      the shared JavaScript layer (../js/src)
#     node.js, workers.js         entries: read the .wasm file / import it as a module, initSync
#     deno.js                     entry for Deno: the module's bytes inlined (no --allow-read)
#     express-node.js             entry of signhook-wasm/express
#     index.d.ts, express.d.ts    the shared declarations (../js/types)
#   bindings-wasm/pkg-nodejs/     the same module with CommonJS glue (--target nodejs): the
#                                 fallback engine the `signhook` package ships in lib/wasm/
# Installs what it needs (wasm toolchain, wasm-bindgen-cli of the pinned version, the npm dev
# dependencies with wasm-opt) idempotently; skips the Rust build when nothing changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

# shellcheck source=../scripts/wasm-toolchain.sh
source scripts/wasm-toolchain.sh

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  echo "wasm: installing wasm-bindgen-cli $want (found: ${have:-none})" >&2
  cargo install wasm-bindgen-cli --version "$want"
fi

# wasm-opt comes with the npm package binaryen (a dev dependency): Debian's binaryen is too
# old for the features Rust's wasm32 target now emits.
bash "$here/npm-ci.sh"

# The release profile of this build only (the root Cargo.toml sets lto = true and
# codegen-units = 1). opt-level 3 rather than "z": measured in workerd, "z" and "s" halve the
# speed of HMAC-SHA256 and JSON parsing for 25% less size (66 KB instead of 81 KB gzipped).
# wasm-opt -Oz below then shrinks without costing speed. SIGNHOOK_WASM_OPT_LEVEL overrides.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${SIGNHOOK_WASM_OPT_LEVEL:-3}"
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false
wasm_cargo build --release -q -p signhook-wasm

target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
module="$target_dir/wasm32-unknown-unknown/release/signhook_wasm.wasm"

# Rust's wasm32 target emits these post-MVP features; every current engine has them.
optimize() {
  "$here/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    -o "$1" "$1"
}

out="$here/pkg"
rm -rf "$out" "$here/pkg-nodejs"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name signhook_wasm "$module"
optimize "$out/signhook_wasm_bg.wasm"
wasm-bindgen --target nodejs --no-typescript --out-dir "$here/pkg-nodejs" --out-name signhook_wasm "$module"
optimize "$here/pkg-nodejs/signhook_wasm_bg.wasm"

cp "$here"/js/*.js "$here"/js/*.d.ts "$out/"
# Deno's entry imports the module's bytes from JavaScript, so it needs no read permission.
printf '// The WebAssembly module, inlined for the Deno entry (deno.js).\nexport default Uint8Array.from(atob("%s"), (c) => c.charCodeAt(0));\n' \
  "$(base64 -w0 "$out/signhook_wasm_bg.wasm")" > "$out/signhook_wasm_inline.js"
cp "$root"/js/src/*.js "$out/"
cp "$root"/js/types/*.d.ts "$out/"
cp "$root"/LICENSE-MIT "$root"/LICENSE-APACHE "$here/"

raw=$(wc -c <"$out/signhook_wasm_bg.wasm")
gz=$(gzip -9 -c "$out/signhook_wasm_bg.wasm" | wc -c)
echo "built bindings-wasm/pkg: signhook_wasm_bg.wasm $raw bytes, $gz gzipped"
