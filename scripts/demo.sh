#!/usr/bin/env bash
# The demo: signs sample webhooks of every provider, delivers them, replays, tampers and
# forges, and prints what signhook decided.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Rust core"
cargo run -q -p signhook --example demo
