#!/usr/bin/env bash
# Builds and installs the wheel (setup.sh), then tests the installed package: pytest from a
# directory where the source tree is not importable, mypy --strict on the quick starts in
# examples/ and the demo server, and stubtest of the shipped type stubs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup.sh"
py="$here/.venv/bin/python"
export MYPY_CACHE_DIR="$here/.venv/mypy-cache"

echo "-- pytest"
# The suite fails when fewer tests ran than this (pytest itself fails when none ran).
(cd "$here/tests" && SIGNHOOK_MIN_TESTS=500 "$py" -m pytest -q -p no:cacheprovider)

echo "-- mypy --strict examples/*.py demo/server.py"
(cd "$here" && "$py" -m mypy --strict examples/flask_app.py examples/django_app.py \
  examples/fastapi_app.py examples/starlette_app.py examples/aiohttp_app.py demo/server.py)

echo "-- mypy --strict the package itself"
(cd "$here" && "$py" -m mypy --strict python/signhook)

echo "-- stubtest signhook"
(cd "$here" && "$py" -m mypy.stubtest signhook)
