#!/usr/bin/env bash
# Installs the npm dependencies when needed and builds the native module (incremental).
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "node (20 or later) is required" >&2; exit 1; }
command -v cargo >/dev/null || { echo "cargo is required" >&2; exit 1; }

# npm ci only when node_modules is missing or older than the lockfile.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "building the native module"
npx --no-install napi build --platform --release --js native.js --dts native.d.ts
