#!/usr/bin/env bash
# Builds the `signhook` package (build.sh) and runs its tests: the declarations under
# `tsc --strict` (both packages export the same types), the shared JS suite (tests/js/) and the
# Express, Fastify and Koa tests against every engine a user can get (the native engine, the forced WebAssembly
# fallback, and signhook-wasm in Node), then what only the Node package promises.
# Installs what it needs; fast when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash build.sh

echo "type-checking the declarations, and their use from both packages under --strict"
npx --no-install tsc -p types/tsconfig.declarations.json
npx --no-install tsc -p types/tsconfig.json

for impl in native fallback wasm; do
  echo "shared JS suite, Express, Fastify and Koa tests (replies too): SIGNHOOK_IMPL=$impl"
  SIGNHOOK_IMPL=$impl node --test ../tests/js/*.test.mjs test/express.test.mjs test/frameworks.test.mjs test/replies.test.mjs
done

echo "Node package tests"
node --test test/node-api.test.mjs test/examples.test.mjs test/demo.test.mjs test/dedupe.test.mjs
