#!/usr/bin/env bash
# Tests signhook-wasm in Cloudflare's Workers runtime (workerd). The shared JS suite runs
# against signhook-wasm in Node from bindings-node/test.sh (SIGNHOOK_IMPL=wasm), beside the
# native engine. Installs what it needs (see build.sh) and is quick when everything is in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash npm-ci.sh
bash build.sh

echo "== signhook-wasm in workerd"
node --test test/workerd.test.mjs
