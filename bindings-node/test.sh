#!/usr/bin/env bash
# Builds the native module and runs the Node package's tests: the type check, the shared JS
# suite in tests/js/ (also run against the WebAssembly package) and the Express tests.
# Installs what it needs; fast when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

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

echo "type-checking the declarations"
npx --no-install tsc -p types/tsconfig.json

echo "running the tests"
node --test ../tests/js/*.test.mjs test/*.test.mjs
