#!/usr/bin/env bash
# Installs bindings-wasm's npm dev dependencies (miniflare with workerd, binaryen) with
# `npm ci`, only when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "wasm: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
