#!/usr/bin/env bash
# The loopback load test: each server in turn on 127.0.0.1, REQUESTS requests each
# (default 100000; 80% genuine, 10% forged, 10% tampered), CONCURRENCY connections.
# Needs the Node and Python packages built (bash scripts/test.sh does that).
#   bash tests/load/run.sh            REQUESTS=20000 bash tests/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${REQUESTS:-100000}"
concurrency="${CONCURRENCY:-32}"
py=bindings-python/.venv/bin/python

run() {
  local name=$1; shift
  local out; out=$(mktemp)
  "$@" > "$out" 2> /dev/null &  # servers log each request on stderr
  local pid=$!
  for _ in $(seq 100); do grep -q '^listening ' "$out" && break; sleep 0.1; done
  local port; port=$(sed -n 's/^listening //p' "$out")
  [ -n "$port" ] || { echo "$name did not start" >&2; kill "$pid"; exit 1; }
  printf '%-22s ' "$name"
  node tests/load/client.mjs "http://127.0.0.1:$port" "$pid" "$requests" "$concurrency"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
}

run "express + signhook" node bindings-node/demo/server.mjs
run "express + recipe" node tests/load/recipe-express.mjs
run "flask + signhook" "$py" bindings-python/demo/server.py
run "flask + recipe" "$py" tests/load/recipe_flask.py
