#!/usr/bin/env bash
# Builds the native module and runs the Node package's tests: the type check, the shared JS
# suite in tests/js/ (also run against the WebAssembly package) and the Express tests.
# Installs what it needs; fast when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

bash build.sh

echo "type-checking the declarations"
npx --no-install tsc -p types/tsconfig.json

echo "running the tests"
node --test ../tests/js/*.test.mjs test/*.test.mjs
