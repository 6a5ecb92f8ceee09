#!/usr/bin/env bash
# The differential test: CASES seeded random and adversarial requests (default 3000, seed 1)
# through the Rust core, the Node package on its native engine and on its WebAssembly
# fallback, signhook-wasm in Node, the Python wheel, and the reference model; fails on any
# disagreement, printing the case. See tests/differential/README.md.
#
#   bash tests/differential/run.sh [CASES] [SEED]
#
# Builds the Rust runner (core/examples/differential.rs). The bindings must be built already:
# bash bindings-node/build.sh (the Node package and signhook-wasm's pkg/) and
# bash bindings-python/setup.sh (the wheel in bindings-python/.venv); scripts/test.sh has done
# both by the time it gets here.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cases="${1:-3000}"
seed="${2:-1}"

missing=()
[ -f bindings-node/lib/webhook.js ] || missing+=("the Node package: bash bindings-node/build.sh")
[ -f bindings-wasm/pkg/node.js ] || missing+=("signhook-wasm's pkg/: bash bindings-node/build.sh")
[ -x bindings-python/.venv/bin/python ] && bindings-python/.venv/bin/python -c 'import signhook' 2>/dev/null \
  || missing+=("the Python wheel: bash bindings-python/setup.sh")
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'build first:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

cargo build -q -p signhook --features serde --example differential
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
SIGNHOOK_DIFFERENTIAL_RUST="$target_dir/debug/examples/differential" \
  exec python3 tests/differential/run.py --cases "$cases" --seed "$seed"
