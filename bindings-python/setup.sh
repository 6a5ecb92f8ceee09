#!/usr/bin/env bash
# Builds the signhook wheel (incremental cargo, release profile) and installs it into
# bindings-python/.venv the way a user would (`pip install <wheel>`). Creates the virtualenv
# and installs the pinned tools from requirements-dev.txt when they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
# Reinstall the tools only when the pinned list changed since the last install.
if ! cmp -s "$here/requirements-dev.txt" "$venv/.requirements-dev.txt"; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements-dev.txt"
  cp "$here/requirements-dev.txt" "$venv/.requirements-dev.txt"
fi

rm -rf "$here/dist"
(cd "$here" && "$venv/bin/maturin" build --release --quiet --manifest-path Cargo.toml --out dist)
wheels=("$here"/dist/signhook-*.whl)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"
echo "installed ${wheels[0]##*/} into ${venv#"$here"/}"
