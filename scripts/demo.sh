#!/usr/bin/env bash
# The demo: builds what it needs, then
#  1. the Rust core signs, verifies, replays, tampers and forges the sample events;
#  2. an Express server (Node package), a Flask server (Python wheel) and a Worker in workerd
#     (WebAssembly package) on 127.0.0.1 receive the same signed deliveries, and one table
#     shows what each answered. Exits non-zero if the runtimes disagree;
#  3. two instances of the Express example with a DedupeGuard share one real Redis: an event
#     delivered to one and redelivered to the other runs its handler once.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building (first run on a new machine takes a few minutes)"
bash bindings-node/build.sh > /dev/null
bash bindings-python/setup.sh > /dev/null
bash bindings-wasm/build.sh > /dev/null

printf '\n== Rust core\n'
cargo run -q -p signhook --example demo

printf '\n== Express (Node), Flask (Python) and a Worker in workerd (WebAssembly) on 127.0.0.1\n'
node demo/run.mjs
