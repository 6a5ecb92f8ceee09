#!/usr/bin/env bash
# Tests signhook-wasm: builds the package, runs the shared JS suite (tests/js/, the same one the
# Node package runs) against the WebAssembly build, then the Workers runtime tests in workerd.
# Installs what it needs (see build.sh) and is quick when everything is in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash npm-ci.sh
bash build.sh

echo "== shared JS suite against the WebAssembly build (tests/js)"
(cd .. && SIGNHOOK_IMPL=wasm node --test tests/js/*.test.mjs)

echo "== signhook-wasm in workerd"
node --test test/workerd.test.mjs
