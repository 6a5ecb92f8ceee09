#!/usr/bin/env bash
# Runs every signhook test: the Rust core (format, lints, unit, vector, property and doc
# tests, the wasm32 build), each binding's own suite, then every distributable artifact built
# (scripts/dist.sh) and tested where users run it (scripts/test-platforms.sh).
# Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

for tool in cargo-fmt cargo-clippy; do
  command -v "$tool" >/dev/null || { echo "missing $tool: install the rustfmt and clippy components" >&2; exit 1; }
done

step "Rust: cargo fmt --check"
cargo fmt --all --check

step "Rust: cargo clippy"
cargo clippy --workspace --all-targets --all-features -q -- -D warnings

step "Rust: cargo test"
cargo test --workspace --all-features -q

step "Rust: the examples run"
cargo run -q -p signhook --example quickstart
cargo run -q -p signhook --example demo > /dev/null

step "README: every runnable example is a tested file"
python3 scripts/check_readme.py

step "Rust: the core builds for wasm32-unknown-unknown"
# shellcheck source=scripts/wasm-toolchain.sh
source scripts/wasm-toolchain.sh
wasm_cargo build --release -q -p signhook

step "Rust: fuzz smoke run"
bash scripts/fuzz-smoke.sh

step "Redis: a real redis-server (scripts/redis.sh) started, stopped, killed and restarted by the tests' helper"
# Fails, loudly, when no redis-server can be had: the tests that need one are never skipped.
node --test tests/redis/server.test.mjs

for binding in bindings-node bindings-python bindings-wasm; do
  if [ -f "$binding/test.sh" ]; then
    step "$binding"
    bash "$binding/test.sh"
  fi
done

step "Exactly once across languages: two Express and two Flask instances share one real Redis"
(cd bindings-node && node --test test/dedupe-mixed.test.mjs)

step "The demo (scripts/demo.sh without its builds): the runtimes agree, and an event runs once across two instances on one Redis"
node demo/run.mjs

step "Differential: 3000 seeded cases through Rust, Node (native and fallback), signhook-wasm, Python and the reference model"
bash tests/differential/run.sh 3000 1

step "Artifacts: every Linux package and wheel into dist/ (scripts/dist.sh)"
bash scripts/dist.sh

step "Artifacts: tested where users run them (scripts/test-platforms.sh)"
bash scripts/test-platforms.sh

step "all tests passed"
