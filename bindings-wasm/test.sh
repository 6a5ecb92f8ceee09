#!/usr/bin/env bash
# Tests signhook-wasm in Cloudflare's Workers runtime (workerd), Deno and Bun. The shared JS suite runs
# against signhook-wasm in Node from bindings-node/test.sh (SIGNHOOK_IMPL=wasm), beside the
# native engine. Installs what it needs (see build.sh) and is quick when everything is in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash npm-ci.sh
bash build.sh

echo "== signhook-wasm in workerd"
node --test test/workerd.test.mjs test/limits.test.mjs

# Deno and Bun come from npm (dev dependencies). Deno gets no permission beyond reading the
# test vectors: the package's `deno` entry must load without any.
echo "== signhook-wasm in Deno and Bun; the native signhook in Bun"
NO_COLOR=1 node_modules/.bin/deno run --allow-read=../tests/vectors test/runtimes.mjs
node_modules/.bin/bun test/runtimes.mjs
node_modules/.bin/bun test/runtimes.mjs ../../bindings-node/index.mjs native
