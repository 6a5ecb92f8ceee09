#!/usr/bin/env bash
# Tests signhook-wasm in Cloudflare's Workers runtime (workerd), Deno and Bun, and the README's
# Node quick start. The shared JS suite runs against signhook-wasm in Node from
# bindings-node/test.sh (SIGNHOOK_IMPL=wasm), beside the native engine. Installs what it needs
# (see build.sh) and is quick when everything is in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash npm-ci.sh
bash build.sh

echo "== signhook-wasm in workerd; the Worker project bundled by Wrangler"
node --test test/workerd.test.mjs test/limits.test.mjs test/worker-project.test.mjs test/dedupe.test.mjs

echo "== the README's Node quick start, examples/express.mjs, on 127.0.0.1"
node --test test/examples.test.mjs

# Deno and Bun come from their npm packages, installed once into the cache. Deno gets no
# permission beyond reading the test vectors: the package's `deno` entry must load without any.
runtimes="${SIGNHOOK_CACHE:-$HOME/.cache/signhook}/runtimes"
if ! [ -x "$runtimes/node_modules/.bin/deno" ] || ! [ -x "$runtimes/node_modules/.bin/bun" ]; then
  echo "installing Deno and Bun from npm into $runtimes" >&2
  npm install --prefix "$runtimes" --no-save --no-audit --no-fund --loglevel=error deno@2.9.6 bun@1.4.5 >&2
fi
echo "== signhook-wasm in Deno and Bun; the native signhook in Bun"
NO_COLOR=1 "$runtimes/node_modules/.bin/deno" run --allow-read=../tests/vectors test/runtimes.mjs
"$runtimes/node_modules/.bin/bun" test/runtimes.mjs
"$runtimes/node_modules/.bin/bun" test/runtimes.mjs ../../bindings-node/index.mjs native
